"""The import page and the export downloads (kinerja/org/import_views.py)."""

import io

import pytest
from django.test import Client
from django.urls import reverse

from kinerja.core.models import AuditEntry, PekerjaanLatar
from kinerja.org.models import Pegawai, UnitKerja
from tests.factories import UnitFactory, UserFactory, nip_for
from tests.org.spreadsheets import employee_csv, upload

IMPORT_URL = reverse("org_import")
NIP_BARU = nip_for(3001)


def test_admin_sees_the_form_the_layouts_and_the_download_links(personas, login):
    response = login(personas.admin).get(IMPORT_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page and "csrfmiddlewaretoken" in page
    assert "kode_induk" in page and "nip_atasan" in page and "jenis_jabatan" in page
    assert reverse("org_export", args=["pegawai", "xlsx"]) in page


def test_admin_uploads_employees_and_sees_the_counts(personas, login):
    client = login(personas.admin)
    content = employee_csv([NIP_BARU, "Dian Baru", "PNS", "DINKES", personas.atasan_pegawai.nip])

    response = client.post(IMPORT_URL, {"jenis": "pegawai", "berkas": upload(content)}, follow=True)

    job = PekerjaanLatar.objects.get()
    assert response.redirect_chain == [(reverse("pekerjaan", args=[job.pk]), 302)]
    page = response.content.decode()
    assert "Impor pegawai.csv selesai. 1 baris: 1 dibuat, 0 diubah, 0 tidak berubah." in page
    assert job.status == "selesai" and job.hasil["ok"] and not job.masukan  # upload dropped
    dian = Pegawai.objects.get(instansi=personas.instansi, nip=NIP_BARU)
    assert dian.atasan == personas.atasan_pegawai
    entry = AuditEntry.objects.get(action="org.impor_pegawai")
    assert entry.actor == personas.admin


def test_admin_uploads_units_as_xlsx(personas, login):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["kode_unit", "nama_unit", "kode_induk"])
    workbook.active.append(["BIDANG1", "Bidang Kesehatan Masyarakat", "DINKES"])
    stream = io.BytesIO()
    workbook.save(stream)

    response = login(personas.admin).post(
        IMPORT_URL, {"jenis": "unit", "berkas": upload(stream.getvalue(), "unit.xlsx")}
    )

    assert response.status_code == 302
    assert UnitKerja.objects.get(instansi=personas.instansi, kode="BIDANG1").induk.kode == "DINKES"


