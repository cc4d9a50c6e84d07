"""503, not 500, while the database cannot be reached.

When PostgreSQL restarts, fails over or refuses connections, every request that needs it
fails with ``django.db.OperationalError`` (or ``InterfaceError`` on a connection that broke
mid-use). That is a temporary state of the installation, not a bug in the page: the answer
is 503 with ``Retry-After``, so the reverse proxy, the API's clients and load balancers
retry instead of reporting a crash. Recovery needs no restart of the app: Django drops a
connection that failed (``CONN_HEALTH_CHECKS`` checks a reused one before its first query),
and the next request opens a new one.

Two places catch it: the middleware for anything raised by a view or while rendering its
response, and :func:`server_error` (``handler500``) for what other middleware raise (a
session saved after the view). Neither response touches the database: no user, no
navigation, no session.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

from kinerja.core.api_errors import ApiError

logger = logging.getLogger("kinerja.core.unavailable")

RETRY_AFTER_SECONDS = 5
DATABASE_DOWN = (OperationalError, InterfaceError)
API_PREFIX = "/api/"
PESAN = "Basis data sedang tidak dapat dihubungi. Coba lagi dalam beberapa detik."


def unavailable_response(request, exception: BaseException) -> HttpResponse:
    """The 503 answer: the API's error shape under /api/, a small page elsewhere."""
    logger.warning("Basis data tidak tersedia (%s): %s", request.path, exception)
    if request.path.startswith(API_PREFIX):
        response = ApiError(503, "basis_data_tidak_tersedia", PESAN).response(request)
    else:
        html = loader.render_to_string("503.html", {"pesan": PESAN})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turn a database that cannot be reached into 503 + Retry-After (see module doc)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            return unavailable_response(request, exception)
        return None


def server_error(request):
    """``handler500``: 503 when the failure was the database (raised outside a view),
    else Django's plain 500 page, rendered without the request's context (which may need
    the database that just failed)."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_DOWN):
        return unavailable_response(request, exception)
    try:
        html = loader.render_to_string("500.html")
    except Exception:  # noqa: BLE001 - the error page itself must not fail
        html = "<h1>Server Error (500)</h1>"
    return HttpResponseServerError(html)
