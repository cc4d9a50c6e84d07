"""Browser journey: the employee files an objection, the rater's supervisor decides it, and the
employee sees the decision."""

import pytest
from playwright.sync_api import expect

from kinerja.scoring import services as scoring
from kinerja.skp.models import Periode
from tests.factories import PASSWORD, PegawaiFactory, UserFactory
from tests.followup.conftest import make_team
from tests.skp.factories import PeriodeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_objection_filed_decided_and_seen(page, sign_in, live_server, personas):
    boss = PegawaiFactory(instansi=personas.instansi, unit=personas.pegawai_pegawai.unit,
                          nama="Kepala Dinas")  # fmt: skip
    personas.atasan_pegawai.atasan = boss
    personas.atasan_pegawai.save(update_fields=["atasan"])
    boss_user = UserFactory(pegawai=boss)
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2025,
                             status=Periode.Status.PENILAIAN)  # fmt: skip
    make_team(personas, periode)
    scoring.close_period(periode, by=personas.admin)

    sign_in(page, personas.pegawai.username, PASSWORD)
    page.goto(f"{live_server.url}/tindak-lanjut/?periode=2025")
    page.get_by_role("link", name="Ajukan keberatan").click()
    page.get_by_label("Alasan keberatan").fill(
        "Realisasi triwulan empat belum diverifikasi padahal bukti sudah lengkap."
    )
    page.get_by_role("button", name="Kirim keberatan").click()
    expect(page.locator("#status-keberatan")).to_have_text("Diajukan")
    page.get_by_role("button", name="Keluar").click()

    sign_in(page, boss_user.username, PASSWORD)
    page.get_by_role("link", name="Siti Pegawai").first.click()
    page.get_by_label("Dikabulkan", exact=True).check()
    page.get_by_label("Hasil kerja baru (bila dikabulkan)").select_option("di_atas")
    page.get_by_label("Perilaku kerja baru (bila dikabulkan)").select_option("di_atas")
    page.get_by_label("Alasan keputusan").fill("Bukti lengkap dan diunggah tepat waktu.")
    page.get_by_role("button", name="Tetapkan keputusan").click()
    expect(page.locator("#status-keberatan")).to_have_text("Dikabulkan")
    page.get_by_role("button", name="Keluar").click()

    sign_in(page, personas.pegawai.username, PASSWORD)
    assert "Dikabulkan" in page.locator(".keberatan-saya").inner_text()
    page.goto(f"{live_server.url}/tindak-lanjut/?periode=2025")
    assert page.locator(".predikat").inner_text() == "Sangat Baik"
