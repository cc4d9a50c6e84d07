"""Issue 21: one Indonesian number format everywhere. Every persona of a demo-like agency walks
its menu and sub-navigation (the crawl of tests/e2e/crawl.py) and, from those pages, the
detail pages where figures live (a result's explanation, a slice's realisations, an SKP, a
complaint, an objection); the visible text and every table cell are scanned for English-style
numbers next to a number context (tests/e2e/numbers.py): none may appear."""

import re
from pathlib import Path

import pytest

from tests.e2e.crawl import DESKTOP, PHONE, crawl, sign_in
from tests.e2e.numbers import english_numbers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "test-results"
DETAIL_PAGES = (
    re.compile(r"^/penilaian/hasil/\d+/$"),
    re.compile(r"^/skp/\d+/bagian/\d+/$"),
    re.compile(r"^/skp/\d+/$"),
    re.compile(r"^/layanan/aduan/[^/]+/$"),
    re.compile(r"^/tindak-lanjut/keberatan/\d+/$"),
    re.compile(r"^/org/unit/\d+/$"),
    re.compile(r"^/skp/periode/\d+/$"),
)
PER_KIND = 2
VISIBLE = """() => ({
  text: document.body.innerText,
  cells: Array.from(document.querySelectorAll('td, th'))
    .filter(c => c.offsetParent !== null)
    // a cell that is one <code> (a hash prefix, an identifier) is not a number, even when its
    // hex digits happen to be all decimal (the audit log's hash column: '213349784053')
    .filter(c => !(c.children.length === 1 && c.firstElementChild.tagName === 'CODE'
                   && c.innerText.trim() === c.firstElementChild.innerText.trim()))
    .map(c => c.innerText)
})"""


def _scan(page, where: str, faults: list[str]) -> int:
    seen = page.evaluate(VISIBLE)
    for item in english_numbers(seen["text"], seen["cells"]):
        faults.append(f"{item}: {where}")
    return len(seen["text"])


def _detail_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.pathname)")
    return [h for h in dict.fromkeys(hrefs) if any(p.match(h) for p in DETAIL_PAGES)]


def test_no_page_of_any_persona_shows_an_english_style_number(browser, live_server, crawl_world):
    faults: list[str] = []
    scanned: dict[str, int] = {}
    details: dict[str, list[str]] = {}
    for visit in crawl(browser, live_server.url, crawl_world):
        if visit.status != 200:
            continue
        _scan(visit.page, visit.where, faults)
        scanned[visit.persona.username] = scanned.get(visit.persona.username, 0) + 1
        chosen = details.setdefault(visit.persona.username, [])
        for link in _detail_links(visit.page):
            kind = next(p.pattern for p in DETAIL_PAGES if p.match(link))
            same_kind = [c for c in chosen if re.match(kind, c)]
            if link not in chosen and len(same_kind) < PER_KIND:
                chosen.append(link)
    for persona in crawl_world:
        context = browser.new_context(locale="id-ID", viewport=DESKTOP)
        page = context.new_page()
        try:
            sign_in(page, live_server.url, persona)
            for url in details.get(persona.username, []):
                response = page.goto(live_server.url + url)
                if response and response.status == 200:
                    _scan(page, f"{persona.peran} {url} (rincian)", faults)
                    scanned[persona.username] = scanned.get(persona.username, 0) + 1
        finally:
            context.close()
    assert not faults, "English-style numbers:\n" + "\n".join(faults)
    # The walk was not empty: every persona was scanned on several pages, and the detail
    # pages where figures live were reached.
    assert len(scanned) == len(crawl_world) >= 6 and all(n > 3 for n in scanned.values())
    reached = [u for links in details.values() for u in links]
    for kind in (r"^/penilaian/hasil/\d+/$", r"^/skp/\d+/bagian/\d+/$"):
        assert any(re.match(kind, u) for u in reached), (kind, details)


def test_the_explanation_page_reads_plainly_on_a_phone(browser, live_server, crawl_world):
    """The employee's explanation: plain Indonesian first, the technical part closed, numbers
    Indonesian, no wider than a 390 px phone (screenshots for a person to look at)."""
    employee = next(p for p in crawl_world if p.peran == "Pegawai")
    SHOTS.mkdir(exist_ok=True)
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(
            locale="id-ID", viewport=viewport, is_mobile=viewport == PHONE,
            has_touch=viewport == PHONE,
        )  # fmt: skip
        page = context.new_page()
        try:
            sign_in(page, live_server.url, employee)
            page.goto(f"{live_server.url}/penilaian/")
            link = page.locator("main a[href^='/penilaian/hasil/']").first
            link.click()
            page.wait_for_url(re.compile(r"/penilaian/hasil/\d+/$"))
            text = page.inner_text("main")
            assert "Mengapa" in text and "RHK 1:" in text and "RHK utama 1" not in text
            assert "Hash masukan" not in text  # behind the closed disclosure
            page.get_by_text("Rincian teknis").click()
            assert "Hash masukan" in page.inner_text("main")
            faults: list[str] = []
            _scan(page, name, faults)
            assert not faults, faults
            width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], f"{width} on {name}"
            page.screenshot(path=str(SHOTS / f"penjelasan-{name}.png"), full_page=True)
        finally:
            context.close()
