"""Browser walk of the homes (issue 21), at 1366×900 and on a 390×844 phone: HR stores the
dashboard summary and the head's home then gives its figures, each leading to its list; an
employee reads a new message in "dialog kinerja Anda" and opens it; a supervisor's team
menu offers "Keberatan tim", and the team table writes each NIP in its four parts."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from kinerja.scoring import services
from kinerja.skp import services as skp_services
from kinerja.skp.models import Periode
from tests.factories import PASSWORD
from tests.scoring.conftest import simple_skp
from tests.skp.factories import PeriodeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "test-results"
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def _world(personas):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026,
                             status=Periode.Status.PELAKSANAAN)  # fmt: skip
    siti = simple_skp(personas.pegawai_pegawai, periode)
    # Rina reaches half her target: her predikat needs attention
    simple_skp(personas.rekan_pegawai, periode, real=(5, 5, 5, 5))
    services.compute_results(periode, by=personas.admin)
    skp_services.post_message(siti, bagian=periode.bagian.get(nomor=1),
                              isi="Mohon unggah bukti kegiatan.", by=personas.atasan)  # fmt: skip
    return periode


def _context(browser, size):
    viewport = SIZES[size]
    context = browser.new_context(locale="id-ID", viewport=viewport,
                                  is_mobile=size == "phone", has_touch=size == "phone")  # fmt: skip
    context.set_default_timeout(15_000)
    return context, viewport["width"]


def _look(page, name, width):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{name}: halaman {scroll} px pada layar {width} px"


def _open_menu_link(page, name):
    """Follow a link of the main navigation, opening the phone menu and its group first."""
    nav = page.get_by_role("navigation", name="Navigasi utama")
    toggle = page.get_by_role("button", name="Menu")
    if toggle.is_visible():
        toggle.click()
    inner = page.get_by_role("link", name=name, exact=True, include_hidden=True)
    link = nav.locator(inner).first
    group = nav.locator("details", has=inner)
    if group.count() and not link.is_visible():
        group.first.locator("summary").click()
    link.click()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_each_role_reads_its_home_and_follows_it(browser, live_server, sign_in, personas, size):
    _world(personas)
    context, width = _context(browser, size)
    try:
        # HR stores the period's dashboard summary from the dashboard.
        hr = context.new_page()
        sign_in(hr, personas.admin.username, PASSWORD)
        hr.goto(f"{live_server.url}/wawasan/?tahun=2026")
        hr.get_by_role("button", name="Perbarui ringkasan").click()
        expect(hr.get_by_text("Ringkasan periode 2026 diperbarui")).to_be_visible()
        hr.context.clear_cookies()

        # The head's home gives the stored figures; the first leads to the people listed.
        head = hr
        sign_in(head, personas.pimpinan.username, PASSWORD)
        card = head.locator("section[aria-labelledby=h-wawasan]")
        expect(card).to_contain_text("1 pegawai perlu perhatian")
        expect(card).to_contain_text("cakupan kurva distribusi melampaui batas")
        _look(head, f"home-pimpinan-{size}", width)
        card.get_by_role("link", name="pegawai perlu perhatian").click()
        head.wait_for_url("**/wawasan/?tahun=2026#h-perhatian")
        expect(head.locator("#h-perhatian")).to_be_visible()
        expect(head.get_by_role("cell", name="Rina Rekan")).to_be_visible()
        head.context.clear_cookies()

        # The employee reads the new message as hers, and opens the dialogue.
        siti = head
        sign_in(siti, personas.pegawai.username, PASSWORD)
        message = siti.get_by_role("link", name="1 pesan baru dalam dialog kinerja Anda (bagian 1)")
        expect(message).to_be_visible()
        expect(siti.get_by_text("dialog kinerja Siti Pegawai")).to_have_count(0)
        _look(siti, f"home-pegawai-{size}", width)
        message.click()
        expect(siti.get_by_text("Mohon unggah bukti kegiatan.")).to_be_visible()
        siti.context.clear_cookies()

        # The supervisor: NIPs in four parts, and the team's objections under "Tim saya".
        rater = siti
        sign_in(rater, personas.atasan.username, PASSWORD)
        nip = personas.pegawai_pegawai.nip_tertulis
        expect(rater.locator("td[data-label=NIP]", has_text=nip)).to_have_count(1)
        _look(rater, f"home-atasan-{size}", width)
        _open_menu_link(rater, "Keberatan tim")
        rater.wait_for_url("**/tindak-lanjut/keberatan/")
        expect(rater.get_by_role("heading", name="Keberatan atas hasil penilaian")).to_be_visible()
    finally:
        context.close()
