"""Request bodies limited per endpoint before anything reads them (issue 23).

Django parses a multipart body the first time anything touches ``request.POST`` or
``request.FILES`` (here: the NUL check and the CSRF check, before any view), and files
larger than ``FILE_UPLOAD_MAX_MEMORY_SIZE`` go to a temporary file as they arrive. So the
limit is enforced first in the middleware chain, per endpoint (URL name, from
``KINERJA_BODY_LIMITS``; every other endpoint ``KINERJA_BODY_LIMIT_DEFAULT``):

- a declared ``Content-Length`` over the limit is refused with 413 without reading a byte;
- a body without ``Content-Length`` (``Transfer-Encoding: chunked``) is refused with 411:
  Django's WSGI request reads only ``Content-Length`` bytes, so such a body would be
  silently empty, and browsers always declare the length of a form;
- the stream is wrapped so that, whatever the server in front does, reading past the limit
  stops with 413 (:class:`BodyTooLarge`) instead of reaching the disk.

The reverse proxy applies the same limits first (deploy/nginx/kinerja.conf).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.urls import Resolver404, resolve

MB = 1024 * 1024
FORM_MARGIN = 256 * 1024
"""Room for the form fields and multipart headers around the file itself."""


class BodyTooLarge(RequestDataTooBig):
    """Read past the endpoint's limit while streaming."""


def limit_for(path_info: str) -> int:
    try:
        name = resolve(path_info).view_name
    except Resolver404:
        name = ""
    limits = getattr(settings, "KINERJA_BODY_LIMITS", {})
    return int(limits.get(name, settings.KINERJA_BODY_LIMIT_DEFAULT))


class _CountingStream:
    """Reads through to the request's stream and refuses to go past ``limit`` bytes."""

    def __init__(self, stream, limit: int):
        self._stream, self._limit, self.read_bytes = stream, limit, 0

    def _count(self, data: bytes) -> bytes:
        self.read_bytes += len(data)
        if self.read_bytes > self._limit:
            raise BodyTooLarge(f"body over {self._limit} bytes")
        return data

    def read(self, size=-1):
        if size is None or size < 0:
            size = self._limit + 1 - self.read_bytes
        return self._count(self._stream.read(min(size, self._limit + 1 - self.read_bytes)))

    def readline(self, size=-1):
        if size is None or size < 0:
            size = self._limit + 1 - self.read_bytes
        return self._count(self._stream.readline(min(size, self._limit + 1 - self.read_bytes)))

    def __iter__(self):
        return iter(self.readline, b"")

    def close(self):
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


def _mb(limit: int) -> str:
    """The limit as people read it: whole megabytes, the form's room left out."""
    if limit >= MB:
        return str(limit // MB)
    return f"{limit / MB:.1f}".replace(".", ",")


def too_large(request, limit: int, status: int = 413) -> HttpResponse:
    if status == 411:
        message = (
            "Kirim isian dengan panjang yang dinyatakan (Content-Length); kiriman bertahap "
            "(chunked) tidak diterima."
        )
        kode = "panjang_wajib"
    else:
        message = (
            f"Kiriman terlalu besar: batas alamat ini {_mb(limit)} MB. Perkecil atau pisahkan "
            "berkasnya, lalu kirim lagi."
        )
        kode = "terlalu_besar"
    if request.path_info.startswith("/api/"):
        return JsonResponse({"kode": kode, "pesan": message, "kolom": None}, status=status)
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    response["Connection"] = "close"
    return response


class BodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return self.get_response(request)
        limit = limit_for(request.path_info)
        declared = request.META.get("CONTENT_LENGTH") or ""
        if not declared.strip():
            if request.META.get("HTTP_TRANSFER_ENCODING"):
                return too_large(request, limit, status=411)
        else:
            try:
                length = int(declared)
            except ValueError:
                return too_large(request, limit, status=400)
            if length > limit:
                return too_large(request, limit)
        if hasattr(request, "_stream"):
            request._stream = _CountingStream(request._stream, limit)
        try:
            return self.get_response(request)
        except BodyTooLarge:
            return too_large(request, limit)
