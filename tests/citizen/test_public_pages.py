"""Public pages: no login, the answer is stored before the thank-you page, protections."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinerja.citizen.models import Aduan, JawabanSurvei
from kinerja.citizen.queries import ikm_rows
from kinerja.citizen.survey import create_tokens
from kinerja.scoring.rules.common import round_half_up

WORKED = {f"u{i}": "3" for i in range(1, 10)} | {"u7": "4"}


def survey_url(layanan, officer=None):
    if officer:
        return reverse("citizen_survey_officer", args=[layanan.kode_publik, officer])
    return reverse("citizen_survey", args=[layanan.kode_publik])


def test_survey_page_needs_no_login_and_shows_nine_questions(client, layanan):
    response = client.get(survey_url(layanan))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('type="radio"') == 36
    assert "Sangat sopan dan ramah" in html
    assert "<script" not in html  # no script needed to answer
    assert "csrfmiddlewaretoken" in html


def test_answer_is_stored_then_thank_you_page(client, layanan):
    response = client.post(survey_url(layanan), WORKED | {"usia": "40", "saran": "Bagus"})
    assert response.status_code == 302
    assert response["Location"] == reverse("citizen_survey_thanks", args=[layanan.kode_publik])
    stored = JawabanSurvei.objects.get()
    assert (stored.u7, stored.usia, stored.saran, stored.petugas_id) == (4, 40, "Bagus", None)
    assert len(stored.ip_hash) == 32 and "127.0.0.1" not in stored.ip_hash
    thanks = client.get(response["Location"])
    assert "Jawaban Anda sudah kami simpan" in thanks.content.decode()


def test_web_path_reproduces_the_worked_example(settings, layanan):
    settings.KINERJA_SURVEI_LONJAKAN = (100, 600)  # ten identical answers are no burst here
    for i in range(10):
        Client(REMOTE_ADDR=f"10.0.0.{i}").post(survey_url(layanan), WORKED)
    today = timezone.localdate()
    (row,) = ikm_rows(layanan.instansi_id, today, today)
    assert row.responden == 10
    assert round_half_up(row.hasil.nilai) == Decimal("77.78")
    assert row.hasil.mutu == "B"


def test_officer_survey_by_qr_code_and_by_short_code_or_nip_with_a_receipt(
    client, personas, layanan
):
    qr_code = layanan.penugasan.get().kode_qr
    assert client.post(survey_url(layanan, qr_code), WORKED).status_code == 302
    first, second = create_tokens(layanan, jumlah=2, by=personas.admin)
    client.post(survey_url(layanan, "p01"), WORKED | {"token": first.kode})
    nip = personas.pegawai_pegawai.nip
    client.post(survey_url(layanan, nip), WORKED | {"u1": "1", "token": second.kode})
    assert JawabanSurvei.objects.filter(petugas=personas.pegawai_pegawai).count() == 3
    assert client.get(survey_url(layanan, "tidak-ada")).status_code == 404


def test_missing_answer_shows_the_question_again(client, layanan):
    data = dict(WORKED)
    del data["u3"]
    response = client.post(survey_url(layanan), data)
    assert response.status_code == 400
    assert "Pilih salah satu jawaban" in response.content.decode()
    assert not JawabanSurvei.objects.exists()


def test_honeypot_filled_stores_nothing(client, layanan):
    response = client.post(survey_url(layanan), WORKED | {"situs_web": "http://spam"})
    assert response.status_code == 400
    assert not JawabanSurvei.objects.exists()


def test_csrf_is_enforced(layanan):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(survey_url(layanan), WORKED).status_code == 403
    assert not JawabanSurvei.objects.exists()


def test_rate_limit_message_on_the_page(client, settings, layanan):
    settings.KINERJA_SURVEI_BATAS_ALAMAT = (1, 600)
    client.post(survey_url(layanan), WORKED)
    response = client.post(survey_url(layanan), WORKED | {"u1": "2"})
    assert response.status_code == 429
    assert "Terlalu banyak jawaban" in response.content.decode()


def test_reused_receipt_code_is_refused_with_a_clear_message(client, personas, layanan):
    (token,) = create_tokens(layanan, jumlah=1, by=personas.admin)
    assert token.kode in client.get(survey_url(layanan) + f"?t={token.kode}").content.decode()
    assert client.post(survey_url(layanan), WORKED | {"token": token.kode}).status_code == 302
    again = Client(REMOTE_ADDR="10.9.9.9").post(survey_url(layanan), WORKED | {"token": token.kode})
    assert again.status_code == 409
    assert "sudah dipakai" in again.content.decode()
    assert JawabanSurvei.objects.count() == 1


def test_inactive_or_unknown_service_is_not_found(client, layanan):
    layanan.aktif = False
    layanan.save()
    assert client.get(survey_url(layanan)).status_code == 404
    assert client.get("/layanan/s/tidak-ada/").status_code == 404


def test_complaint_gives_a_tracking_code_and_a_status_page(client, layanan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("bukti.png", b"\x89PNG\r\n\x1a\n" + b"0" * 50)
    response = client.post(
        reverse("citizen_complaint_new"),
        {"layanan": layanan.kode_publik, "isi": "Petugas meminta biaya tambahan.",
         "kontak_pelapor": "0812", "lampiran": photo},
    )  # fmt: skip
    aduan = Aduan.objects.get()
    assert response.status_code == 302
    assert aduan.kode_lacak in response["Location"]
    assert aduan.lampiran.name.endswith(".png")
    page = client.get(response["Location"]).content.decode()
    assert aduan.kode_lacak in page and "Diterima" in page
    assert "0812" not in page  # contact details are never shown publicly
    found = client.get(reverse("citizen_complaint_track"), {"kode": aduan.kode_lacak.lower()})
    assert found.status_code == 302


def test_unknown_tracking_code_says_so(client, db):
    response = client.get(reverse("citizen_complaint_track"), {"kode": "ADU-XXXX-YYYY"})
    assert "tidak ditemukan" in response.content.decode()
    assert client.get(reverse("citizen_complaint_status", args=["ADU-NOPE"])).status_code == 404


@pytest.mark.parametrize("honeypot", ["x"])
def test_complaint_honeypot(client, layanan, honeypot):
    response = client.post(
        reverse("citizen_complaint_new"),
        {"layanan": layanan.kode_publik, "isi": "Isi aduan cukup panjang", "situs_web": honeypot},
    )
    assert response.status_code == 400
    assert not Aduan.objects.exists()
