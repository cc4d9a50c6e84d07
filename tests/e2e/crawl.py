"""The crawl every persona's menu allows: a demo-like agency, a login per persona, and a walk
over every navigation link each is shown plus one level of each page's sub-navigation.

Other browser tests add their own per-page check on the same walk::

    from tests.e2e.crawl import crawl   # crawl_world: a fixture of tests/e2e/conftest.py

    def test_something_on_every_page(browser, live_server, crawl_world):
        for visit in crawl(browser, live_server.url, crawl_world):
            assert ..., visit.where      # visit.page is the loaded Playwright page

``crawl`` yields a ``Visit`` per page after it has loaded (the page stays on it until the next
one is asked for), so a check may read it, run axe-core on it or take a screenshot.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.test import TestCase

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

MENU_LINKS = "nav[aria-label='Navigasi utama'] a[href]"
SUBNAV_LINKS = "main .subnav a[href]"


@dataclass(frozen=True)
class Persona:
    peran: str  # the demo's name for the role, e.g. "Admin kepegawaian (BKPSDM)"
    username: str
    nama: str
    password: str


@dataclass
class Visit:
    persona: Persona
    url: str  # path and query, as linked
    status: int
    via: str  # "menu" or the path of the page whose sub-navigation linked it
    page: object  # playwright.sync_api.Page, on this URL

    @property
    def where(self) -> str:
        return f"{self.persona.peran} ({self.persona.username}) {self.url} via {self.via}"


def build_world() -> list[Persona]:
    """The demo agency (60 employees, every app's data), as `make demo` builds it, and its
    logins: HR, the agency head, the auditor, a head of a dinas, a supervisor, an employee."""
    from kinerja.demo.generator import build_agency, demo_logins
    from kinerja.demo.populate import populate

    with TestCase.captureOnCommitCallbacks(execute=True):
        result = build_agency(pegawai=60, seed=1, kode="DEMO")
        populate(result.instansi, seed=1)
    return [Persona(x.peran, x.username, x.nama, x.password) for x in demo_logins(result.instansi)]


@pytest.fixture
def crawl_world(transactional_db) -> list[Persona]:
    return build_world()


def sign_in(page, base_url: str, persona: Persona) -> None:
    page.goto(f"{base_url}/masuk/")
    page.get_by_label("NIP atau nama pengguna").fill(persona.username)
    page.get_by_label("Kata sandi").fill(persona.password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base_url}/")


def _links(page, selector: str) -> list[str]:
    """The same-site links ``selector`` finds (path and query), in page order, once each."""
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.href)")
    found: list[str] = []
    for href in hrefs:
        parts = urlsplit(href)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path not in found:
            found.append(path)
    return found


def crawl(
    browser,
    base_url: str,
    personas: list[Persona],
    *,
    viewport: dict | None = None,
    locale: str = "id-ID",
) -> Iterator[Visit]:
    """Every persona's home, menu links and one level of sub-navigation, each page once per
    persona. The menu is read from the home page (hidden sub-menus included: a link is a
    link whether or not its sub-menu is open)."""
    for persona in personas:
        context = browser.new_context(
            locale=locale, viewport=viewport or DESKTOP, is_mobile=(viewport == PHONE),
            has_touch=(viewport == PHONE),
        )  # fmt: skip
        context.set_default_timeout(15_000)
        page = context.new_page()
        try:
            sign_in(page, base_url, persona)
            yield Visit(persona, "/", 200, "login", page)
            page.goto(f"{base_url}/")
            menu = [u for u in _links(page, MENU_LINKS) if u != "/"]
            seen = {"/"}  # paths: the same page for another year is not walked again
            for url in menu:
                if urlsplit(url).path in seen:
                    continue
                seen.add(urlsplit(url).path)
                response = page.goto(base_url + url)
                yield Visit(persona, url, response.status if response else 0, "menu", page)
                subnav = _links(page, SUBNAV_LINKS)
                for sub in subnav:
                    if urlsplit(sub).path in seen:
                        continue
                    seen.add(urlsplit(sub).path)
                    response = page.goto(base_url + sub)
                    yield Visit(persona, sub, response.status if response else 0, url, page)
        finally:
            context.close()


def menu_link(page, name: str):
    """The main menu's link ``name``, ready to click: the phone's Menu button pressed and its
    sub-menu opened first when needed."""
    toggle = page.locator("button.menu-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    nav = page.get_by_role("navigation", name="Navigasi utama")
    link = nav.get_by_role("link", name=name, exact=True)
    # a closed sub-menu's links are hidden, which get_by_role skips: find its group by text
    anchor = page.locator("a", has_text=re.compile(f"^{re.escape(name)}$"))
    group = nav.locator("details.nav-group", has=anchor)
    if group.count() and not group.evaluate("d => d.open"):
        group.locator("summary").click()
    return link
