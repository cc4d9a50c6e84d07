"""Requests that carry a NUL character are refused before any view runs.

PostgreSQL cannot store or even compare text containing NUL (psycopg raises DataError, a 500),
while SQLite can; so a search term, a code in a URL or a JSON string with ``\\u0000`` must
never reach a query. The API answers 422 in its error shape, a page 400.
"""

import json

from django.http import HttpResponseBadRequest

from kinerja.core.api_errors import ApiError

NUL = "\x00"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
MESSAGE = "Isian tidak boleh berisi karakter NUL (\\u0000)."


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def carries_nul(request) -> bool:
    if NUL in request.path_info or any(
        NUL in key or any(NUL in v for v in values) for key, values in request.GET.lists()
    ):
        return True
    content_type = request.content_type or ""
    if request.method == "POST" and content_type.startswith(FORM_TYPES):
        return any(NUL in key or _has_nul(values) for key, values in request.POST.lists())
    if content_type.endswith("json") and b"\\u0000" in request.body:
        try:
            return _has_nul(json.loads(request.body))
        except ValueError:
            return False  # the view reports unreadable JSON itself
    return False


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if carries_nul(request):
            if request.path_info.startswith("/api/"):
                return ApiError(422, "validasi", MESSAGE).response(request)
            return HttpResponseBadRequest(MESSAGE)
        return self.get_response(request)
