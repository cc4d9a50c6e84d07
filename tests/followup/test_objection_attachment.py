"""An objection carries attachments through the page (issue 19): a valid PDF is stored, a
bad file is refused beside the field before anything is stored, the typed reason kept."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.followup.models import Keberatan, LampiranKeberatan
from tests.followup.conftest import annual

REASON = "Realisasi triwulan empat belum diverifikasi padahal bukti sudah lengkap."


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _beside(page: str, field_id: str) -> str:
    """The error text printed right after the field ``field_id`` ('' when none)."""
    start = page.find(f'id="{field_id}-galat"')
    return page[start : page.index("</span>", start)] if start >= 0 else ""


def _url(closed):
    return f"/tindak-lanjut/keberatan/ajukan/{annual(closed.skp['siti']).pk}/"


def test_a_valid_pdf_is_attached_to_the_objection(personas, closed, login, media):
    pdf = SimpleUploadedFile("bukti-triwulan-4.pdf", b"%PDF-1.4\n isi bukti", "application/pdf")
    response = login(personas.pegawai).post(_url(closed), {"alasan": REASON, "lampiran": pdf})
    assert response.status_code == 302, response.content.decode()
    item = LampiranKeberatan.objects.get(keberatan=Keberatan.objects.get())
    assert item.nama == "bukti-triwulan-4.pdf" and item.tipe == "pdf"
    assert (media / item.berkas.name).read_bytes().startswith(b"%PDF")


def test_two_files_are_both_attached(personas, closed, login, media):
    files = [SimpleUploadedFile("a.pdf", b"%PDF-1.4 a", "application/pdf"),
             SimpleUploadedFile("b.png", b"\x89PNG\r\n\x1a\n rest", "image/png")]  # fmt: skip
    response = login(personas.pegawai).post(_url(closed), {"alasan": REASON, "lampiran": files})
    assert response.status_code == 302
    assert sorted(LampiranKeberatan.objects.values_list("nama", flat=True)) == ["a.pdf", "b.png"]


def test_a_false_pdf_is_refused_beside_the_field_and_the_reason_is_kept(
    personas, closed, login, media
):
    fake = SimpleUploadedFile("bukti.pdf", b"MZ bukan pdf", "application/pdf")
    response = login(personas.pegawai).post(_url(closed), {"alasan": REASON, "lampiran": fake})
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "Tidak ada berkas yang dikirimkan" not in page
    assert "bukti.pdf:" in page and "tidak sesuai" in page
    assert "tidak sesuai" in _beside(page, "id_lampiran")
    assert REASON in page  # typed reason kept in the textarea
    assert not Keberatan.objects.exists() and not list(media.rglob("*.pdf"))


def test_a_too_large_file_is_refused_before_it_is_stored(personas, closed, login, media,
                                                         settings):  # fmt: skip
    from kinerja.skp.services.realisasi import max_bytes

    big = SimpleUploadedFile("besar.pdf", b"%PDF-1.4" + b"0" * (max_bytes() + 1))
    response = login(personas.pegawai).post(_url(closed), {"alasan": REASON, "lampiran": big})
    page = html.unescape(response.content.decode())
    assert response.status_code == 400 and "melebihi batas" in page and REASON in page
    assert not Keberatan.objects.exists() and not list(media.rglob("*.pdf"))


def test_a_short_reason_is_marked_on_its_field(personas, closed, login, media):
    response = login(personas.pegawai).post(_url(closed), {"alasan": "terlalu pendek"})
    page = html.unescape(response.content.decode())
    assert response.status_code == 400 and "minimal 20 karakter" in page
    assert "minimal 20 karakter" in _beside(page, "id_alasan")
    assert "minimal 20 karakter" not in _beside(page, "id_lampiran")
    assert "terlalu pendek" in page


def test_the_decider_and_the_employee_open_the_attachment_others_do_not(
    personas, closed, login, client, media
):
    pdf = SimpleUploadedFile("surat-apresiasi.pdf", b"%PDF-1.4\n surat", "application/pdf")
    login(personas.pegawai).post(_url(closed), {"alasan": REASON, "lampiran": pdf})
    item = LampiranKeberatan.objects.get()
    url = f"/tindak-lanjut/keberatan/lampiran/{item.pk}/"
    detail = f"/tindak-lanjut/keberatan/{item.keberatan_id}/"
    for user in (closed.kepala_user, personas.pegawai, personas.atasan, personas.admin):
        client.force_login(user)
        assert url in client.get(detail).content.decode()
        response = client.get(url)
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content).startswith(b"%PDF-1.4\n surat")
        assert 'attachment; filename="surat-apresiasi.pdf"' in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
    for stranger in (personas.rekan, personas.outsider):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
