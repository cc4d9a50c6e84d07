"""Browser journeys (issue 21), at 1366×900 and on a 390×844 phone: HR filters the data
warnings, opens the realisation to fix, and dismisses several at once with one reason; the
auditor verifies the chain, filters the log to those dismissals and exports them."""

import io
import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from kinerja.core.models import AuditEntry
from kinerja.insight.models import PeringatanDitutup
from kinerja.skp.models import Periode, Realisasi, Skp
from tests.factories import PASSWORD, PegawaiFactory, UnitFactory
from tests.skp.factories import (
    IndikatorFactory,
    PeriodeFactory,
    RealisasiFactory,
    RhkFactory,
    SkpFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "test-results"
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
REASON = "Bukti diserahkan fisik ke BKPSDM, sudah dicek."


def _beyond(pegawai, periode, uraian):
    skp = Skp.objects.filter(pegawai=pegawai, periode=periode).first() or SkpFactory(
        pegawai=pegawai, periode=periode, status=Skp.Status.DISETUJUI,
        disetujui_pada=datetime(2026, 1, 20, tzinfo=UTC),
    )  # fmt: skip
    ind = IndikatorFactory(rhk=RhkFactory(skp=skp), uraian=uraian, target=Decimal(40))
    return RealisasiFactory(indikator=ind, bagian=periode.bagian.get(nomor=1),
                            nilai=Decimal("99"), status=Realisasi.Status.DIVERIFIKASI)  # fmt: skip


def _world(personas):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026,
                             status=Periode.Status.PELAKSANAAN)  # fmt: skip
    dishub = UnitFactory(instansi=personas.instansi, kode="DISHUB", nama="Dinas Perhubungan")
    andi = PegawaiFactory(instansi=personas.instansi, unit=dishub, nama="Andi Dishub",
                          atasan=personas.atasan_pegawai)  # fmt: skip
    for i in range(8):  # 16 warnings at Dinas Kesehatan
        _beyond(personas.pegawai_pegawai, periode, f"Laporan kesehatan {i}")
    for i in range(7):  # 14 at Dinas Perhubungan: 30 in all, two pages
        _beyond(andi, periode, f"Laporan angkutan {i}")
    return periode, dishub


def _no_overflow(page, width):
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"halaman {scroll} px pada layar {width} px"


def _shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_hr_filters_opens_the_fix_and_dismisses_several_then_the_auditor_checks(
    browser, live_server, sign_in, personas, size
):
    periode, dishub = _world(personas)
    viewport = SIZES[size]
    context = browser.new_context(locale="id-ID", viewport=viewport,
                                  is_mobile=size == "phone", has_touch=size == "phone")  # fmt: skip
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(page, personas.admin.username, PASSWORD)
        page.goto(f"{live_server.url}/wawasan/peringatan/")
        assert page.get_by_role("heading", name="30 peringatan terbuka").is_visible()
        assert page.locator("table.warnings tbody tr").count() == 25
        assert page.get_by_text("Halaman 1 dari 2").is_visible()
        _shot(page, f"warn-peringatan-{size}")
        _no_overflow(page, viewport["width"])

        page.get_by_label("Aturan", exact=True).select_option(label="Realisasi tanpa bukti dukung")
        page.get_by_label("Unit", exact=True).select_option(label="Dinas Perhubungan")
        page.get_by_role("button", name="Saring").click()
        page.wait_for_url("**aturan=bukti_kosong**")
        rows = page.locator("table.warnings tbody tr")
        assert rows.count() == 7
        for i in range(rows.count()):
            assert "Andi Dishub" in rows.nth(i).inner_text()
            assert "Dinas Perhubungan" in rows.nth(i).inner_text()
        _shot(page, f"warn-peringatan-saring-{size}")

        first = rows.first
        indicator = first.locator("td").nth(3).inner_text().strip()
        first.get_by_role("link", name="Buka realisasi").click()
        page.wait_for_url("**/bagian/1/#ind-*")
        assert page.locator(f"#ind-{page.url.rsplit('#ind-', 1)[1]}").count() == 1
        assert indicator in page.content()
        page.go_back()
        page.wait_for_url("**aturan=bukti_kosong**")

        boxes = page.locator("table.warnings tbody input[type=checkbox]")
        boxes.nth(0).check()
        boxes.nth(1).check()
        page.get_by_label("Alasan (sama untuk semua").fill("pendek")
        page.get_by_role("button", name="Tutup yang dicentang").click()
        # the browser refuses a reason under 10 characters before sending (minlength)
        assert PeringatanDitutup.objects.count() == 0
        page.get_by_label("Alasan (sama untuk semua").fill(REASON)
        page.get_by_role("button", name="Tutup yang dicentang").click()
        # Waits for the answer (asked right after the click, the old page was read).
        expect(page.get_by_text("2 peringatan ditutup")).to_be_visible()
        expect(page.locator("table.warnings tbody tr")).to_have_count(5)
        assert PeringatanDitutup.objects.count() == 2
        assert AuditEntry.objects.filter(action="peringatan.tutup").count() == 2
        _shot(page, f"warn-peringatan-tutup-{size}")
        _no_overflow(page, viewport["width"])

        context.clear_cookies()
        sign_in(page, personas.auditor.username, PASSWORD)
        page.goto(f"{live_server.url}/audit/")
        page.get_by_role("button", name="Periksa rantai sekarang").click()
        expect(page.locator("#hasil-rantai")).to_have_text(re.compile(r"^\s*Rantai utuh"))
        page.get_by_label("Tindakan").select_option(label="Peringatan: tutup")
        page.get_by_role("button", name="Saring").click()
        page.wait_for_url("**tindakan=peringatan.tutup**")
        audit_rows = page.locator("table.audit tbody tr")
        expect(audit_rows).to_have_count(2)
        assert "Andi Dishub" in audit_rows.first.inner_text()
        assert REASON in audit_rows.first.inner_text()
        _shot(page, f"warn-audit-{size}")
        _no_overflow(page, viewport["width"])
        with page.expect_download() as info:
            page.get_by_role("link", name="XLSX").click()
        book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
        rows_xlsx = list(book.active.iter_rows(values_only=True))
        assert len(rows_xlsx) == 3 and rows_xlsx[0][0] == "No."
        assert all(r[3] == "Peringatan: tutup" for r in rows_xlsx[1:])
    finally:
        context.close()
