"""Spec §1: a NIP whose appointment came before the age of 18 is a warning, never a refusal
(issue 24): shown on the import result page and after saving the employee form."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.core.models import PekerjaanLatar
from kinerja.org import impor
from kinerja.org.models import Pegawai
from tests.factories import UserFactory

YOUNG = "200001012016011001"  # born 1 Jan 2000, appointed Jan 2016: 16 years old
WARNING = "kurang dari 18 tahun"


def employee_csv(*rows: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["nip", "nama", "status", "kode_unit"])
    writer.writerows(rows)
    return buffer.getvalue().encode()


def test_the_importer_keeps_the_under_18_warning_and_still_saves(personas):
    result = impor.import_file(
        employee_csv([YOUNG, "Dewi Muda", "PNS", "DINKES"]), "p.csv",
        instansi=personas.instansi, jenis=impor.PEGAWAI, actor="uji",
    )  # fmt: skip
    assert result.ok and result.disimpan and result.dibuat == 1
    assert result.peringatan, "the warning parse_nip computed must reach the result"
    (warning,) = result.peringatan
    assert (warning.baris, warning.kolom) == (2, "nip") and WARNING in warning.pesan
    assert Pegawai.objects.filter(instansi=personas.instansi, nip=YOUNG).exists()


def test_the_import_result_page_shows_the_warning_not_an_error(personas, login):
    client = login(personas.admin)
    upload = SimpleUploadedFile("p.csv", employee_csv([YOUNG, "Dewi Muda", "PNS", "DINKES"]),
                                content_type="text/csv")  # fmt: skip
    response = client.post(reverse("org_import"), {"jenis": "pegawai", "berkas": upload},
                           follow=True)  # fmt: skip
    job = PekerjaanLatar.objects.get()
    assert job.hasil["ok"] and job.hasil["jumlah_peringatan"] == 1
    page = response.content.decode()
    assert "Impor p.csv selesai. 1 baris: 1 dibuat" in page
    assert 'id="peringatan-impor"' in page and "Peringatan (bukan kesalahan)" in page
    assert WARNING in page and "Impor dibatalkan" not in page


@pytest.fixture
def operator(db):
    return UserFactory(username="operator", instansi=None, is_staff=True, is_superuser=True)


def _form(personas, nip, status="pns"):
    return {
        "instansi": personas.instansi.pk, "nip": nip, "nama": "Dewi Muda", "status": status,
        "golongan": "", "unit": personas.pegawai_pegawai.unit_id, "aktif": "on",
    }  # fmt: skip


def test_the_employee_form_saves_an_under_18_nip_with_a_warning(personas, login, operator):
    client = login(operator)
    response = client.post("/admin/org/pegawai/add/", _form(personas, YOUNG),
                           follow=True)  # fmt: skip
    assert response.status_code == 200
    assert Pegawai.objects.filter(nip=YOUNG).exists()
    shown = [(m.level_tag, m.message) for m in response.context["messages"]]
    assert [level for level, text in shown if WARNING in text] == ["warning"]


def test_the_employee_form_refuses_a_pppk_serial_000_with_a_message(personas, login, operator):
    client = login(operator)
    response = client.post("/admin/org/pegawai/add/",
                           _form(personas, "199001012022211000", status="pppk"))  # fmt: skip
    assert response.status_code == 200
    assert "Nomor Induk PPPK (nomor urut) harus 001 sampai 999" in response.content.decode()
    assert not Pegawai.objects.filter(nip="199001012022211000").exists()
