"""One error shape for everything under /api/: RFC 9457 problem details.

Every failure answers ``application/problem+json`` with ``type``, ``title``, ``status``,
``detail`` (Indonesian, says what to fix) and ``instance``, plus Kinerja's members: ``kode``
(a stable machine code), ``kolom`` (the public name of the first field at fault) and
``errors`` (every field at fault, each with its own message). ``pesan`` repeats ``detail`` for
clients written before the problem format.

App routers raise ApiError (or let Http404/PermissionDenied through); the handlers in
kinerja.api turn every failure into this body, and kinerja.api.middleware does the same for
what never reaches a router (unknown path, wrong method, oversized body, a crash). ETags and
preconditions (304/409/412/428) are in kinerja.core.api_etag.
"""

import json

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
