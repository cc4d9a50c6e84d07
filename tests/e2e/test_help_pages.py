"""Issue 25: each role opens its help page from the menu ("Bantuan dan istilah"), sees its
guides and the screenshots loaded, and follows a step to the real page; on a 1366×900 screen
and a 390×844 phone no page is wider than the screen and axe-core finds nothing critical or
serious."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from kinerja.belajar.management.commands.tangkap_layar import PERSONA
from kinerja.belajar.panduan import PANDUAN
from tests.e2e.crawl import DESKTOP, PHONE, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"critical", "serious"}
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "bantuan"

IMAGES = """() => [...document.querySelectorAll('figure.layar img')].map(i => ({
    src: i.getAttribute('src'), complete: i.complete, natural: i.naturalWidth,
    shown: Math.round(i.getBoundingClientRect().width), alt: i.alt}))"""
WIDTH = "[document.documentElement.scrollWidth, window.innerWidth]"


def open_from_menu(page, name: str) -> None:
    """Click a link of the main menu as a person would: the phone's "Menu" button first, and
    the sub-menu holding the link when it is not a top-level entry."""
    toggle = page.locator(".menu-toggle")
    if toggle.is_visible():
        toggle.click()
    nav = page.get_by_role("navigation", name="Navigasi utama")
    link = nav.get_by_role("link", name=name, exact=True)
    if not link.count():  # inside a closed sub-menu, out of the accessibility tree
        inner = page.locator(f"a:text-is('{name}')")
        nav.locator("details.nav-group", has=inner).locator("summary").click()
    link.click()


def fits(page, viewport, where: str, faults: list[str]) -> None:
    width, inner = page.evaluate(WIDTH)
    if width > min(inner, viewport["width"]):
        faults.append(f"{width} px wide on a {viewport['width']} px screen: {where}")


def accessible(axe, page, where: str, faults: list[str]) -> None:
    for v in axe.run(page).response["violations"]:
        if v["impact"] in SERIOUS:
            faults.append(f"axe {v['impact']} {v['id']} ×{len(v['nodes'])}: {where}")


def test_each_role_opens_its_help_page_sees_guides_and_screenshots_and_follows_a_step(
    browser, live_server, crawl_world
):
    by_peran = {p.peran: p for p in crawl_world}
    axe = Axe()
    faults: list[str] = []
    walked = []
    SHOTS.mkdir(parents=True, exist_ok=True)
    for viewport in (DESKTOP, PHONE):
        phone = viewport is PHONE
        for bagian in PANDUAN:
            persona = by_peran[PERSONA[bagian.peran]]
            where = f"{bagian.peran} {viewport['width']}px"
            context = browser.new_context(
                viewport=viewport, is_mobile=phone, has_touch=phone, locale="id-ID"
            )
            context.set_default_timeout(15_000)
            page = context.new_page()
            sign_in(page, live_server.url, persona)

            open_from_menu(page, "Bantuan dan istilah")
            expect(page).to_have_url(f"{live_server.url}{reverse('belajar_bantuan')}")
            fits(page, viewport, f"{page.url} {where}", faults)
            accessible(axe, page, f"{page.url} {where}", faults)
            own = page.locator("#panduan li", has_text="(peran Anda)")
            expect(own.get_by_role("link", name=f"Panduan untuk {bagian.label}")).to_be_visible()
            own.get_by_role("link", name=f"Panduan untuk {bagian.label}").click()

            expect(page.get_by_role("heading", level=1)).to_have_text(
                f"Panduan untuk {bagian.label}"
            )
            guides = page.locator("section.panduan")
            expect(guides).to_have_count(len(bagian.panduan))
            for g in bagian.panduan:
                expect(page.get_by_role("heading", name=g.judul, level=2)).to_be_visible()
            page.wait_for_load_state("load")
            images = page.evaluate(IMAGES)
            expected = [g.layar for g in bagian.panduan if g.layar]
            assert [i["src"].rsplit("/", 1)[-1] for i in images] == [x.berkas for x in expected]
            for image in images:
                if not (image["complete"] and image["natural"] > 0):
                    faults.append(f"image not loaded {image['src']}: {where}")
                if image["shown"] > viewport["width"]:
                    faults.append(f"image {image['src']} {image['shown']} px: {where}")
                if not image["alt"]:
                    faults.append(f"image without alt {image['src']}: {where}")
            fits(page, viewport, f"{page.url} {where}", faults)
            accessible(axe, page, f"{page.url} {where}", faults)
            page.screenshot(path=str(SHOTS / f"{bagian.peran}-{viewport['width']}.png"),
                            full_page=True)  # fmt: skip

            # one step leads to the real page, which opens for this reader
            step = guides.first.get_by_role("link", name="Buka halamannya").first
            href = step.get_attribute("href")
            with page.expect_navigation() as nav:
                step.click()
            response = nav.value
            assert response.status == 200, (href, where)
            assert page.url == f"{live_server.url}{href}", where
            fits(page, viewport, f"{page.url} {where}", faults)
            walked.append((bagian.peran.value, viewport["width"], href))
            context.close()
    if faults:
        pytest.fail("\n".join(faults), pytrace=False)
    # every role was walked on both screens
    assert len(walked) == 2 * len(PANDUAN), walked
