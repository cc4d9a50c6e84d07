"""HR's journey through a held batch (issue 23): the review page lists it, the batch page
shows the evidence, a decision without a reason is refused beside the field keeping what
was typed, a decision with one is stored and the answers stay out of the IKM."""

import random
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from kinerja.citizen.models import PetugasLayanan, TahananSurvei
from tests.citizen.conftest import make_layanan
from tests.factories import InstansiFactory, PegawaiFactory, UnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture
def held(transactional_db):
    instansi = InstansiFactory(kode="KOTA", nama="Pemerintah Kota Uji")
    unit = UnitFactory(instansi=instansi, nama="Dinas Kependudukan dan Pencatatan Sipil")
    officer = PegawaiFactory(instansi=instansi, unit=unit, nama="Rina Petugas")
    service = make_layanan(instansi, unit, nama="Loket perekaman KTP-el", kode="ktp")
    p01 = PetugasLayanan.objects.create(
        instansi=instansi, layanan=service, pegawai=officer, kode="p01"
    )
    user = UserFactory(username="admin.hr", instansi=instansi, is_admin_kepegawaian=True)
    user.set_password("Rahasia-Uji-123")
    user.save()
    rng = random.Random(1)
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    url = reverse("citizen_survey_officer", args=[service.kode_publik, p01.kode_qr])
    for _ in range(8):
        attacker.post(url, {f"u{i}": str(rng.choice([1, 2])) for i in range(1, 10)})
    return TahananSurvei.objects.get()


@pytest.mark.parametrize("viewport", [(1366, 900), (390, 844)])
def test_hr_reviews_a_held_batch_with_its_evidence(browser, live_server, held, viewport):
    width, height = viewport
    context = browser.new_context(locale="id-ID", viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("NIP atau nama pengguna").fill("admin.hr")
    page.get_by_label("Kata sandi").fill("Rahasia-Uji-123")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}{reverse('citizen_review')}")
    page.get_by_role("link", name="Periksa bukti").click()
    page.get_by_text("Banyak jawaban dari satu alamat jaringan").wait_for()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"tahanan-{viewport[0]}.png"), full_page=True)
    page.get_by_label("Alasan keputusan").fill("skrip")
    page.get_by_role("button", name="Tolak, tetap tidak dihitung").click()
    page.get_by_text("minimal 10 karakter").wait_for()
    assert page.get_by_label("Alasan keputusan").input_value() == "skrip"
    page.get_by_label("Alasan keputusan").fill("Lima jawaban dari satu alamat dalam semenit.")
    page.get_by_role("button", name="Tolak, tetap tidak dihitung").click()
    page.get_by_text("Keputusan atas tahanan disimpan").wait_for()
    held.refresh_from_db()
    assert held.status == TahananSurvei.Status.DITOLAK
    assert held.jawaban.filter(dihitung=True).count() == 0
    context.close()
