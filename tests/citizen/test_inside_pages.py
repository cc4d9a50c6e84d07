"""Inside pages: who may enter, constant query counts, exports, QR codes and transitions."""

import io
import uuid

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.citizen.complaints import submit_complaint
from kinerja.citizen.models import Aduan, JawabanSurvei
from kinerja.core.models import AuditEntry
from kinerja.core.spreadsheet import read_table
from tests.citizen.conftest import add_answers, make_layanan
from tests.jobs import job_file

LIST_PAGES = [
    "citizen_ikm", "citizen_trend", "citizen_services", "citizen_review", "citizen_complaints",
    "citizen_complaint_stats",
]  # fmt: skip


def _complaint(layanan, **extra):
    return submit_complaint(
        layanan.instansi, layanan=layanan, isi="Pelayanan lambat sekali.",
        ip_hash=uuid.uuid4().hex, **extra,
    )  # fmt: skip


@pytest.mark.parametrize("name", LIST_PAGES)
def test_hr_sees_every_inside_page(personas, login, layanan, name):
    add_answers(layanan, [[3] * 9] * 2)
    _complaint(layanan)
    assert login(personas.admin).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", LIST_PAGES)
def test_an_employee_who_heads_no_unit_is_refused(personas, login, name):
    assert login(personas.pegawai).get(reverse(name)).status_code == 403


