"""One error shape for the whole API: {"kode", "pesan", "kolom"}.

App routers raise ApiError (or let Http404/PermissionDenied through); the handlers
registered in kinerja.api turn every failure into this body, in Indonesian. Also the
helpers for versions and ETags (409/412/304), shared by the app routers.
"""

import re

from django.http import HttpResponse
from ninja import Schema


class ApiError(Exception):
    def __init__(self, status: int, kode: str, pesan: str, kolom: str | None = None):
        super().__init__(pesan)
        self.status = status
        self.kode = kode
        self.pesan = pesan
        self.kolom = kolom

    def body(self) -> dict:
        return {"kode": self.kode, "pesan": self.pesan, "kolom": self.kolom}


class Galat(Schema):
    """The error body, for the OpenAPI schema."""

    kode: str
    pesan: str
    kolom: str | None = None


# --- optimistic concurrency: versions, ETag, If-Match, If-None-Match ----------------------
#
# An object that can be changed through the API has a ``version`` that every change bumps
# (skp.services.common.bump). Responses carry it in the body and as ``ETag: W/"<version>"``.
# A change may name the version it was based on, as ``If-Match: W/"<version>"`` (refused with
# 412 when stale) or as the body's ``version`` (refused with 409). Both are optional, so
# existing clients keep working; without either, the change applies to whatever is current.

IF_MATCH_DOC = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": 'ETag yang dibaca, mis. W/"3"; bila data sudah berubah, ditolak 412.',
}
IF_NONE_MATCH_DOC = {
    "in": "header",
    "name": "If-None-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "ETag yang disimpan klien; bila data belum berubah, jawabannya 304 tanpa isi.",
}
_TAG = re.compile(r'^\s*(?:W/)?"?(\d+)"?\s*$')


def etag(version: int) -> str:
    return f'W/"{version}"'


def _tags(header: str) -> list[str]:
    return [part.strip() for part in header.split(",") if part.strip()]


def if_match_version(request) -> int | None:
    """The version named by If-Match; None when the header is absent or ``*``."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    tags = _tags(header)
    found = _TAG.match(tags[0]) if len(tags) == 1 else None
    if found is None:
        raise ApiError(
            400, "if_match_tidak_sah",
            'Header If-Match harus berisi satu ETag dari jawaban sebelumnya, mis. W/"3".',
            "If-Match",
        )  # fmt: skip
    return int(found.group(1))


def expected_version(request, body_version: int | None) -> tuple[int | None, bool]:
    """The version a change is based on and whether it came from If-Match (412) rather than
    from the body (409). Both given and different: refused."""
    header = if_match_version(request)
    if header is None:
        return body_version, False
    if body_version is not None and body_version != header:
        raise ApiError(
            422, "validasi",
            f"version di isian ({body_version}) berbeda dengan If-Match ({header}); kirim satu "
            "saja atau samakan.",
            "version",
        )  # fmt: skip
    return header, True


def required_version(request, body_version: int | None) -> tuple[int, bool]:
    """As :func:`expected_version` for a state change that must name the version it read
    (approving, verifying, moving a complaint): without either, refused with 422."""
    version, from_header = expected_version(request, body_version)
    if version is None:
        raise ApiError(
            422, "validasi",
            'Sertakan versi yang dibaca: "version" di isian atau header If-Match.', "version",
        )  # fmt: skip
    return version, from_header


def stale(message: str, *, from_header: bool) -> ApiError:
    """The refusal of a change based on an old version: nothing was changed."""
    if from_header:
        return ApiError(412, "prasyarat_gagal", message, "If-Match")
    return ApiError(409, "konflik_versi", message, "version")


def not_modified(request, version: int) -> bool:
    """True when If-None-Match already names this version (answer 304)."""
    header = request.headers.get("If-None-Match")
    if header is None:
        return False
    tags = _tags(header)
    if "*" in tags:
        return True
    return any((m := _TAG.match(t)) and int(m.group(1)) == version for t in tags)


def not_modified_response(version: int) -> HttpResponse:
    response = HttpResponse(status=304)
    response["ETag"] = etag(version)
    return response
