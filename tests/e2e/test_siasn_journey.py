"""Browser journey (issue 22): HR opens the closed period's close page, downloads the SIASN
kinerja periodik export as XLSX and as JSON, and one employee's codes in both match what
that employee's result page shows (after an upheld objection: the decision that holds now)."""

import json
from pathlib import Path

import pytest

from kinerja.core.spreadsheet import read_table
from kinerja.followup import services as followup
from kinerja.scoring import services as scoring
from kinerja.scoring import siasn
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.skp.models import Periode
from tests.e2e.conftest import RESULTS
from tests.factories import PASSWORD, PegawaiFactory, UserFactory
from tests.followup.conftest import annual, make_team
from tests.skp.factories import PeriodeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Realisasi triwulan empat belum diverifikasi padahal bukti sudah lengkap."
VIEWPORTS = {"desktop": (1366, 900), "ponsel": (390, 844)}
RATING_OF_LABEL = {r.label: r for r in pmp.Rating}


def _closed_with_upheld_objection(personas):
    boss = PegawaiFactory(instansi=personas.instansi, unit=personas.pegawai_pegawai.unit,
                          nama="Kepala Dinas")  # fmt: skip
    personas.atasan_pegawai.atasan = boss
    personas.atasan_pegawai.save(update_fields=["atasan"])
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2025,
                             status=Periode.Status.PENILAIAN)  # fmt: skip
    skp = make_team(personas, periode)
    scoring.close_period(periode, by=personas.admin)
    siti = annual(skp["siti"])
    k = followup.file_objection(siti, by=personas.pegawai, alasan=REASON)
    followup.decide_objection(
        k, by=UserFactory(pegawai=boss), putusan="dikabulkan", alasan=REASON,
        hasil_kerja="di_atas", perilaku="di_atas",
    )  # fmt: skip
    return siti


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_hr_downloads_the_siasn_export_of_a_closed_period(
    browser, sign_in, live_server, personas, viewport, tmp_path
):
    siti = _closed_with_upheld_objection(personas)
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(
        locale="id-ID", viewport={"width": width, "height": height}, accept_downloads=True,
        is_mobile=viewport == "ponsel", has_touch=viewport == "ponsel",
    )  # fmt: skip
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(page, personas.admin.username, PASSWORD)
        page.goto(f"{live_server.url}/penilaian/tutup/?periode=2025")
        section = page.locator("#siasn")
        assert section.get_by_role("heading").inner_text() == "Ekspor ke SIASN (kinerja periodik)"
        RESULTS.mkdir(exist_ok=True)
        section.scroll_into_view_if_needed()
        page.screenshot(path=str(RESULTS / f"siasn-tutup-{viewport}.png"), full_page=True)

        with page.expect_download() as xlsx_download:
            section.get_by_role("link", name="Unduh XLSX").click()
        xlsx = Path(xlsx_download.value.path()).read_bytes()
        assert xlsx_download.value.suggested_filename == "siasn-kinerja-periodik-2025.xlsx"
        with page.expect_download() as json_download:
            section.get_by_role("link", name="Unduh JSON").click()
        data = json.loads(Path(json_download.value.path()).read_text(encoding="utf-8"))

        # The employee's row in the XLSX (its preamble skipped by read_table)
        table = read_table(xlsx)
        header, rows = table[0], table[1:]
        col = {name: header.index(name) for name in header}
        nip = personas.pegawai_pegawai.nip
        row = next(r for r in rows if r[col["NIP"]] == nip and r[col["Bagian"]] == "Tahunan")
        codes = [row[col[k]] for k in ("hasilKinerjaNilai", "perilakuKerjaNilai",
                                       "kuadranKinerjaNilai")]  # fmt: skip
        record = next(r for r in data["data"] if r["nipBaru"] == nip
                      and r["periodikId"] == siasn.PERIODIK["tahunan"])  # fmt: skip
        assert codes == [record["hasilKinerjaNilai"], record["perilakuKerjaNilai"],
                         record["kuadranKinerjaNilai"]]  # fmt: skip
        assert data["success"] is True and "2025" in data["message"]

        # ... against what the employee's result page shows now (the upheld objection)
        page.goto(f"{live_server.url}/penilaian/hasil/{siti.pk}/")
        shown = page.locator("dt:has-text('Setelah penutupan') + dd").inner_text()
        work = RATING_OF_LABEL[row[col["Hasil kerja"]]]
        behaviour = RATING_OF_LABEL[row[col["Perilaku kerja"]]]
        assert f"hasil kerja {work.label}" in shown and f"perilaku {behaviour.label}" in shown
        assert row[col["Predikat"]] in shown
        assert codes == list(siasn.codes(work.value, behaviour.value))
        assert row[col["Sumber keputusan"]] == "Keberatan dikabulkan"
        page.screenshot(path=str(RESULTS / f"siasn-hasil-{viewport}.png"), full_page=True)
    finally:
        context.close()


def test_the_export_link_is_not_offered_to_pimpinan(browser, sign_in, live_server, personas):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2025,
                             status=Periode.Status.PENILAIAN)  # fmt: skip
    make_team(personas, periode)
    scoring.close_period(periode, by=personas.admin)
    context = browser.new_context(locale="id-ID", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        sign_in(page, personas.pimpinan.username, PASSWORD)
        page.goto(f"{live_server.url}/penilaian/tutup/?periode=2025")
        assert page.get_by_role("heading", name="Penutupan terakhir").is_visible()
        assert page.locator("#siasn").count() == 0
        assert page.get_by_role("link", name="Unduh XLSX").count() == 0
    finally:
        context.close()
