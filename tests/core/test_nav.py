"""The menu (core.navigation): one registry, a link only to a page its viewer may open,
HR's menu in at most seven entries, sub-navigation from the same registry, a greeting by
name and role, a real button for the phone menu (issue 21)."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import resolve, reverse

from kinerja.core.extensions import nav_items
from kinerja.core.navigation import SECTION_KEYS, may_open
from kinerja.skp.models import Periode

PERSONAS = ("pegawai", "atasan", "admin", "pimpinan", "auditor")


class _Menu(HTMLParser):
    """The top-level entries and every link of the main navigation."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # <ul> depth inside the main nav
        self.inside = False
        self.top = 0
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("aria-label") == "Navigasi utama":
            self.inside = True
        if not self.inside:
            return
        if tag == "ul":
            self.depth += 1
        elif tag == "li" and self.depth == 1:
            self.top += 1
        elif tag == "a":
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if self.inside and tag == "ul":
            self.depth -= 1
        if tag == "nav":
            self.inside = False


def _menu(client) -> _Menu:
    menu = _Menu()
    menu.feed(client.get(reverse("home")).content.decode())
    return menu


def test_every_registry_entry_names_a_section_and_a_page_with_a_check():
    assert nav_items()
    for item in nav_items():
        assert item.section in SECTION_KEYS, item
        view = resolve(reverse(item.url_name)).func
        assert callable(getattr(view, "may_open", None)), item.url_name
        assert may_open(AnonymousUser(), item.url_name) is False


@pytest.mark.parametrize("who", PERSONAS)
def test_the_menu_agrees_with_the_pages_it_links(personas, login, who):
    """The registry asks the view: a page it may open never answers 403, and a page it may
    not open always does."""
    Periode.objects.create(instansi=personas.instansi, tahun=2026)
    user = getattr(personas, who)
    client = login(user)
    assert nav_items()
    for item in nav_items():
        status = client.get(reverse(item.url_name)).status_code
        assert (status != 403) == may_open(user, item.url_name), (who, item.url_name, status)


@pytest.mark.parametrize("who", PERSONAS)
def test_every_link_of_the_menu_opens(personas, login, who):
    Periode.objects.create(instansi=personas.instansi, tahun=2026)
    client = login(getattr(personas, who))
    menu = _menu(client)
    assert len(menu.links) > 2
    for href in menu.links:
        assert client.get(href).status_code == 200, (who, href)


def test_hr_with_a_team_of_their_own_sees_at_most_seven_top_level_entries(personas, login):
    """The worst case: an HR admin who is also an employee and a supervisor."""
    hr = personas.atasan
    hr.is_admin_kepegawaian = hr.is_pimpinan = True
    hr.save()
    menu = _menu(login(hr))
    assert 5 <= menu.top <= 7
    assert len(menu.links) > 20  # the rest sits in the sub-menus


def test_the_head_and_the_auditor_are_not_shown_hr_only_links(personas, login):
    """On main the calibration page's sub-navigation linked them to the warnings and the
    batch print (403)."""
    for who in ("pimpinan", "auditor"):
        client = login(getattr(personas, who))
        html = client.get(reverse("insight_kalibrasi")).content.decode()
        assert reverse("insight_peringatan") not in html, who
        assert reverse("insight_cetak") not in html, who


def test_hr_is_not_shown_an_employees_own_results_in_the_objections_subnav(personas, login):
    html = login(personas.admin).get(reverse("followup_keberatan_list")).content.decode()
    assert f'href="{reverse("followup_hasil")}"' not in html
    assert f'href="{reverse("followup_kandidat")}"' in html  # HR's own section instead


def test_the_greeting_names_the_person_and_their_role_not_the_username(personas, login):
    html = login(personas.pegawai).get(reverse("home")).content.decode()
    assert "Selamat datang, Siti Pegawai" in html
    assert f"Selamat datang, {personas.pegawai.username}" not in html  # the NIP, a login
    personas.admin.first_name, personas.admin.last_name = "Rina", "Kusuma"
    personas.admin.save()
    html = login(personas.admin).get(reverse("home")).content.decode()
    assert "Selamat datang, Rina Kusuma" in html and "Admin kepegawaian" in html
    assert "admin.bkpsdm" not in html


def test_an_account_without_a_name_is_greeted_by_its_role(personas, login):
    html = login(personas.auditor).get(reverse("home")).content.decode()
    assert "Selamat datang, Auditor" in html and "inspektorat" not in html


def test_the_phone_menu_is_a_labelled_button_with_no_inline_script(personas, login):
    html = login(personas.pegawai).get(reverse("home")).content.decode()
    assert 'id="menu-buka"' not in html and 'type="checkbox"' not in html
    assert '<button type="button" class="menu-toggle" aria-expanded="false"' in html
    assert 'aria-controls="menu-utama"' in html and 'id="menu-utama"' in html
    assert "<script>" not in html and " onclick=" not in html


@pytest.mark.parametrize("who", PERSONAS)
def test_no_menu_shows_the_same_words_twice(personas, login, who):
    """A supervisor is also an employee: "Keberatan" under "Kinerja saya" and again under
    "Tim saya" read as two different pages; the team's entry says whose."""
    Periode.objects.create(instansi=personas.instansi, tahun=2026)
    html = login(getattr(personas, who)).get(reverse("home")).content.decode()
    nav = html[html.index('aria-label="Navigasi utama"') : html.index("</nav>")]
    labels = re.findall(r"<a [^>]*>([^<]+)</a>", nav)
    assert len(labels) > 2
    assert len(labels) == len(set(labels)), sorted(lbl for lbl in labels if labels.count(lbl) > 1)
