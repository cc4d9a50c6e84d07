"""The HTTP API at /api/v1 (django-ninja, OpenAPI at /api/v1/docs).

Each app may have an ``api.py`` with a ``router`` (a ninja Router); they are
mounted here under the app's label, in the order of INSTALLED_APPS. Endpoints
call the same services and queries as the pages. Every error is an RFC 9457 problem
(application/problem+json, see kinerja.core.api_errors), also those no router sees
(kinerja.api.middleware).
"""

import logging
import math
from importlib import import_module

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from kinerja.api import cakupan
from kinerja.api.auth import AUTH
from kinerja.api.validation import field_errors, summary
from kinerja.core.api_errors import PROBLEM, ApiError, Galat, problem_response
from kinerja.core.unavailable import DATABASE_DOWN, unavailable_response

logger = logging.getLogger("kinerja.api")

_galat_schema = Galat.model_json_schema(ref_template="#/components/schemas/{model}")
KOLOM_BODY = _galat_schema.pop("$defs")["KolomGalat"]
ERROR_BODY = _galat_schema

NOT_FOUND = "Data tidak ditemukan. Periksa kode atau alamatnya."
NOT_FOUND_INSIDE = "Data tidak ditemukan di instansi Anda."
SERVER_ERROR = (
    "Terjadi galat di server; permintaan Anda tidak diproses. Coba lagi nanti; bila berulang, "
    "hubungi admin dengan menyebut waktu permintaan."
)

# The error answers every operation may give, besides those it declares itself: the handlers
# below produce them for any route, so the schema says so once here instead of in every router.
ERROR_RESPONSES = {
    400: "Badan permintaan bukan JSON yang sah.",
    401: "Token API tidak ada, tidak berlaku atau sudah dicabut.",
    403: "Peran atau cakupan token Anda tidak mengizinkan tindakan ini.",
    404: "Data tidak ditemukan (di instansi Anda).",
    409: "Data berubah sejak dibaca (version) atau periodenya sudah ditutup.",
    413: "Badan permintaan terlalu besar.",
    422: "Isian tidak valid; `errors` menyebut setiap isian yang salah.",
    429: "Terlalu banyak permintaan; header Retry-After menyebut berapa detik menunggu.",
}
GALAT_REF = "#/components/schemas/Galat"
# Error bodies: Galat and the ones that extend it with members of their own
PROBLEM_REFS = {GALAT_REF, "#/components/schemas/GalatImpor"}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Detik sebelum mencoba lagi",
        "schema": {"type": "integer", "minimum": 1},
    }
}


def _refs_galat(schema: dict) -> bool:
    if schema.get("$ref") in PROBLEM_REFS:
        return True
    return any(_refs_galat(option) for option in schema.get("anyOf", ()))


def _as_problem(response: dict) -> None:
    """Error bodies are application/problem+json; a response that may be either a normal body
    or an error (the employee upsert's 422) lists both media types."""
    content = response.get("content") or {}
    json_body = content.get("application/json")
    if json_body is None or not _refs_galat(json_body.get("schema", {})):
        return
    ref = json_body["schema"].get("$ref")
    if ref in PROBLEM_REFS:
        del content["application/json"]
    content[PROBLEM] = {"schema": {"$ref": ref if ref in PROBLEM_REFS else GALAT_REF}}


def declare_errors(schema: dict) -> dict:
    """Add the error answers to each operation of an OpenAPI document: 401, 403, 404 and 429
    to those behind authentication, 409 to their writes, 400 (unreadable JSON) and 413 to any
    with a body, and 422 to all (invalid input; any query string may carry a NUL character).
    Every error body is problem+json."""
    schema.setdefault("components", {}).setdefault("schemas", {}).setdefault("Galat", ERROR_BODY)
    schema["components"]["schemas"].setdefault("KolomGalat", KOLOM_BODY)
    for methods in schema.get("paths", {}).values():
        for method, operation in methods.items():
            codes = []
            if operation.get("security"):
                codes += [401, 403, 404, 429]
                if method == "post":
                    codes.append(409)
            if operation.get("requestBody"):
                codes += [400, 413]
            codes.append(422)  # any input, the query string included (a NUL character)
            responses = operation.setdefault("responses", {})
            for code in codes:
                if code in responses or str(code) in responses:
                    continue
                responses[code] = {
                    "description": ERROR_RESPONSES[code],
                    "content": {PROBLEM: {"schema": {"$ref": GALAT_REF}}},
                }
            for code, response in responses.items():
                _as_problem(response)
                if int(code) == 429:
                    response.setdefault("headers", {}).update(RETRY_AFTER)
    return schema


