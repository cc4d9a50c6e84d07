"""Issue 21: every persona of a demo-like agency follows every link its menu shows (and one
level of sub-navigation): each answers 200; on a 390×844 phone no page is wider than the
screen and axe-core finds no critical or serious violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.crawl import PHONE, crawl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"critical", "serious"}


def test_every_link_each_persona_is_shown_opens(browser, live_server, crawl_world):
    refused = []
    pages: dict[str, int] = {}
    for visit in crawl(browser, live_server.url, crawl_world):
        pages[visit.persona.peran] = pages.get(visit.persona.peran, 0) + 1
        if visit.status != 200:
            refused.append(f"{visit.status} {visit.where}")
    assert not refused, "links to pages that do not open:\n" + "\n".join(refused)
    # every persona was walked, and each was shown more than its home page
    assert len(pages) == len(crawl_world) >= 6
    assert all(n > 3 for n in pages.values()), pages


def test_on_a_phone_every_page_fits_and_has_no_serious_accessibility_fault(
    browser, live_server, crawl_world
):
    axe = Axe()
    faults = []
    for visit in crawl(browser, live_server.url, crawl_world, viewport=PHONE):
        width = visit.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width[0] > width[1]:
            faults.append(f"{width[0]} px wide on a {width[1]} px screen: {visit.where}")
        results = axe.run(visit.page)
        for v in results.response["violations"]:
            if v["impact"] in SERIOUS:
                targets = ", ".join(str(n["target"]) for n in v["nodes"][:3])
                faults.append(
                    f"axe {v['impact']} {v['id']} ×{len(v['nodes'])} ({targets}): {visit.where}"
                )
    assert not faults, "\n".join(faults)