def test_a_file_with_bad_rows_shows_every_row_and_saves_nothing(personas, login):
    before = (Pegawai.objects.count(), AuditEntry.objects.count())
    content = employee_csv(
        [NIP_BARU[:17], "Eka", "PNS", "DINKES", ""],
        [nip_for(3002), "Edo", "PNS", "DINSOS", ""],
        [nip_for(3003), "Evi", "PNS", "DINKES", nip_for(3999)],
    )

    response = login(personas.admin).post(
        IMPORT_URL, {"jenis": "pegawai", "berkas": upload(content)}, follow=True
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "tidak ada data yang disimpan" in page
    assert "berisi 3 kesalahan" in page
    assert "NIP harus 18 digit angka; isian ini 17 digit." in page
    assert "Unit dengan kode DINSOS tidak ada di instansi ini" in page
    assert f"Atasan dengan NIP {nip_for(3999)} tidak ada" in page
    job = response.context["job"]
    assert [e["baris"] for e in job.hasil["kesalahan"]] == [2, 3, 4] and not job.hasil["ok"]
    assert (Pegawai.objects.count(), AuditEntry.objects.count()) == before


def test_a_file_that_is_neither_csv_nor_xlsx_is_refused(personas, login):
    response = login(personas.admin).post(
        IMPORT_URL, {"jenis": "pegawai", "berkas": upload(b"%PDF-1.7", "daftar.pdf")}
    )

    assert response.status_code == 400
    assert "Berkas harus CSV (.csv) atau Excel (.xlsx)." in response.content.decode()


def test_a_csv_that_is_really_a_workbook_is_refused(personas, login):
    response = login(personas.admin).post(
        IMPORT_URL,
        {"jenis": "pegawai", "berkas": upload(b"PK\x03\x04rest", "pegawai.csv")},
        follow=True,
    )

    assert "isinya berkas Excel" in response.content.decode()
    assert not Pegawai.objects.filter(nama="rest").exists()


def test_a_file_above_the_size_limit_is_refused_before_reading(personas, login, settings):
    settings.KINERJA_IMPORT_MAX_BYTES = 10

    response = login(personas.admin).post(
        IMPORT_URL, {"jenis": "pegawai", "berkas": upload(employee_csv())}
    )

    assert response.status_code == 400
    assert "Berkas terlalu besar" in response.content.decode()


@pytest.mark.parametrize("persona", ["pegawai", "atasan", "pimpinan", "auditor", "outsider"])
def test_only_the_agency_admin_may_open_or_post_the_import_page(personas, login, persona):
    client = login(getattr(personas, persona))
    content = employee_csv([NIP_BARU, "Fani", "PNS", "DINKES", ""])

    assert client.get(IMPORT_URL).status_code == 403
    response = client.post(IMPORT_URL, {"jenis": "pegawai", "berkas": upload(content)})

    assert response.status_code == 403
    assert not Pegawai.objects.filter(nip=NIP_BARU).exists()


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_posting_without_the_csrf_token_is_refused(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.admin)

    response = client.post(IMPORT_URL, {"jenis": "pegawai", "berkas": upload(employee_csv())})

    assert response.status_code == 403


def test_another_agency_admin_cannot_reach_this_agency_data(personas, login):
    other = personas.outsider_pegawai.instansi
    UnitFactory(instansi=other, kode="DINSOS")
    other_admin = UserFactory(username="admin.lain", instansi=other, is_admin_kepegawaian=True)
    client = login(other_admin)
    # A file naming this agency's unit and supervisor: neither exists for the other agency.
    content = employee_csv(
        [personas.pegawai_pegawai.nip, "Diubah Orang Luar", "PNS", "DINKES", ""],
        [NIP_BARU, "Gina", "PNS", "DINSOS", personas.atasan_pegawai.nip],
    )

    response = client.post(IMPORT_URL, {"jenis": "pegawai", "berkas": upload(content)},
                           follow=True)  # fmt: skip
    exported = b"".join(
        client.get(reverse("org_export", args=["pegawai", "csv"])).streaming_content
    ).decode()

    assert response.status_code == 200
    assert "Unit dengan kode DINKES tidak ada di instansi ini" in response.content.decode()
    personas.pegawai_pegawai.refresh_from_db()
    assert personas.pegawai_pegawai.nama == "Siti Pegawai"
    assert personas.pegawai_pegawai.nip not in exported
    assert personas.outsider_pegawai.nip in exported


@pytest.mark.parametrize("persona", ["admin", "pimpinan", "auditor"])
@pytest.mark.parametrize(("kind", "fmt"), [("pegawai", "csv"), ("unit", "xlsx")])
def test_agency_wide_roles_download_exports_as_attachments(personas, login, persona, kind, fmt):
    response = login(getattr(personas, persona)).get(reverse("org_export", args=[kind, fmt]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{kind}-KOTA.{fmt}"'
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        assert personas.pegawai_pegawai.nip.encode() in body
    else:
        assert body.startswith(b"PK\x03\x04")


def test_an_empty_template_can_be_downloaded(personas, login):
    response = login(personas.admin).get(
        reverse("org_export", args=["pegawai", "csv"]), {"templat": "1"}
    )

    assert response["Content-Disposition"] == 'attachment; filename="templat-pegawai-KOTA.csv"'
    assert b"".join(response.streaming_content).decode().count("\n") == 1


@pytest.mark.parametrize("persona", ["pegawai", "atasan", "outsider"])
def test_employees_and_supervisors_cannot_export(personas, login, persona):
    response = login(getattr(personas, persona)).get(reverse("org_export", args=["pegawai", "csv"]))

    assert response.status_code == 403


@pytest.mark.parametrize(("kind", "fmt"), [("jabatan", "csv"), ("pegawai", "pdf")])
def test_unknown_export_kind_or_format_is_not_found(personas, login, kind, fmt):
    response = login(personas.admin).get(reverse("org_export", args=[kind, fmt]))

    assert response.status_code == 404
