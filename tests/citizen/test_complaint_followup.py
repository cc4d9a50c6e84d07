"""A complaint followed to its end: staff preview the attachment, forward it with no officer
chosen for them, the officer answers from their own list, the reporter rates or reopens."""

import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kinerja.citizen.complaints import (
    move_complaint,
    rate_complaint,
    reopen_complaint,
    submit_complaint,
)
from kinerja.citizen.errors import Refused
from kinerja.citizen.models import Aduan
from kinerja.core.models import AuditEntry
from tests.citizen.conftest import make_layanan

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _complaint(layanan, **extra):
    return submit_complaint(
        layanan.instansi, layanan=layanan, isi="Nomor antrean saya dilompati petugas.",
        ip_hash=uuid.uuid4().hex, **extra,
    )  # fmt: skip


def _forwarded(personas, layanan, **extra):
    aduan = _complaint(layanan, **extra)
    aduan = move_complaint(aduan, ke="diverifikasi", by=personas.admin)
    return move_complaint(
        aduan, ke="diteruskan", by=personas.admin, petugas=personas.pegawai_pegawai
    )


def _answered(personas, layanan, **extra):
    aduan = _forwarded(personas, layanan, **extra)
    return move_complaint(aduan, ke="direspons", by=personas.pegawai, tanggapan="Sudah kami tegur.")


# Attachment preview ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [("bukti.pdf", PDF, "application/pdf"), ("foto.png", PNG, "image/png")],
)
def test_staff_open_the_attachment_inline_with_its_type(
    personas, login, layanan, name, content, content_type
):
    aduan = _complaint(layanan, lampiran=SimpleUploadedFile(name, content))
    url = reverse("citizen_complaint_attachment", args=[aduan.kode_lacak])
    response = login(personas.admin).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("inline;")
    assert aduan.kode_lacak in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == content
    download = login(personas.admin).get(url + "?unduh=1")
    assert download["Content-Disposition"].startswith("attachment;")


def test_detail_page_previews_the_attachment_instead_of_printing_its_path(personas, login, layanan):
    pdf = _complaint(layanan, lampiran=SimpleUploadedFile("bukti.pdf", PDF))
    png = _complaint(layanan, lampiran=SimpleUploadedFile("foto.png", PNG))
    client = login(personas.admin)
    page = client.get(reverse("citizen_complaint_detail", args=[pdf.kode_lacak])).content.decode()
    src = reverse("citizen_complaint_attachment", args=[pdf.kode_lacak])
    assert f'<iframe class="pratinjau-pdf" src="{src}"' in page
    assert pdf.lampiran.name not in page
    page = client.get(reverse("citizen_complaint_detail", args=[png.kode_lacak])).content.decode()
    src = reverse("citizen_complaint_attachment", args=[png.kode_lacak])
    assert f'<img class="pratinjau-gambar" src="{src}"' in page


def test_attachment_follows_the_complaints_access_rule(personas, login, layanan):
    aduan = _complaint(layanan, lampiran=SimpleUploadedFile("bukti.pdf", PDF))
    url = reverse("citizen_complaint_attachment", args=[aduan.kode_lacak])
    personas.outsider_pegawai.unit.kepala = personas.outsider_pegawai
    personas.outsider_pegawai.unit.save()
    assert login(personas.outsider).get(url).status_code == 404  # another agency
    assert login(personas.rekan).get(url).status_code == 404  # not forwarded to them
    assert login(personas.pegawai).get(url).status_code == 404  # not yet forwarded
    move_complaint(aduan, ke="diverifikasi", by=personas.admin)
    move_complaint(aduan, ke="diteruskan", by=personas.admin, petugas=personas.pegawai_pegawai)
    assert login(personas.pegawai).get(url).status_code == 200  # now theirs
    assert login(personas.rekan).get(url).status_code == 404
    assert login(personas.auditor).get(url).status_code == 200


