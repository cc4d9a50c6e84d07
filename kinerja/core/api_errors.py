"""One error shape for everything under /api/: RFC 9457 problem details.

Every failure answers ``application/problem+json`` with ``type``, ``title``, ``status``,
``detail`` (Indonesian, says what to fix) and ``instance``, plus Kinerja's members: ``kode``
(a stable machine code), ``kolom`` (the public name of the first field at fault) and
``errors`` (every field at fault, each with its own message). ``pesan`` repeats ``detail`` for
clients written before the problem format.

App routers raise ApiError (or let Http404/PermissionDenied through); the handlers in
kinerja.api turn every failure into this body, and kinerja.api.middleware does the same for
what never reaches a router (unknown path, wrong method, oversized body, a crash). Also the
helpers for versions and ETags (409/412/304), shared by the app routers.
"""

import json
import re

from django.http import HttpResponse
from ninja import Field, Schema

PROBLEM = "application/problem+json"
TYPE_PREFIX = "urn:kinerja:galat:"
TITLES = {
    400: "Permintaan tidak dapat dibaca",
    401: "Belum terautentikasi",
    403: "Tidak diizinkan",
    404: "Tidak ditemukan",
    405: "Metode tidak diizinkan",
    406: "Format jawaban tidak tersedia",
    409: "Konflik",
    412: "Prasyarat gagal",
    413: "Badan permintaan terlalu besar",
    415: "Jenis isi tidak didukung",
    422: "Isian tidak valid",
    428: "Prasyarat wajib",
    429: "Terlalu banyak permintaan",
    500: "Galat server",
    503: "Layanan sementara tidak tersedia",
}


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        kode: str,
        pesan: str,
        kolom: str | None = None,
        *,
        errors: list[dict] | None = None,
        headers: dict | None = None,
    ):
        super().__init__(pesan)
        self.status = status
        self.kode = kode
        self.pesan = pesan
        self.kolom = kolom
        self.errors = errors
        self.headers = headers or {}

    def body(self, instance: str | None = None) -> dict:
        return problem_body(
            self.status, self.kode, self.pesan, self.kolom, errors=self.errors, instance=instance
        )

    def response(self, request=None) -> HttpResponse:
        return problem_response(
            self.status, self.kode, self.pesan, self.kolom, errors=self.errors,
            instance=request.path if request is not None else None, headers=self.headers,
        )  # fmt: skip


def problem_body(
    status: int,
    kode: str,
    detail: str,
    kolom: str | None = None,
    *,
    errors: list[dict] | None = None,
    instance: str | None = None,
    extra: dict | None = None,
) -> dict:
    if errors is None:
        errors = [{"kolom": kolom, "pesan": detail}] if kolom else []
    return {
        "type": TYPE_PREFIX + kode,
        "title": TITLES.get(status, "Galat"),
        "status": status,
        "detail": detail,
        "instance": instance,
        "kode": kode,
        "pesan": detail,
        "kolom": kolom,
        "errors": errors,
        **(extra or {}),
    }


def problem_response(
    status: int,
    kode: str,
    detail: str,
    kolom: str | None = None,
    *,
    errors: list[dict] | None = None,
    instance: str | None = None,
    headers: dict | None = None,
    extra: dict | None = None,
) -> HttpResponse:
    body = problem_body(status, kode, detail, kolom, errors=errors, instance=instance, extra=extra)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM
    )
    for name, value in (headers or {}).items():
        response[name] = value
    response["Cache-Control"] = "no-store"
    return response


class KolomGalat(Schema):
    kolom: str | None = Field(..., description="Nama isian publik, mis. `u1` atau `pegawai.0.nip`")
    pesan: str = Field(..., description="Apa yang salah dan cara memperbaikinya")


class Galat(Schema):
    """The error body (RFC 9457 problem details), for the OpenAPI schema."""

    type: str = Field(..., description="URI jenis galat: `urn:kinerja:galat:<kode>`")
    title: str = Field(..., description="Ringkasan jenis galat (menurut status HTTP)")
    status: int = Field(..., description="Status HTTP")
    detail: str = Field(..., description="Penjelasan berbahasa Indonesia: apa yang harus diubah")
    instance: str | None = Field(None, description="Alamat permintaan")
    kode: str = Field(..., description="Kode galat yang stabil, mis. `validasi`, `konflik_versi`")
    pesan: str = Field(..., description="Sama dengan `detail` (untuk klien lama)")
    kolom: str | None = Field(None, description="Isian pertama yang salah, atau null")
    errors: list[KolomGalat] = Field(..., description="Setiap isian yang salah")

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "type": "urn:kinerja:galat:validasi",
                    "title": "Isian tidak valid",
                    "status": 422,
                    "detail": "u1: nilai paling besar 4. u2: wajib diisi.",
                    "instance": "/api/v1/citizen/survei/AB12CD",
                    "kode": "validasi",
                    "pesan": "u1: nilai paling besar 4. u2: wajib diisi.",
                    "kolom": "u1",
                    "errors": [
                        {"kolom": "u1", "pesan": "nilai paling besar 4"},
                        {"kolom": "u2", "pesan": "wajib diisi"},
                    ],
                }
            ]
        }
    }


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
    # one ETag as this API sends it (W/"3"; the bare or quoted number too) or *: what
    # if_match_version reads; anything else is refused with 400 if_match_tidak_sah
    "schema": {"type": "string", "pattern": r'^\s*(\*|(W/)?"?[0-9]+"?)\s*$'},
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
        raise ApiError(  # a rule between two places the schema cannot relate
            422, "ditolak_aturan",
            f"version di isian ({body_version}) berbeda dengan If-Match ({header}); kirim satu "
            "saja atau samakan.",
            "version",
        )  # fmt: skip
    return header, True


def required_version(request, body_version: int | None) -> tuple[int, bool]:
    """As :func:`expected_version` for a state change that must name the version it read
    (approving, verifying, moving a complaint): without either, refused with 422 and the code
    ``versi_wajib`` (a rule the schema cannot state: one of two places, body or header)."""
    version, from_header = expected_version(request, body_version)
    if version is None:
        raise ApiError(
            422, "versi_wajib",
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