class KinerjaApi(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """The view's own (Indonesian) name, e.g. ``daftar_pegawai``: stable, short, and what a
        generated client calls its function; not ninja's ``kinerja_org_api_daftar_pegawai``."""
        return operation.view_func.__name__

    def _get_bound_routers(self):
        """The mounted operations, each wrapped once with its scope check (kinerja.api.cakupan)
        before it answers a request or appears in the schema."""
        bound = super()._get_bound_routers()
        for router in bound:
            for path_view in router.path_operations.values():
                for operation in path_view.operations:
                    cakupan.guard(operation)
        return bound

    def get_openapi_schema(self, *args, **kwargs):
        return declare_errors(super().get_openapi_schema(*args, **kwargs))


api = KinerjaApi(
    title="Kinerja API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    auth=AUTH,
    throttle=[cakupan.TokenThrottle()],
    description=(
        "API Kinerja: organisasi, SKP, penilaian, survei dan aduan. Autentikasi dengan token "
        "API (`Authorization: Bearer knj_…`) atau sesi peramban. Setiap galat berbentuk "
        "`application/problem+json` (RFC 9457) dengan `detail` berbahasa Indonesia dan "
        "`errors` yang menyebut setiap isian yang salah. Alamat tanpa garis miring di akhir. "
        "Panduan: docs/api.md."
    ),
)


def _error(request, status: int, kode: str, pesan: str, kolom: str | None = None, **kwargs):
    return problem_response(status, kode, pesan, kolom, instance=request.path, **kwargs)


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return exc.response(request)


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    errors = field_errors(exc.errors)
    kolom = errors[0]["kolom"] if errors else None
    return _error(request, 422, "validasi", summary(errors), kolom, errors=errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(
        request, 401, "tidak_terautentikasi",
        "Sertakan token API yang berlaku (Authorization: Bearer …) atau masuk terlebih dahulu.",
        headers={"WWW-Authenticate": 'Bearer realm="kinerja"'},
    )  # fmt: skip


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, "ditolak", str(exc) or "Peran Anda tidak mengizinkan tindakan ini.")


@api.exception_handler(Http404)
def _not_found(request, exc):
    # An anonymous caller (the public survey and complaint endpoints) has no agency.
    inside = getattr(request, "auth", None) is not None
    return _error(request, 404, "tidak_ditemukan", NOT_FOUND_INSIDE if inside else NOT_FOUND)


@api.exception_handler(Throttled)
def _throttled(request, exc: Throttled):
    wait = max(1, math.ceil(exc.wait or 1))
    return _error(
        request, 429, "terlalu_sering",
        f"Terlalu banyak permintaan dengan token ini; coba lagi dalam {wait} detik.",
        headers={"Retry-After": str(wait)},
    )  # fmt: skip


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 400:  # ninja could not parse the body
        return _error(
            request, 400, "permintaan_rusak",
            "Badan permintaan bukan JSON yang sah; kirim objek JSON dalam UTF-8.",
        )  # fmt: skip
    return _error(request, exc.status_code, "galat", str(exc))


@api.exception_handler(Exception)
def _crash(request, exc: Exception):
    """Anything else: the database being down answers 503 as everywhere; the rest is logged
    with its traceback and answered 500 in the error shape, without internals."""
    if isinstance(exc, DATABASE_DOWN):
        return unavailable_response(request, exc)
    logger.exception("Galat tak terduga di API: %s %s", request.method, request.path)
    return _error(request, 500, "galat_server", SERVER_ERROR)


def _mount_routers() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("kinerja.") or config.name == "kinerja.api":
            continue
        try:
            module = import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.api":
                raise
            continue
        api.add_router(f"/{config.label}/", module.router)


_mount_routers()
