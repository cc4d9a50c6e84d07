"""Accounts for many people at once are made by a background job (kinerja/org/tasks.py):
no cap per click any more, progress while the passwords are hashed, the slips in one ZIP
only for the HR officer who asked, emailed too when asked."""

import io
import zipfile

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from kinerja.core.models import PekerjaanLatar
from kinerja.org import tasks
from kinerja.org.models import User
from tests.factories import PegawaiFactory, UserFactory
from tests.jobs import job_file, started_job
from tests.org.spreadsheets import xlsx_rows
from tests.worker_process import DB_QUEUE

CREATE_URL = reverse("akun_buat")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def many(personas):
    unit = personas.pegawai_pegawai.unit
    return [
        PegawaiFactory(instansi=personas.instansi, unit=unit, nama=f"Baru {i}") for i in range(7)
    ]


def test_one_click_makes_every_account_without_a_cap(personas, login, many, settings):
    # The page made at most KINERJA_AKUN_PER_KLIK (200) accounts per click, in the request.
    settings.KINERJA_AKUN_PER_KLIK = 3
    bundle = zipfile.ZipFile(io.BytesIO(job_file(login(personas.admin), CREATE_URL)))
    rows = xlsx_rows(bundle.read("akun-kota.xlsx"))
    assert len(rows) == 1 + 7
    assert User.objects.filter(pegawai__in=many, wajib_ganti_sandi=True).count() == 7
    job = PekerjaanLatar.objects.get()
    assert (job.selesai, job.jumlah, job.satuan) == (7, 7, "pegawai")
    assert job.hasil == {"jumlah": 7, "kirim_email": False}


def test_the_job_shows_progress_while_queued_and_the_slips_after(personas, login, many):
    client = login(personas.admin)
    with override_settings(TASKS=DB_QUEUE):
        job = started_job(client, CREATE_URL, {"email": "1"})
    page = client.get(reverse("pekerjaan", args=[job.pk])).content.decode()
    assert "Menunggu" in page and "0 dari 7 pegawai" in page
    assert not User.objects.filter(pegawai__in=many).exists()

    tasks.accounts_task.call(job.pk)

    page = client.get(reverse("pekerjaan", args=[job.pk])).content.decode()
    # A new account has no address yet: every slip is to be handed over on paper.
    assert "Akun dibuat untuk 7 pegawai" in page
    assert "Email terkirim: 0. Tanpa alamat email atau gagal dikirim: 7" in page
    assert not mail.outbox
    assert "Unduh akun-kota-" in page and "Hapus berkas sekarang" in page


def test_another_hr_officer_cannot_download_the_slips(personas, login, many):
    job = started_job(login(personas.admin), CREATE_URL)
    other = UserFactory(instansi=personas.instansi, is_admin_kepegawaian=True)
    client = login(other)
    assert client.get(reverse("pekerjaan_unduh", args=[job.pk])).status_code == 404
    assert client.get(reverse("pekerjaan", args=[job.pk])).status_code == 404


def test_nothing_to_do_starts_no_job(personas, login):
    from kinerja.org import accounts

    accounts.create_accounts(personas.instansi, by=personas.admin)
    response = login(personas.admin).post(CREATE_URL, follow=True)
    assert "Semua pegawai aktif sudah memiliki akun." in response.content.decode()
    assert not PekerjaanLatar.objects.exists()
