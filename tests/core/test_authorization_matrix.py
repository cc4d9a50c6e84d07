"""The authorization matrix: every URL (pages and /api/v1) against every persona, and
no SQL statement of any request crossing agencies (see tests/core/sql_scope.py).

One demo agency (60 employees, every app's data) plus another agency whose admin holds every
flag. Each (URL, persona) gets one request inside a savepoint that is rolled back, so a POST
that succeeds changes nothing for the next one. Expected answers:

- "ok": 2xx, or a redirect that is not to the login page; for a POST (sent with an empty body)
  also 400/405/409/422, since the point is only that the persona got past the permission check;
- "login": a redirect to the login page, or 401 from the API;
- "403" / "404": that status. A page refusing a POST shows the service's message and redirects
  back (services raise NotAllowed, a ValueError the views turn into a flash message); such a
  redirect carrying an error message and no success message counts for "403" as well as for "ok".

No request may answer 5xx. A URL without an entry, or an entry without a URL, fails the test.
"""

import json
from dataclasses import dataclass

import pytest
from django.contrib import messages as django_messages
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kinerja.api.api import api
from tests.core.authorization.matrix import MATRIX
from tests.core.authorization.rows import ALL_OK, PERSONAS
from tests.core.authorization.world import build_world
from tests.core.sql_scope import AgencyScope

# The module's fixture holds one transaction for the module; the mark makes pytest-django
# set up the test database at all.
pytestmark = pytest.mark.django_db

# Public by design, so not in the matrix.
SKIPPED = {
    "api:openapi-json": "the OpenAPI schema is public documentation",
    "api:openapi-view": "the OpenAPI docs page is public documentation",
    "set_language": "i18n language switch (django.conf.urls.i18n), no data behind it",
}
SKIPPED_PREFIXES = {
    "static/": "static files, served by WhiteNoise/the web server in production",
    "media/": "uploads, served only through the views that check access (skp_bukti)",
    "admin/": "Django's admin, superusers only: tests/org/test_admin.py refuses every persona",
}

# --- walking the resolver ---------------------------------------------------------------


@dataclass
class Route:
    name: str
    route: str
    pattern: URLPattern
    namespace: str | None


def _walk(resolver, prefix: str = "", namespace: str | None = None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern), entry.namespace or namespace)
        else:
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            yield Route(name, prefix + str(entry.pattern), entry, namespace)


def all_routes() -> dict[str, Route]:
    routes = {}
    for route in _walk(get_resolver()):
        if route.name in SKIPPED or route.route.startswith(tuple(SKIPPED_PREFIXES)):
            continue
        assert route.name not in routes, f"two URL patterns named {route.name}"
        routes[route.name] = route
    return routes


def api_methods() -> dict[str, str]:
    """The HTTP method of each API operation, by its URL name."""
    methods = {}
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                name = getattr(operation, "url_name", "") or api.get_operation_url_name(
                    operation, router=bound.template
                )
                methods[f"api:{name}"] = operation.methods[0]
    return methods


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=str(media)), django_db_blocker.unblock():
        assert "test" in str(connection.settings_dict["NAME"]), "not on a test database"
        with transaction.atomic():
            yield build_world()
            transaction.set_rollback(True)


# --- asking -----------------------------------------------------------------------------


def _classify(response, *, is_post: bool) -> str:
    status = response.status_code
    login = reverse("login")
    if status >= 500:
        return "5xx"
    if status == 401 or (status in (301, 302) and response["Location"].startswith(login)):
        return "login"
    if status in (403, 404):
        return str(status)
    if status in (301, 302, 303):
        queued = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
        levels = {m.level for m in queued}
        if django_messages.ERROR in levels and django_messages.SUCCESS not in levels:
            return "refused"
        return "ok"
    if status < 300 or (is_post and status in (400, 405, 409, 422)):
        return "ok"
    return str(status)


def _matches(expected: str, observed: str) -> bool:
    return observed == expected or (observed == "refused" and expected in ("ok", "403"))


def _ask(client: Client, route: Route, url: str, method: str, body: dict | None, scope):
    """One request inside a rolled-back savepoint; returns the response, the method used and
    the statements that may have crossed agencies (judged before the rollback)."""
    with transaction.atomic():
        with connection.execute_wrapper(scope):
            if method == "POST":
                if body is None:
                    response = client.post(url)
                else:
                    response = client.post(url, json.dumps(body), content_type="application/json")
            else:
                response = client.get(url)
                if response.status_code == 405 and route.namespace != "api":
                    response = client.post(url)
                    method = "POST"
        crossings = scope.violations()
        transaction.set_rollback(True)
    return response, method, crossings


def test_every_url_is_in_the_matrix_and_every_entry_has_a_url():
    routes = all_routes()
    missing = sorted(set(routes) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(routes))
    problems = [
        f"tambahkan entri matriks untuk {name} ({routes[name].route}) di tests/core/authorization/"
        for name in missing
    ]
    problems += [f"entri matriks tanpa URL: {name}" for name in stale]
    problems += [
        f"{name}: persona {sorted(set(PERSONAS) ^ set(row))} tidak sesuai"
        for name, row in MATRIX.items()
        if set(row) != set(PERSONAS)
    ]
    assert not problems, "\n".join(problems)


# A known bug too big to fix with the matrix: persona -> "bug: …" (strict xfail, so the fix
# shows up as XPASS). Empty: none known.
XFAIL: dict[str, str] = {}


@pytest.mark.parametrize(
    "persona",
    [
        pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=XFAIL[p])) if p in XFAIL else p
        for p in PERSONAS
    ],
)
def test_every_url_answers_each_persona_as_the_matrix_says(world, persona):
    methods = api_methods()
    user = world.users[persona]
    mismatches, crossed, judged, by_key_only = [], [], 0, 0
    for name, route in sorted(all_routes().items()):
        expected = MATRIX.get(name, {}).get(persona)
        if expected is None:
            continue
        url = reverse(name, kwargs=world.kwargs.get(name, {}))
        method = methods.get(name, "GET")
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        # Public pages act for the agency whose public code is in the URL (the demo's).
        agencies = {user.instansi_id} if user is not None else set()
        if MATRIX[name] == ALL_OK:
            agencies.add(world.demo_id)
        scope = AgencyScope(agencies=frozenset(agencies))
        response, method, crossings = _ask(
            client, route, url, method, world.bodies.get(name), scope
        )
        crossed += [f"{name} {method} {url}: {line}" for line in crossings]
        judged += scope.judged
        by_key_only += scope.by_key_only
        observed = _classify(response, is_post=method == "POST")
        if not _matches(expected, observed):
            detail = f"{response.status_code}"
            if response.status_code in (301, 302):
                detail += f" → {response['Location']}"
            if getattr(response, "exc_info", None):
                detail += f" {response.exc_info[1]!r}"
            mismatches.append(
                f"{name} {method} {url}: diharapkan {expected}, dapat {observed} ({detail})"
            )
    assert not mismatches, f"{persona}:\n" + "\n".join(mismatches)
    # Ready for Citus: no statement of any request crossed agencies (see tests/core/sql_scope).
    assert not crossed, f"{persona}, kueri lintas instansi:\n" + "\n".join(crossed)
    # The check must have seen the pages' statements (the admin persona: about 370).
    assert judged > (0 if persona == "anonymous" else 100), f"SQL check saw {judged} statements"
    print(f"{persona}: {judged} statements checked, {by_key_only} scoped by keys only")