def test_inside_pages_need_login(client, db):
    response = client.get(reverse("citizen_ikm"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_unit_head_sees_only_their_units(personas, login, layanan):
    unit = personas.pegawai_pegawai.unit
    unit.kepala = personas.atasan_pegawai
    unit.save()
    from tests.factories import UnitFactory

    other = make_layanan(personas.instansi, UnitFactory(instansi=personas.instansi), kode="kir")
    add_answers(layanan, [[4] * 9])
    add_answers(other, [[1] * 9])
    page = login(personas.atasan).get(reverse("citizen_ikm")).content.decode()
    assert layanan.nama in page and other.nama not in page
    mine, theirs = _complaint(layanan), _complaint(other)
    client = login(personas.atasan)
    assert (
        client.get(reverse("citizen_complaint_detail", args=[mine.kode_lacak])).status_code == 200
    )
    assert (
        client.get(reverse("citizen_complaint_detail", args=[theirs.kode_lacak])).status_code == 404
    )


def test_another_agencys_complaint_and_qr_are_not_found(personas, login, layanan):
    aduan = _complaint(layanan)
    client = login(personas.outsider)
    personas.outsider_pegawai.unit.kepala = personas.outsider_pegawai
    personas.outsider_pegawai.unit.save()
    assert (
        client.get(reverse("citizen_complaint_detail", args=[aduan.kode_lacak])).status_code == 404
    )
    assert client.get(reverse("citizen_qr_png", args=[layanan.pk])).status_code == 404


def test_non_hr_cannot_decide_a_review(personas, login, layanan):
    (answer,) = add_answers(layanan, [[4] * 9], ditandai=True, dihitung=False)
    unit = personas.pegawai_pegawai.unit
    unit.kepala = personas.atasan_pegawai
    unit.save()
    url = reverse("citizen_review_decide", args=[answer.pk])
    assert login(personas.atasan).post(url, {"keputusan": "terima"}).status_code == 403
    assert login(personas.admin).post(url, {"keputusan": "terima"}).status_code == 302
    answer.refresh_from_db()
    assert answer.dihitung and answer.review == "diterima"


@pytest.mark.parametrize("name", ["citizen_ikm", "citizen_complaints", "citizen_review"])
def test_list_pages_use_a_constant_number_of_queries(
    personas, login, layanan, django_assert_num_queries, name
):
    client = login(personas.admin)

    def fill(n):
        add_answers(layanan, [[3] * 9] * n, petugas=personas.pegawai_pegawai)
        add_answers(layanan, [[2] * 9] * n, ditandai=True, dihitung=False)
        for _ in range(n):
            _complaint(layanan)

    fill(2)
    client.get(reverse(name))  # warm caches (session, content types)
    with django_assert_num_queries(_count(client, name)) as first:
        client.get(reverse(name))
    fill(5)
    other = make_layanan(personas.instansi, personas.pegawai_pegawai.unit, kode="akta")
    add_answers(other, [[4] * 9] * 3)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(reverse(name))


def _count(client, name) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse(name))
    return len(ctx.captured_queries)


def test_complaint_transitions_from_the_page_are_audited(personas, login, layanan):
    aduan = _complaint(layanan)
    client = login(personas.admin)
    url = reverse("citizen_complaint_move", args=[aduan.kode_lacak])
    client.post(url, {"ke": "diverifikasi", "version": 1})
    client.post(url, {"ke": "diteruskan", "version": 2, "petugas": personas.pegawai_pegawai.pk})
    response = client.post(url, {"ke": "selesai", "version": 3}, follow=True)
    assert "tidak dapat diubah" in response.content.decode()
    aduan.refresh_from_db()
    assert (aduan.status, aduan.petugas) == ("diteruskan", personas.pegawai_pegawai)
    assert AuditEntry.objects.filter(action__startswith="citizen.aduan").count() == 2


def test_assigned_officer_may_respond(personas, login, layanan):
    aduan = _complaint(layanan)
    Aduan.objects.filter(pk=aduan.pk).update(status="diteruskan", petugas=personas.pegawai_pegawai)
    client = login(personas.pegawai)
    url = reverse("citizen_complaint_move", args=[aduan.kode_lacak])
    client.post(url, {"ke": "direspons", "version": 1, "tanggapan": "Sudah diperbaiki."})
    aduan.refresh_from_db()
    assert aduan.status == "direspons"


def test_overdue_complaint_is_highlighted_in_queue_and_home(personas, login, layanan):
    from datetime import timedelta

    from django.utils import timezone

    _complaint(layanan, now=timezone.now() - timedelta(days=30))
    _complaint(layanan)
    client = login(personas.admin)
    page = client.get(reverse("citizen_complaints")).content.decode()
    assert page.count('class="overdue"') == 1
    home = client.get(reverse("home")).content.decode()
    assert "Aduan lewat tenggat" in home


def test_xlsx_export_has_summary_processing_and_raw_sheets(personas, login, layanan):
    add_answers(layanan, [[3, 3, 3, 3, 3, 3, 4, 3, 3]] * 10)
    add_answers(layanan, [[1] * 9], ditandai=True, dihitung=False)
    content = job_file(login(personas.admin), reverse("citizen_export"))
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Rekap IKM", "Pengolahan", "Data mentah"]
    summary = read_table(content, "Rekap IKM")
    header = summary[0]
    service = dict(zip(header, summary[1], strict=False))
    assert service["Responden"] == 10
    assert service["Nilai IKM (25–100)"] == 77.78
    assert service["Mutu"] == "B"
    raw = read_table(content, "Data mentah")
    assert len(raw) == 12  # header + 11 answers, flagged ones included and marked
    assert raw[-1][raw[0].index("Dihitung dalam IKM")] == "Tidak"


def test_qr_png_and_pdf_sheet(personas, login, layanan, settings):
    settings.KINERJA_PUBLIC_URL = "https://layanan.kota.go.id"
    client = login(personas.admin)
    png = client.get(reverse("citizen_qr_png", args=[layanan.pk]))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    officer = client.get(reverse("citizen_qr_officer_png", args=[layanan.pk, "p01"]))
    assert officer.status_code == 200
    assert job_file(client, reverse("citizen_qr_sheet")).startswith(b"%PDF")
    from kinerja.citizen.qr import survey_url

    assert survey_url(layanan) == "https://layanan.kota.go.id/layanan/s/kota-ktp/"


def test_public_pages_need_no_login(client, layanan):
    assert client.get(reverse("citizen_survey", args=[layanan.kode_publik])).status_code == 200
    assert client.get(reverse("citizen_complaint_new")).status_code == 200
    assert client.get(reverse("citizen_complaint_track")).status_code == 200
    assert JawabanSurvei.objects.count() == 0
