"""A real worker process (``manage.py db_worker``) runs what the web process enqueued, from
the database queue, on the same database file (or PostgreSQL database) the tests use."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings

from kinerja.notify.models import Jenis, Notifikasi
from kinerja.notify.services import notify
from tests.worker_process import DB_QUEUE, ROOT, database_url


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
        **os.environ, "DATABASE_URL": database_url(), "TASKS_BACKEND": "database",
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
