"""The IKM workbook and the QR-card sheet are made by background jobs (kinerja/citizen/
tasks.py): the page starts the job, the job page shows the progress and then the download,
which only the person who asked gets, with only the services they may see."""

import pytest
from django.test import override_settings
from django.urls import reverse

from kinerja.citizen import tasks
from kinerja.core.models import PekerjaanLatar
from kinerja.core.spreadsheet import read_table
from tests.citizen.conftest import add_answers, make_layanan
from tests.factories import UnitFactory
from tests.jobs import job_file, started_job
from tests.worker_process import DB_QUEUE


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def two_units(personas, layanan):
    """The atasan heads the unit of ``layanan``; another unit runs "kir"."""
    unit = personas.pegawai_pegawai.unit
    unit.kepala = personas.atasan_pegawai
    unit.save()
    other = make_layanan(personas.instansi, UnitFactory(instansi=personas.instansi), kode="kir")
    add_answers(layanan, [[4] * 9] * 3)
    add_answers(other, [[1] * 9] * 2)
    return layanan, other


def test_the_ikm_page_starts_the_export_and_its_page_shows_progress(personas, login, layanan):
    add_answers(layanan, [[3] * 9] * 4)
    client = login(personas.admin)
    assert reverse("citizen_export") in client.get(reverse("citizen_ikm")).content.decode()
    assert "Buat berkas XLSX" in client.get(reverse("citizen_export")).content.decode()
    with override_settings(TASKS=DB_QUEUE):
        job = started_job(client, reverse("citizen_export"),
                          {"dari": "2026-01-01", "sampai": "2026-12-31"})  # fmt: skip
    page = client.get(reverse("pekerjaan", args=[job.pk])).content.decode()
    assert "Menunggu" in page and reverse("pekerjaan_unduh", args=[job.pk]) not in page

    tasks.ikm_export_task.call(job.pk)

    job.refresh_from_db()
    assert (job.status, job.selesai, job.jumlah) == ("selesai", 4, 4)
    assert job.nama_keluaran == "ikm-2026-01-01-2026-12-31.xlsx"
    page = client.get(reverse("pekerjaan", args=[job.pk])).content.decode()
    assert "4 dari 4 jawaban" in page and reverse("pekerjaan_unduh", args=[job.pk]) in page


def test_a_unit_head_exports_only_their_units(personas, login, two_units):
    mine, other = two_units
    content = job_file(login(personas.atasan), reverse("citizen_export"))
    raw = read_table(content, "Data mentah")
    services = {row[raw[0].index("Layanan")] for row in raw[1:]}
    assert services == {mine.nama} and len(raw) == 1 + 3


def test_a_unit_head_gets_only_their_qr_cards_and_not_another_units_one(personas, login, two_units):
    mine, other = two_units
    client = login(personas.atasan)
    job = started_job(client, reverse("citizen_qr_sheet"))
    assert job.parameter["layanan"] == [mine.pk] and job.status == "selesai"
    assert client.get(reverse("pekerjaan_unduh", args=[job.pk])).status_code == 200
    assert client.get(reverse("citizen_qr_sheet"), {"layanan": other.pk}).status_code == 404
    assert client.post(reverse("citizen_qr_sheet"), {"layanan": other.pk}).status_code == 404
    assert PekerjaanLatar.objects.count() == 1


def test_the_qr_sheet_of_one_service_from_the_services_page(personas, login, layanan, settings):
    settings.KINERJA_PUBLIC_URL = ""
    client = login(personas.admin)
    page = client.get(reverse("citizen_qr_sheet"), {"layanan": layanan.pk}).content.decode()
    assert f'value="{layanan.pk}"' in page and "Buat lembar PDF" in page
    pdf = job_file(client, reverse("citizen_qr_sheet"), {"layanan": layanan.pk})
    assert pdf.startswith(b"%PDF")
    job = PekerjaanLatar.objects.get()
    assert job.parameter["entry"] is False and job.parameter["host"] == "testserver"
    assert (job.selesai, job.jumlah) == (1, 1)


def test_another_person_cannot_download_my_export(personas, login, layanan):
    job = started_job(login(personas.admin), reverse("citizen_export"))
    client = login(personas.pimpinan)
    assert client.get(reverse("pekerjaan_unduh", args=[job.pk])).status_code == 404
    assert client.get(reverse("pekerjaan", args=[job.pk])).status_code == 404