def test_a_complaint_without_attachment_has_none_to_open(personas, login, layanan):
    aduan = _complaint(layanan)
    url = reverse("citizen_complaint_attachment", args=[aduan.kode_lacak])
    assert login(personas.admin).get(url).status_code == 404


# Forwarding --------------------------------------------------------------------------------


def test_forward_form_preselects_no_officer(personas, login, layanan):
    aduan = move_complaint(_complaint(layanan), ke="diverifikasi", by=personas.admin)
    page = login(personas.admin).get(reverse("citizen_complaint_detail", args=[aduan.kode_lacak]))
    html = page.content.decode()
    assert '<option value="">— pilih petugas —</option>' in html
    select = html[html.index('name="petugas"') : html.index("</select>")]
    assert "selected" not in select
    assert personas.pegawai_pegawai.nama_lengkap in select


def test_forwarding_without_an_officer_is_refused_and_keeps_the_note(personas, login, layanan):
    aduan = move_complaint(_complaint(layanan), ke="diverifikasi", by=personas.admin)
    url = reverse("citizen_complaint_move", args=[aduan.kode_lacak])
    response = login(personas.admin).post(
        url, {"ke": "diteruskan", "version": aduan.version, "catatan": "Cek CCTV loket 2"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Pilih petugas yang menangani." in html
    assert 'value="Cek CCTV loket 2"' in html
    aduan.refresh_from_db()
    assert (aduan.status, aduan.petugas_id) == ("diverifikasi", None)


def test_an_officer_of_another_agency_cannot_be_chosen(personas, login, layanan):
    aduan = move_complaint(_complaint(layanan), ke="diverifikasi", by=personas.admin)
    response = login(personas.admin).post(
        reverse("citizen_complaint_move", args=[aduan.kode_lacak]),
        {"ke": "diteruskan", "version": aduan.version, "petugas": personas.outsider_pegawai.pk},
    )
    assert response.status_code == 400
    aduan.refresh_from_db()
    assert aduan.petugas_id is None


# The officer's own list --------------------------------------------------------------------


def test_officer_sees_complaints_forwarded_to_them_and_a_home_panel(personas, login, layanan):
    mine = _forwarded(personas, layanan)
    other = _complaint(layanan)
    move_complaint(other, ke="diverifikasi", by=personas.admin)
    move_complaint(other, ke="diteruskan", by=personas.admin, petugas=personas.rekan_pegawai)
    client = login(personas.pegawai)
    page = client.get(reverse("citizen_my_complaints")).content.decode()
    assert mine.kode_lacak in page and other.kode_lacak not in page
    home = client.get(reverse("home")).content.decode()
    assert "Aduan untuk saya" in home and "menunggu tanggapan" in home
    assert "Aduan untuk saya" in login(personas.rekan).get(reverse("home")).content.decode()


def test_answered_complaints_leave_the_waiting_list_but_stay_in_all(personas, login, layanan):
    aduan = _answered(personas, layanan)
    client = login(personas.pegawai)
    assert aduan.kode_lacak not in client.get(reverse("citizen_my_complaints")).content.decode()
    everything = client.get(reverse("citizen_my_complaints") + "?semua=1").content.decode()
    assert aduan.kode_lacak in everything
    assert "menunggu tanggapan" not in client.get(reverse("home")).content.decode()


def test_officer_may_only_answer_not_reject_or_reassign(personas, login, layanan):
    aduan = _forwarded(personas, layanan)
    client = login(personas.pegawai)
    page = client.get(reverse("citizen_complaint_detail", args=[aduan.kode_lacak])).content.decode()
    assert 'value="direspons"' in page and 'value="diteruskan"' not in page
    url = reverse("citizen_complaint_move", args=[aduan.kode_lacak])
    reassign = client.post(
        url, {"ke": "diteruskan", "version": aduan.version, "petugas": personas.rekan_pegawai.pk}
    )
    assert reassign.status_code == 403
    answered = client.post(
        url, {"ke": "direspons", "version": aduan.version, "tanggapan": "Sudah diperbaiki."}
    )
    assert answered.status_code == 302 and answered["Location"] == reverse("citizen_my_complaints")
    aduan.refresh_from_db()
    assert (aduan.status, aduan.petugas) == ("direspons", personas.pegawai_pegawai)


def test_an_empty_answer_keeps_nothing_and_says_what_to_write(personas, login, layanan):
    aduan = _forwarded(personas, layanan)
    response = login(personas.pegawai).post(
        reverse("citizen_complaint_move", args=[aduan.kode_lacak]),
        {"ke": "direspons", "version": aduan.version, "tanggapan": "   "},
    )
    assert response.status_code == 400
    assert "Tulis tanggapan untuk pelapor." in response.content.decode()
    aduan.refresh_from_db()
    assert aduan.status == "diteruskan"


def test_my_complaints_uses_a_constant_number_of_queries(
    personas, login, layanan, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(personas.pegawai)
    _forwarded(personas, layanan)
    url = reverse("citizen_my_complaints")
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    other = make_layanan(personas.instansi, personas.pegawai_pegawai.unit, kode="akta")
    for _ in range(4):
        _forwarded(personas, other)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)


# The reporter rates or reopens -------------------------------------------------------------


def test_reporter_rates_the_answer_once_from_the_tracking_page(client, personas, layanan):
    aduan = _answered(personas, layanan)
    status_url = reverse("citizen_complaint_status", args=[aduan.kode_lacak])
    assert "Kirim penilaian" in client.get(status_url).content.decode()
    url = reverse("citizen_complaint_rate", args=[aduan.kode_lacak])
    response = client.post(url, {"nilai": "4", "komentar": "Cepat ditanggapi."})
    assert response.status_code == 302
    aduan.refresh_from_db()
    assert (aduan.penilaian, aduan.komentar_penilaian) == (4, "Cepat ditanggapi.")
    entry = AuditEntry.objects.get(action="citizen.aduan.dinilai")
    assert entry.actor_label == "sistem" and entry.after["penilaian"] == 4
    again = client.post(url, {"nilai": "1"})
    assert again.status_code == 409
    aduan.refresh_from_db()
    assert aduan.penilaian == 4
    assert "Kirim penilaian" not in client.get(status_url).content.decode()


def test_a_rating_without_a_value_keeps_the_comment(client, personas, layanan):
    aduan = _answered(personas, layanan)
    response = client.post(
        reverse("citizen_complaint_rate", args=[aduan.kode_lacak]), {"komentar": "Lumayan"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Pilih nilai 1 sampai 5" in html and ">Lumayan</textarea>" in html
    aduan.refresh_from_db()
    assert aduan.penilaian is None


@pytest.mark.parametrize("nilai", [0, 6, None])
def test_rating_outside_one_to_five_is_refused(personas, layanan, nilai):
    aduan = _answered(personas, layanan)
    with pytest.raises(Refused) as refused:
        rate_complaint(aduan, nilai=nilai)
    assert refused.value.kolom == "nilai"


def test_an_unanswered_complaint_cannot_be_rated_or_reopened(client, personas, layanan):
    aduan = _forwarded(personas, layanan)
    page = client.get(reverse("citizen_complaint_status", args=[aduan.kode_lacak])).content
    assert b"Kirim penilaian" not in page and b"Buka kembali aduan" not in page
    url = reverse("citizen_complaint_rate", args=[aduan.kode_lacak])
    assert client.post(url, {"nilai": "5"}).status_code == 409
    with pytest.raises(Refused):
        reopen_complaint(aduan, alasan="Belum ada yang berubah di loket.")


def test_reopening_returns_it_to_the_officer_with_new_due_dates(client, login, personas, layanan):
    aduan = _answered(personas, layanan)
    rate_complaint(aduan, nilai=2)
    url = reverse("citizen_complaint_reopen", args=[aduan.kode_lacak])
    response = client.post(url, {"alasan": "Minggu ini nomor saya dilompati lagi."})
    assert response.status_code == 302
    aduan.refresh_from_db()
    assert (aduan.status, aduan.petugas) == ("diteruskan", personas.pegawai_pegawai)
    assert aduan.penilaian is None and aduan.jumlah_dibuka_ulang == 1
    assert aduan.tenggat_respons >= timezone.localdate()
    step = aduan.transisi.order_by("-pk").first()
    assert (step.dari, step.ke) == ("direspons", "diteruskan")
    assert "dilompati lagi" in step.catatan
    entry = AuditEntry.objects.get(action="citizen.aduan.dibuka_ulang")
    assert entry.before["penilaian"] == 2 and entry.after["status"] == "diteruskan"
    mine = login(personas.pegawai).get(reverse("citizen_my_complaints")).content.decode()
    assert aduan.kode_lacak in mine


def test_reopening_needs_a_reason_and_keeps_what_was_typed(client, personas, layanan):
    aduan = _answered(personas, layanan)
    response = client.post(
        reverse("citizen_complaint_reopen", args=[aduan.kode_lacak]), {"alasan": "Belum"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "minimal 10 karakter" in html and ">Belum</textarea>" in html
    aduan.refresh_from_db()
    assert aduan.status == "direspons"


def test_reopening_closes_after_the_window(settings, personas, layanan):
    settings.KINERJA_ADUAN_BUKA_ULANG_HARI = 3
    aduan = move_complaint(_answered(personas, layanan), ke="selesai", by=personas.admin)
    later = aduan.selesai_pada + timedelta(days=3, minutes=1)
    with pytest.raises(Refused) as refused:
        reopen_complaint(aduan, alasan="Masalahnya muncul lagi hari ini.", now=later)
    assert refused.value.kode == "lewat_batas_buka_ulang"
    assert "WIB" in refused.value.pesan
    aduan.refresh_from_db()
    assert aduan.status == "selesai"
    inside = aduan.selesai_pada + timedelta(days=2)
    reopened = reopen_complaint(aduan, alasan="Masalahnya muncul lagi hari ini.", now=inside)
    assert reopened.status == "diteruskan" and reopened.selesai_pada is None


def test_reopening_without_an_active_officer_goes_back_to_verification(personas, layanan):
    aduan = _answered(personas, layanan)
    personas.pegawai_pegawai.aktif = False
    personas.pegawai_pegawai.save()
    reopened = reopen_complaint(aduan, alasan="Tidak ada perubahan sama sekali.")
    assert reopened.status == "diverifikasi"


def test_a_second_answer_keeps_the_first_response_time(personas, layanan):
    aduan = _answered(personas, layanan)
    first = aduan.direspons_pada
    aduan = reopen_complaint(aduan, alasan="Tidak ada perubahan sama sekali.")
    aduan = move_complaint(aduan, ke="direspons", by=personas.pegawai, tanggapan="Sudah lagi.")
    assert aduan.direspons_pada == first
    assert Aduan.objects.get(pk=aduan.pk).tanggapan == "Sudah lagi."


def test_times_show_the_agencys_zone(client, personas, layanan):
    personas.instansi.zona_waktu = "Asia/Makassar"
    personas.instansi.save()
    received = timezone.make_aware(timezone.datetime(2026, 3, 2, 7, 30))  # 07:30 WIB
    aduan = _complaint(layanan, now=received)
    page = client.get(reverse("citizen_complaint_status", args=[aduan.kode_lacak])).content
    assert "2 Mar 2026 08.30 WITA" in page.decode()


def test_api_offers_the_officer_only_the_answer(client, personas, layanan):
    from kinerja.org.tokens import create_token

    aduan = _forwarded(personas, layanan)
    _token, raw = create_token(personas.pegawai, nama="uji")
    url = f"/api/v1/citizen/antrean-aduan/{aduan.kode_lacak}"
    body = client.get(url, HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert body["status_berikut"] == ["direspons"]
    refused = client.post(
        f"{url}/status", {"ke": "diteruskan", "version": aduan.version},
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}",
    )  # fmt: skip
    assert refused.status_code == 403
