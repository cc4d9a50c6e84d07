"""How later apps add to the shared navigation and home page without core or
org importing them: each app may have a ``nav.py`` with ``NAV`` and a
``home.py`` with ``panels(request, roles)``; these helpers collect them in the
order of INSTALLED_APPS."""

import logging
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

from django.apps import apps

from kinerja.core.permissions import Peran

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NavItem:
    """A link of the menu (core.navigation): its section, target and audience. Drawn only
    for a viewer of the audience who may open the page (the view's own check)."""

    label: str
    url_name: str
    roles: frozenset[Peran] = field(default_factory=frozenset)  # empty: every agency user
    section: str = field(default="organisasi", kw_only=True)


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict


def _app_modules(name: str) -> list:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("kinerja."):
            continue
        try:
            found.append(import_module(f"{config.name}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
    return found


@cache
def nav_items() -> tuple[NavItem, ...]:
    return tuple(item for module in _app_modules("nav") for item in module.NAV)


def home_panels(request, roles: frozenset[Peran]) -> list[Panel]:
    return [panel for module in _app_modules("home") for panel in module.panels(request, roles)]


def period_closed(periode) -> None:
    """Tell later apps a period was closed (each app's ``hooks.on_period_closed``), e.g. so
    dashboards can store their pre-aggregated figures. Called after the close commits."""
    for module in _app_modules("hooks"):
        handler = getattr(module, "on_period_closed", None)
        if handler is None:
            continue
        try:
            handler(periode)
        except Exception:  # noqa: BLE001 - the close is committed; a follower must not undo it
            logger.exception("%s.on_period_closed gagal untuk periode %s", module.__name__, periode)


def collect(hook: str, **kwargs) -> list:
    """What later apps answer to ``hook`` (a function of that name in their ``hooks.py``),
    in app order; apps without it are skipped."""
    answers = []
    for module in _app_modules("hooks"):
        handler = getattr(module, hook, None)
        if handler is not None:
            answers.append(handler(**kwargs))
    return answers
