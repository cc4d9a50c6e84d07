"""What happens under /api/ before and after the routers: one trailing-slash policy and one
error shape for the answers no router gives.

- Trailing slash: the API's paths have none. A request with one is served as the same path
  without it (no redirect, so a POST keeps its body and a client needs no special case).
- An oversized body is refused with 413 before anything reads it.
- Any error answer that is not already problem+json (the URL resolver's 404, ninja's 405, a
  CSRF failure, Django's 400/500 pages) is replaced by the same RFC 9457 body the routers
  give, with an Indonesian ``detail``.
"""

from django.conf import settings
from django.urls import Resolver404, resolve

from kinerja.core.api_errors import PROBLEM, problem_response

PREFIX = "/api/"

MESSAGES = {
    400: ("permintaan_rusak", "Permintaan tidak dapat dibaca; periksa header dan isinya."),
    403: ("ditolak", "Permintaan ini ditolak (untuk sesi peramban: token CSRF tidak sah)."),
    404: ("alamat_tidak_ditemukan", "Alamat ini tidak ada di API; lihat /api/v1/docs."),
    405: ("metode_tidak_diizinkan", "Metode {method} tidak berlaku untuk alamat ini."),
    500: (
        "galat_server",
        "Terjadi galat di server; permintaan Anda tidak diproses. Coba lagi nanti.",
    ),
}


def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def _too_large(request) -> bool:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return limit is not None and length > limit


class ApiProblemMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        if len(request.path_info) > len(PREFIX) and request.path_info.endswith("/"):
            stripped = request.path_info.rstrip("/")
            if _resolves(stripped):
                request.path_info = stripped
                request.path = request.path.rstrip("/")
        if not _resolves(request.path_info):  # answered here: no APPEND_SLASH redirect
            return problem_response(404, *MESSAGES[404], instance=request.path)
        if _too_large(request):
            mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
            return problem_response(
                413, "terlalu_besar",
                f"Badan permintaan lebih dari {mb} MB; kirim dalam beberapa bagian.",
                instance=request.path,
            )  # fmt: skip
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if response.status_code < 400 or content_type.startswith((PROBLEM, "application/json")):
            return response
        return self._as_problem(request, response)

    def _as_problem(self, request, response):
        status = response.status_code
        kode, pesan = MESSAGES.get(status, ("galat", "Permintaan tidak dapat diproses."))
        if status >= 500 and status not in MESSAGES:
            kode, pesan = MESSAGES[500]
        headers = {}
        if status == 405 and response.has_header("Allow"):
            headers["Allow"] = response["Allow"]
            pesan += f" Yang berlaku: {response['Allow']}."
        for name in ("Retry-After", "WWW-Authenticate"):
            if response.has_header(name):
                headers[name] = response[name]
        return problem_response(
            status, kode, pesan.format(method=request.method), instance=request.path,
            headers=headers,
        )  # fmt: skip
