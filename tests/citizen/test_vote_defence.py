"""Public answers about an officer are defended like votes (issue 23): unguessable QR
codes, a daily cap per address and officer, and the anomaly check that holds suspect
answers out of the IKM until HR decides, audited."""

import random
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinerja.citizen import anomaly
from kinerja.citizen.models import JawabanSurvei, PetugasLayanan, TahananSurvei
from kinerja.citizen.protection import day_start
from kinerja.citizen.queries import ikm_rows
from kinerja.citizen.survey import create_tokens, submit_answer
from kinerja.core.models import AuditEntry
from tests.citizen.conftest import add_answers


def officer_url(layanan, code):
    return reverse("citizen_survey_officer", args=[layanan.kode_publik, code])


def officer_ikm(layanan, officer):
    today = timezone.localdate()
    rows = ikm_rows(layanan.instansi_id, today - timedelta(days=60), today, per="petugas")
    return {row.key: (row.responden, row.hasil.nilai) for row in rows}.get(officer.pk)


def low_answer(rng):
    return {f"u{i}": str(rng.choice([1, 1, 2])) for i in range(1, 10)}


@pytest.fixture
def p01(personas, layanan):
    """Officer p01 with an honest history: 40 good answers over the last weeks."""
    officer = PetugasLayanan.objects.get(layanan=layanan, kode="p01")
    rng = random.Random(7)
    rows = [[rng.choice([3, 3, 4]) for _ in range(9)] for _ in range(40)]
    answers = add_answers(layanan, rows, petugas=personas.pegawai_pegawai)
    past = timezone.now() - timedelta(days=10)
    JawabanSurvei.objects.filter(pk__in=[a.pk for a in answers]).update(diterima_pada=past)
    return officer


def test_the_qr_carries_an_unguessable_code_not_the_short_one(p01, layanan):
    from kinerja.citizen.qr import survey_url

    assert len(p01.kode_qr) >= 16 and p01.kode_qr != p01.kode
    assert survey_url(layanan, p01).endswith(f"/{p01.kode_qr}/")
    other = PetugasLayanan.objects.create(
        instansi=layanan.instansi, layanan=layanan, pegawai=p01.pegawai.atasan, kode="p02"
    )
    assert other.kode_qr != p01.kode_qr


def test_a_short_code_alone_does_not_rate_the_officer(client, p01, layanan):
    response = client.post(officer_url(layanan, "p01"), low_answer(random.Random(1)))
    assert response.status_code == 400
    assert "kode struk" in response.content.decode()
    assert not JawabanSurvei.objects.filter(diterima_pada__date=timezone.localdate()).exists()
    # With a receipt code (one transaction, one answer) the printed short code is enough.
    (token,) = create_tokens(layanan, jumlah=1, by=None)
    answer = {f"u{i}": "3" for i in range(1, 10)} | {"token": token.kode}
    assert client.post(officer_url(layanan, "p01"), answer).status_code == 302


def test_sinking_attack_from_one_address_leaves_the_ikm_and_shows_hr_a_held_batch(
    p01, layanan, personas
):
    """The issue's replay: 30 varied low answers from one address within a minute."""
    before = officer_ikm(layanan, p01.pegawai)
    assert before is not None and before[1] > 80
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    rng = random.Random(23)
    statuses = [
        attacker.post(officer_url(layanan, p01.kode_qr), low_answer(rng)).status_code
        for _ in range(30)
    ]
    assert statuses.count(302) == 5  # the daily cap per address and officer
    assert set(statuses[5:]) == {429}
    assert officer_ikm(layanan, p01.pegawai) == before
    batch = TahananSurvei.objects.get()
    assert batch.status == TahananSurvei.Status.DITAHAN and "alamat" in batch.aturan
    assert batch.jawaban.count() == 5
    assert not batch.jawaban.filter(dihitung=True).exists()
    assert AuditEntry.objects.filter(action="citizen.tahanan.buat").count() == 1

    hr = Client()
    hr.force_login(personas.admin)
    queue = hr.get(reverse("citizen_review")).content.decode()
    assert p01.pegawai.nama in queue and "Periksa bukti" in queue
    page = hr.get(reverse("citizen_held_batch", args=[batch.pk])).content.decode()
    assert "Banyak jawaban dari satu alamat jaringan" in page
    assert page.count(f"#{JawabanSurvei.objects.filter(tahanan=batch).first().ip_hash[:8]}") >= 5


