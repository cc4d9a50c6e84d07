"""Serve the demo as production serves it: gunicorn with deploy/gunicorn.conf.py, DEBUG off
(so visitors see Kinerja's own 404/403/500 pages), static files through WhiteNoise, and the
background worker when this version has one (``manage.py db_worker``). Ctrl-C stops both.

Run by ``make demo`` (``make demo PORT=8010`` for another port).
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def healthy(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=2)
        conn.request("GET", "/sehat/")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except (OSError, http.client.HTTPException):
        return False


def has_worker_command(env: dict) -> bool:
    result = subprocess.run(
        [sys.executable, "manage.py", "help", "db_worker"],
        cwd=ROOT, env=env, capture_output=True, check=False,
    )  # fmt: skip
    return result.returncode == 0


def start(args: list[str], env: dict) -> subprocess.Popen:
    # Own process group: Ctrl-C reaches this script, which then stops each child cleanly.
    return subprocess.Popen(args, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
    port = parser.parse_args().port
    if not port_is_free(port):
        print(f"Port {port} sudah dipakai program lain. Pilih port lain: make demo PORT=8010")
        return 1
    env = {
        **os.environ,
        "DEBUG": "false",
        "KINERJA_BIND": f"{HOST}:{port}",
        "KINERJA_WORKERS": os.environ.get("KINERJA_WORKERS", "2"),
        "KINERJA_ACCESS_LOG": "",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    # Also when started with SIGINT ignored (a background job of a script).
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    processes = []
    try:
        processes.append(
            start(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "-c",
                    "deploy/gunicorn.conf.py",
                    "--log-level",
                    "warning",
                ],
                env,
            )  # fmt: skip
        )
        worker = has_worker_command(env)
        if worker:
            processes.append(start([sys.executable, "manage.py", "db_worker"], env))
        deadline = time.monotonic() + 60
        while not healthy(port):
            if processes[0].poll() is not None or time.monotonic() > deadline:
                print("Server demo gagal dinyalakan; lihat pesan di atas.")
                return 1
            time.sleep(0.3)
        print()
        print(f"Kinerja demo berjalan di http://{HOST}:{port}/  (masuk di /masuk/)")
        if worker:
            print("Pekerja tugas latar (db_worker) juga berjalan.")
        print("Tekan Ctrl-C untuk berhenti.")
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
        print("Sebuah proses demo berhenti sendiri; yang lain ikut dihentikan.")
        return 1
    except KeyboardInterrupt:
        print("\nMenghentikan demo...")
        return 0
    finally:
        stop(processes)


if __name__ == "__main__":
    sys.exit(main())
