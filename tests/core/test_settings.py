"""Production mode refuses to start without a real secret and passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    dropped = {"SECRET_KEY", "KINERJA_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", KINERJA_ENV="production", ALLOWED_HOSTS="kinerja.example.go.id")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        KINERJA_ENV="production", SECRET_KEY="k" * 20 + "-rahasia-acak-" + "x9Z!" * 10,
        ALLOWED_HOSTS="kinerja.example.go.id",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_carry_security_headers(client, db):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_interface_speaks_indonesian_by_default(client, db):
    response = client.get(reverse("login"))
    assert response["Content-Language"] == "id"
    assert 'lang="id"' in response.content.decode()


def test_health_answers_ok_when_the_database_does(client, db):
    assert client.get(reverse("health")).json() == {"status": "ok"}


def test_english_can_be_chosen_and_the_foundation_pages_follow(personas, login):
    client = login(personas.pegawai)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert "Welcome" in html and "Main navigation" in html and 'lang="en"' in html
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert "Selamat datang" in client.get(reverse("home")).content.decode()
