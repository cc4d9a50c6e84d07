"""The one registry of navigation: the top menu, its sub-menus and every page's
sub-navigation are drawn from it, and a link is drawn only when its viewer may open it.

Each app's ``nav.py`` lists ``NAV``: ``NavItem``s naming a section of ``SECTIONS``, a URL
name and the audience the link is meant for. Whether the viewer *may open* the page is not
written here: it is asked of the view itself (``agency_required`` hangs ``may_open(user)``
on the views it guards), so the menu and the view cannot disagree. A page guarded some
other way has no ``may_open`` and is refused by the registry check (tests/core/test_nav.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils.translation import gettext_lazy as _

from kinerja.core.extensions import NavItem, nav_items
from kinerja.core.permissions import PERAN_LABEL, Peran, roles_of


@dataclass(frozen=True)
class Section:
    key: str
    label: str


# The top menu, in this order. HR sees at most seven entries with Beranda (tests/core/test_nav).
SECTIONS: tuple[Section, ...] = (
    Section("saya", _("Kinerja saya")),
    Section("tim", _("Tim saya")),
    Section("penilaian", _("Penilaian & laporan")),
    Section("tindak_lanjut", _("Tindak lanjut")),
    Section("layanan", _("Layanan publik")),
    Section("organisasi", _("Pegawai & organisasi")),
)
SECTION_KEYS = frozenset(s.key for s in SECTIONS)


@dataclass
class Link:
    label: str
    url: str
    url_name: str
    current: bool = False


@dataclass
class Menu:
    key: str
    label: str
    links: list[Link] = field(default_factory=list)

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


@cache
def _view_of(url_name: str):
    """The view a URL name (without arguments) leads to."""
    match = get_resolver().resolve(reverse(url_name))
    return match.func


def may_open(user, url_name: str) -> bool:
    """The view's own check (``agency_required``) as a yes/no; False for a view without one."""
    try:
        view = _view_of(url_name)
    except NoReverseMatch:
        return False
    check = getattr(view, "may_open", None)
    return bool(check and check(user))


def visible(item: NavItem, user, roles: frozenset[Peran]) -> bool:
    """Meant for one of the viewer's roles, and a page the viewer may open."""
    if not roles:
        return False
    if item.roles and not item.roles & roles:
        return False
    return may_open(user, item.url_name)


def menus_for(user, *, current_url_name: str = "", year: str = "") -> list[Menu]:
    """The viewer's menu: the sections with at least one link they may open, in order."""
    roles = roles_of(user)
    query = f"?periode={year}" if year else ""
    by_section: dict[str, Menu] = {s.key: Menu(s.key, str(s.label)) for s in SECTIONS}
    seen: set[tuple[str, str]] = set()
    for item in nav_items():
        if (item.section, item.url_name) in seen or not visible(item, user, roles):
            continue
        seen.add((item.section, item.url_name))
        by_section[item.section].links.append(
            Link(
                str(item.label),
                reverse(item.url_name) + query,
                item.url_name,
                current=item.url_name == current_url_name,
            )
        )
    return [menu for menu in by_section.values() if menu.links]


def section_for(menus: list[Menu], url_name: str) -> Menu | None:
    """The first of the viewer's menus holding ``url_name``: a page's sub-navigation."""
    return next((m for m in menus if any(x.url_name == url_name for x in m.links)), None)


def person_name(user) -> str:
    """How the greeting names the person: the employee's name with titles, else the
    account's full name, else its role (never the username, a login detail)."""
    pegawai = getattr(user, "pegawai", None) if getattr(user, "pegawai_id", None) else None
    if pegawai is not None:
        return pegawai.nama_lengkap
    labels = role_labels(user)
    return user.get_full_name() or (labels[0] if labels else user.username)


def role_labels(user) -> list[str]:
    roles = roles_of(user)
    return [PERAN_LABEL[r] for r in Peran if r in roles]
