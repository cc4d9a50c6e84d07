"""A real worker process (``manage.py db_worker``) runs what the web process enqueued, from
the database queue, on the same database file (or PostgreSQL database) the tests use."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from kinerja.notify.models import Jenis, Notifikasi
from kinerja.notify.services import notify

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
ROOT = Path(settings.BASE_DIR)


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_process_sends_the_enqueued_email(personas, tmp_path):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    siti = personas.pegawai
    siti.email = "siti@dinkes.go.id"
    siti.save(update_fields=["email"])
    with override_settings(TASKS=DB_QUEUE):
        (note,) = notify(personas.instansi.pk, [siti.pk], jenis=Jenis.REALISASI_DIKEMBALIKAN,
                         teks="Realisasi «Jumlah dokumen» bagian 1 dikembalikan oleh Budi Atasan.",
                         url="/skp/1/bagian/1/")  # fmt: skip
    queued = DBTaskResult.objects.get()
    assert queued.status == TaskResultStatus.READY and note.dikirim_pada is None
    mails = tmp_path / "email"
    env = {
        **os.environ, "DATABASE_URL": _database_url(), "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mails), "KINERJA_VAR_DIR": str(settings.VAR_DIR),
        "DEBUG": "false",
    }  # fmt: skip
    done = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload",
         "--no-startup-delay", "--interval", "0"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL, queued.traceback
    note.refresh_from_db()
    assert note.dikirim_pada is not None
    (written,) = list(mails.iterdir())
    text = written.read_text()
    assert "To: siti@dinkes.go.id" in text
    assert "Yth. Siti Pegawai," in text and "dikembalikan oleh Budi Atasan" in text
    assert Notifikasi.objects.count() == 1
