"""The files in deploy/ are checked: by the real tools where the machine has them
(scripts/check_deploy.sh), and always by reading them against the app's own settings.
The gunicorn config is the one a test starts."""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from runpy import run_path

import pytest
import yaml
from django.conf import settings

from kinerja.skp.services.realisasi import max_bytes as evidence_max_bytes

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SCRIPT = ROOT / "scripts" / "check_deploy.sh"
SKIPPED = 77


def _env(**extra) -> dict:
    dropped = {"SECRET_KEY", "KINERJA_ENV", "DEBUG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    dropped |= {k for k in os.environ if k.startswith("KINERJA_")}
    return {**{k: v for k, v in os.environ.items() if k not in dropped}, **extra}


@pytest.mark.parametrize("tool", ["systemd", "nginx", "compose"])
def test_the_real_tool_accepts_the_deploy_file(tool):
    result = subprocess.run(
        ["bash", str(SCRIPT), tool],
        env=_env(PYTHON=sys.executable), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if result.returncode == SKIPPED:
        pytest.skip(result.stdout.strip())
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"OK {tool}")


def test_the_check_script_fails_on_a_broken_unit(tmp_path):
    """The script must be able to fail: a copy of the tree with a unit key misspelt."""
    if subprocess.run(["which", "systemd-analyze"], capture_output=True).returncode:
        pytest.skip("systemd-analyze tidak ada")
    copy = tmp_path / "repo"
    (copy / "deploy" / "systemd").mkdir(parents=True)
    (copy / "scripts").mkdir()
    (copy / "scripts" / "check_deploy.sh").write_text(SCRIPT.read_text())
    for unit in (DEPLOY / "systemd").iterdir():
        (copy / "deploy" / "systemd" / unit.name).write_text(unit.read_text())
    web = copy / "deploy" / "systemd" / "kinerja-web.service"
    web.write_text(web.read_text().replace("Restart=on-failure", "Restrat=on-failure"))
    result = subprocess.run(
        ["bash", str(copy / "scripts" / "check_deploy.sh"), "systemd"],
        env=_env(PYTHON=sys.executable), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Restrat" in result.stdout


# ------------------------------------------------------------------ gunicorn


def _gunicorn_config(**env) -> dict:
    saved = dict(os.environ)
    try:
        os.environ.update(env)
        return run_path(str(DEPLOY / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _nginx_seconds(directive: str) -> int:
    text = (DEPLOY / "nginx" / "kinerja.conf").read_text()
    return int(re.search(rf"^\s*{directive}\s+(\d+)s;", text, re.M).group(1))


def test_gunicorn_config_recycles_workers_and_outlasts_the_longest_request():
    config = _gunicorn_config()
    assert config["wsgi_app"] == "kinerja.wsgi:application"
    assert config["preload_app"] is True
    assert config["max_requests"] >= 500 and 0 < config["max_requests_jitter"] < 500
    # A period close of 100,000 employees from the button: up to 150 s on a busy server.
    assert config["timeout"] >= 150
    assert config["graceful_timeout"] < config["timeout"]
    assert _nginx_seconds("proxy_read_timeout") > config["timeout"]


def test_gunicorn_config_takes_workers_bind_and_timeouts_from_the_environment():
    config = _gunicorn_config(
        KINERJA_WORKERS="3", KINERJA_BIND="0.0.0.0:8000", KINERJA_TIMEOUT="60",
        KINERJA_MAX_REQUESTS="200", KINERJA_TRUSTED_PROXIES="10.0.0.1",
    )  # fmt: skip
    assert config["workers"] == 3 and config["bind"] == ["0.0.0.0:8000"]
    assert config["timeout"] == 60
    assert (config["max_requests"], config["max_requests_jitter"]) == (200, 20)
    assert config["forwarded_allow_ips"] == "10.0.0.1"
    with pytest.raises(SystemExit, match="KINERJA_WORKERS harus bilangan bulat"):
        _gunicorn_config(KINERJA_WORKERS="empat")


def test_the_load_benchmark_starts_the_same_gunicorn_config():
    bench = run_path(str(ROOT / "bench" / "survey_gunicorn.py"))
    production = _gunicorn_config()
    assert bench["when_ready"].__code__ is not None
    assert bench["wsgi_app"] == production["wsgi_app"]
    assert bench["timeout"] == production["timeout"]
    assert bench["preload_app"] is True and bench["max_requests"] == 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        conn.close()


def test_gunicorn_serves_the_app_with_the_deploy_config(tmp_path):
    """DEBUG off, as in production: our own 404 page, static files through WhiteNoise."""
    port = _free_port()
    env = _env(
        KINERJA_VAR_DIR=str(tmp_path), DEBUG="false", KINERJA_BIND=f"127.0.0.1:{port}",
        KINERJA_WORKERS="1", KINERJA_ACCESS_LOG="", ALLOWED_HOSTS="127.0.0.1",
    )  # fmt: skip
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True, timeout=120,
    )  # fmt: skip
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py")],
        cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        status = 0
        while time.monotonic() < deadline and status != 200:
            try:
                status, _ = _get(port, "/sehat/")
            except OSError:
                time.sleep(0.3)
        assert status == 200, (tmp_path / "gunicorn.log").read_text()
        status, body = _get(port, "/tidak-ada-halaman-ini/")
        assert status == 404
        assert "Halaman atau data yang Anda cari tidak ada" in body
        assert "Page not found" not in body and "Traceback" not in body
        assert _get(port, "/static/kinerja/app.css")[0] == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


# ------------------------------------------------------------------ systemd


def _unit(name: str) -> str:
    return (DEPLOY / "systemd" / name).read_text()


def test_units_start_the_web_config_the_worker_and_the_backup():
    assert "ExecStart=/srv/kinerja/.venv/bin/gunicorn -c deploy/gunicorn.conf.py" in _unit(
        "kinerja-web.service"
    )
    assert "manage.py db_worker" in _unit("kinerja-worker.service")
    backup = _unit("kinerja-backup.service")
    assert "manage.py backup" in backup and "UMask=0077" in backup
    assert "Unit=kinerja-backup.service" in _unit("kinerja-backup.timer")
    for name in ("kinerja-web.service", "kinerja-worker.service", "kinerja-backup.service"):
        assert "EnvironmentFile=/etc/kinerja/kinerja.env" in _unit(name)
        assert "User=kinerja" in _unit(name)


# ------------------------------------------------------------------ nginx


def _nginx_limit_for(text: str, path: str) -> int:
    """The client_max_body_size nginx applies to ``path`` (exact and regex locations of the
    sample, else the server's own), in bytes."""
    for kind, pattern, block in re.findall(r"location (=|~) (\S+) \{([^}]*)\}", text):
        if (kind == "=" and pattern == path) or (kind == "~" and re.match(pattern, path)):
            found = re.search(r"client_max_body_size\s+(\d+)m;", block)
            if found:
                return int(found.group(1)) * 1024 * 1024
    server = re.search(r"^    client_max_body_size\s+(\d+)m;", text, re.MULTILINE)
    assert server, "client_max_body_size server dalam MiB tidak ditemukan"
    return int(server.group(1)) * 1024 * 1024


def test_nginx_upload_limits_match_the_apps_limits_per_endpoint():
    from django.urls import reverse

    text = (DEPLOY / "nginx" / "kinerja.conf").read_text()
    args = {"skp_bagian_simpan": [3, 1], "followup_ajukan": [7]}
    assert settings.KINERJA_BODY_LIMITS
    for name, app_limit in settings.KINERJA_BODY_LIMITS.items():
        limit = _nginx_limit_for(text, reverse(name, args=args.get(name, [])))
        # large enough for what the app accepts there, no larger than 2 MiB over it
        assert app_limit <= limit <= app_limit + 2 * 1024 * 1024, name
    default = _nginx_limit_for(text, "/layanan/lacak/")
    assert default == settings.KINERJA_BODY_LIMIT_DEFAULT
    assert max(settings.KINERJA_IMPORT_MAX_BYTES, evidence_max_bytes()) < (
        _nginx_limit_for(text, reverse("org_import"))
    )


def test_nginx_passes_the_client_address_and_serves_static_files():
    text = (DEPLOY / "nginx" / "kinerja.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in text
    assert "proxy_set_header X-Real-IP $remote_addr;" in text
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in text
    assert re.search(r"location /static/ \{\s*alias /srv/kinerja/var/static/;", text)
    assert "ssl_certificate " in text and "listen 443 ssl" in text


# ------------------------------------------------------------------ compose and env


def _compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_compose_runs_postgres_web_and_worker_after_migrating():
    services = _compose()["services"]
    assert services["db"]["image"].startswith("postgres:15")
    assert services["web"]["command"] == ["gunicorn", "-c", "deploy/gunicorn.conf.py"]
    assert services["worker"]["command"] == ["python", "manage.py", "db_worker"]
    assert services["migrate"]["command"][:3] == ["python", "manage.py", "migrate"]
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
        assert services[name]["build"]["dockerfile"] == "deploy/Dockerfile"
        assert services[name]["env_file"] == ".env"
    assert (DEPLOY / "Dockerfile").exists()


def _env_example_names() -> list[str]:
    text = (DEPLOY / "env.example").read_text()
    names = re.findall(r"^([A-Z][A-Z0-9_]*)=", text, re.M)
    assert names
    return names


def test_env_example_names_only_settings_that_exist():
    readers = (ROOT / "kinerja" / "settings.py").read_text()
    readers += (DEPLOY / "gunicorn.conf.py").read_text()
    readers += (DEPLOY / "compose.yaml").read_text()
    unknown = [
        name
        for name in _env_example_names()
        if not re.search(rf"""(env_\w+\(\s*|environ\.get\(|_int\(|\$\{{)["']?{name}\b""", readers)
    ]
    assert unknown == []


def test_every_variable_compose_needs_is_in_the_env_example():
    needed = set(re.findall(r"\$\{([A-Z0-9_]+)", (DEPLOY / "compose.yaml").read_text()))
    assert needed and needed <= set(_env_example_names())


def test_the_operators_book_explains_every_name_in_the_env_example():
    book = (ROOT / "docs" / "operasi.md").read_text()
    assert [name for name in _env_example_names() if f"`{name}`" not in book] == []


def test_the_dockerfile_runs_as_a_plain_user_with_pango_and_collected_static_files():
    text = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.\d+-slim", text, re.M)
    assert "libpango-1.0-0" in text and "libpangoft2-1.0-0" in text
    assert re.search(r"^USER kinerja$", text, re.M)
    assert "collectstatic --noinput" in text
    assert 'CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py"]' in text
