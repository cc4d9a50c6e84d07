"""`make demo`'s server (scripts/demo_serve.py): gunicorn with deploy/gunicorn.conf.py and
DEBUG off on the chosen port, our own 404 page, styled, and Ctrl-C stops everything."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "demo_serve.py"


def _env(tmp_path) -> dict:
    dropped = {"SECRET_KEY", "KINERJA_ENV", "DEBUG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    return {**env, "KINERJA_VAR_DIR": str(tmp_path), "KINERJA_WORKERS": "1"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Accept-Language": "id"})
        response = conn.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        conn.close()


def test_the_demo_server_serves_our_pages_on_the_port_and_stops_on_ctrl_c(tmp_path):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, str(SCRIPT), "--port", str(port)],
        cwd=ROOT, env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, start_new_session=True,
    )  # fmt: skip
    try:
        lines = []
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = server.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "Tekan Ctrl-C" in line:
                break
        output = "".join(lines)
        assert f"Kinerja demo berjalan di http://127.0.0.1:{port}/" in output, output
        status, body = _get(port, "/tidak-ada-halaman-ini/")
        assert status == 404 and "Halaman atau data yang Anda cari tidak ada" in body
        assert "Page not found" not in body
        assert _get(port, "/static/kinerja/app.css")[0] == 200
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=60) == 0
        assert "Menghentikan demo" in server.stdout.read()
        try:
            _get(port, "/sehat/")
            stopped = False
        except OSError:
            stopped = True
        assert stopped, "gunicorn masih menjawab setelah Ctrl-C"
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_a_busy_port_gets_a_clear_message(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, str(SCRIPT), "--port", str(port)],
            cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert result.returncode == 1
    assert f"Port {port} sudah dipakai" in result.stdout and "make demo PORT=" in result.stdout
