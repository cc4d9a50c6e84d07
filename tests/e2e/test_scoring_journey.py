"""Scoring journey in Chromium: the employee reads why; the rater overrides with a reason;
HR sees the curve, runs a what-if and closes the period."""

import pytest
from playwright.sync_api import expect

from kinerja.scoring import services
from kinerja.skp.models import Periode
from tests.factories import PASSWORD
from tests.scoring.conftest import A, S, simple_skp
from tests.skp.factories import PeriodeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_explanation_override_curve_and_close(page, live_server, sign_in, personas):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026,
                             status=Periode.Status.PENILAIAN)  # fmt: skip
    simple_skp(personas.pegawai_pegawai, periode, real=(10, 10, 10, 14),
               perilaku=(A,) * 4 + (S,) * 3)  # fmt: skip
    simple_skp(personas.rekan_pegawai, periode)
    services.compute_results(periode, by=personas.admin)
    services.set_org_predikat(periode, by=personas.pimpinan, predikat="istimewa")

    # The employee reads why.
    sign_in(page, personas.pegawai.username, PASSWORD)
    page.goto(f"{live_server.url}/penilaian/?periode=2026")
    page.get_by_role("link", name="Tahunan").click()
    # plain words first; the formulas behind "Rincian teknis" (issue 21)
    expect(page.get_by_role("heading", name="Hasil kerja per RHK")).to_be_visible()
    page.locator("#rincian-teknis summary").click()
    expect(page.get_by_text("capaian = 44,00 / 40,00 × 100% = 110,00%")).to_be_visible()
    expect(page.get_by_text("Sangat Baik").first).to_be_visible()
    page.context.clear_cookies()

    # The rater overrides with a reason.
    sign_in(page, personas.atasan.username, PASSWORD)
    page.goto(f"{live_server.url}/penilaian/tim/?periode=2026&bagian=tahunan")
    row = page.locator("tr", has_text="Siti Pegawai")
    row.get_by_role("link", name="Ubah dengan alasan").click()
    page.get_by_label("Hasil kerja").select_option("sesuai")
    page.get_by_label("Perilaku kerja").select_option("di_atas")
    page.get_by_label("Alasan (wajib").fill("Realisasi kuartal 4 sebagian dari tim lain.")
    early = page.get_by_label("Saya memutuskan hasil tahunan lebih awal")
    if early.count():  # before the year's last slice has ended (issue 19)
        early.last.check()
    page.get_by_role("button", name="Simpan perubahan").click()
    expect(page.get_by_text("Penilai mengubah usulan.")).to_be_visible()
    expect(page.get_by_text("Realisasi kuartal 4 sebagian dari tim lain.")).to_be_visible()
    page.goto(f"{live_server.url}/penilaian/tim/?periode=2026&bagian=tahunan")
    other = page.locator("tr", has_text="Rina Rekan")
    if other.get_by_label("lebih awal").count():
        other.get_by_label("lebih awal").check()
    other.get_by_role("button", name="Konfirmasi").click()  # htmx swaps the row
    expect(other.get_by_text("Hasil Rina Rekan dikonfirmasi.")).to_be_visible()
    page.context.clear_cookies()

    # HR sees the curve, a what-if, and closes the period.
    sign_in(page, personas.admin.username, PASSWORD)
    page.goto(f"{live_server.url}/penilaian/kurva/?periode=2026")
    expect(page.get_by_role("heading", name="Seluruh instansi")).to_be_visible()
    page.get_by_label("Jika predikat organisasi").select_option("sangat_kurang")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.get_by_text("andaikan").first).to_be_visible()
    expect(page.get_by_text("paling sedikit 60% Sangat Kurang").first).to_be_visible()
    page.get_by_role("link", name="Penutupan periode").click()
    # The close page has loaded before asking whether it wants a reason (counted while the
    # curve page is still shown, it finds none and the close is refused for want of one).
    expect(page.get_by_role("button", name="Tutup periode 2026")).to_be_visible()
    if page.get_by_label("Alasan menutup").count():
        page.get_by_label("Alasan menutup").fill("Sesuai jadwal penutupan BKPSDM")
    page.get_by_label("Ketik Periode 2026 untuk menutupnya").fill("Periode 2026")
    page.get_by_role("button", name="Tutup periode 2026").click()
    expect(page.get_by_text("Periode 2026 ditutup")).to_be_visible()
    expect(page.get_by_role("heading", name="Penutupan terakhir")).to_be_visible()
    periode.refresh_from_db()
    assert periode.status == Periode.Status.DITUTUP
