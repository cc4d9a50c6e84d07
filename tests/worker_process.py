"""Real worker processes for tests: ``manage.py db_worker`` (or the slowed one,
tests/slow_worker.py) on the database the tests use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
OPTIONS = ["--no-reload", "--no-startup-delay", "--interval", "0.2"]


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def environment(**extra) -> dict:
    return {
        **os.environ, "DATABASE_URL": database_url(), "TASKS_BACKEND": "database",
        "KINERJA_VAR_DIR": str(settings.VAR_DIR), "DEBUG": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", **extra,
    }  # fmt: skip


def start(*args: str, slow: float | None = None, log: Path | None = None) -> subprocess.Popen:
    """A worker process, running until stopped (``--batch``: until the queue is empty); its
    output goes to ``log``."""
    command = (
        [sys.executable, "-m", "tests.slow_worker"] if slow is not None
        else [sys.executable, "manage.py", "db_worker"]
    )  # fmt: skip
    env = environment(**({"KINERJA_UJI_JEDA": str(slow)} if slow is not None else {}))
    output = open(log, "a") if log is not None else subprocess.DEVNULL  # noqa: SIM115
    try:
        return subprocess.Popen([*command, *OPTIONS, *args], cwd=ROOT, env=env, stdout=output,
                                stderr=subprocess.STDOUT)  # fmt: skip
    finally:
        if log is not None:
            output.close()