def test_rotating_addresses_in_one_network_or_a_burst_are_held(p01, layanan):
    rng = random.Random(5)
    for i in range(8):  # one /24, different addresses
        Client(REMOTE_ADDR=f"198.51.100.{i + 1}").post(
            officer_url(layanan, p01.kode_qr), low_answer(rng)
        )
    batch = TahananSurvei.objects.get()
    assert "awalan" in batch.aturan and batch.jawaban.count() >= 6
    for i in range(12):  # spread over the internet, but within a minute
        Client(REMOTE_ADDR=f"10.{i}.7.1").post(officer_url(layanan, p01.kode_qr), low_answer(rng))
    batch.refresh_from_db()
    assert "lonjakan" in batch.aturan and batch.jawaban.count() == 20
    assert officer_ikm(layanan, p01.pegawai)[0] == 40


def test_a_shift_from_the_officers_baseline_is_held(settings, p01, layanan):
    settings.KINERJA_SURVEI_ANOMALI = {"lonjakan_jumlah": 1000, "awalan_jumlah": 1000}
    before = officer_ikm(layanan, p01.pegawai)
    rng = random.Random(9)
    morning = day_start(timezone.now()) + timedelta(hours=1)
    for i in range(8):  # slow and from everywhere: only the shift gives them away
        when = morning + timedelta(minutes=20 * i)
        ip = f"172.16.{i}.{i + 3}"
        submit_answer(
            layanan, answers={f"u{k}": rng.choice([1, 2]) for k in range(1, 10)},
            ip_hash=ip, prefix_hash=ip, petugas_id=p01.pegawai_id, now=when,
        )  # fmt: skip
    batch = TahananSurvei.objects.get()
    assert batch.aturan == ["pergeseran"]
    assert batch.bukti["pergeseran"]["rerata_dasar"] > 3
    assert officer_ikm(layanan, p01.pegawai) == before


def test_hr_releases_or_rejects_a_batch_with_a_reason_audited(client, p01, layanan, personas):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(4):
        attacker.post(officer_url(layanan, p01.kode_qr), low_answer(random.Random(3)))
    batch = TahananSurvei.objects.get()
    client.force_login(personas.admin)
    url = reverse("citizen_held_batch", args=[batch.pk])
    refused = client.post(url, {"keputusan": "tolak", "catatan": "spam"})
    assert refused.status_code == 400 and "minimal 10 karakter" in refused.content.decode()
    assert "spam</textarea>" in refused.content.decode()
    batch.refresh_from_db()
    assert batch.status == TahananSurvei.Status.DITAHAN
    client.post(url, {"keputusan": "tolak", "catatan": "Satu alamat dalam semenit, skrip."})
    batch.refresh_from_db()
    assert batch.status == TahananSurvei.Status.DITOLAK and batch.diputus_oleh == personas.admin
    assert batch.jawaban.count() == 4  # never dropped
    assert set(batch.jawaban.values_list("review", flat=True)) == {"dikecualikan"}
    entry = AuditEntry.objects.get(action="citizen.tahanan.putus")
    assert entry.after["status"] == "ditolak" and len(entry.after["jawaban"]) == 4
    again = client.post(url, {"keputusan": "lepas", "catatan": "Berubah pikiran sekarang."})
    assert again.status_code == 409


def test_releasing_counts_the_answers(p01, layanan, personas):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        attacker.post(officer_url(layanan, p01.kode_qr), {f"u{i}": "4" for i in range(1, 10)})
    batch = TahananSurvei.objects.get()
    anomaly.decide_hold(batch, lepas=True, by=personas.admin, catatan="Tiga keluarga, satu wifi.")
    assert officer_ikm(layanan, p01.pegawai)[0] == 43


def test_only_hr_decides_and_other_agencies_get_404(client, p01, layanan, personas):
    for _ in range(3):
        Client(REMOTE_ADDR="203.0.113.9").post(
            officer_url(layanan, p01.kode_qr), low_answer(random.Random(4))
        )
    batch = TahananSurvei.objects.get()
    url = reverse("citizen_held_batch", args=[batch.pk])
    client.force_login(personas.auditor)
    assert client.get(url).status_code == 200
    assert client.post(url, {"keputusan": "lepas", "catatan": "x" * 20}).status_code == 403
    client.force_login(personas.outsider)
    assert client.get(url).status_code in (403, 404)
