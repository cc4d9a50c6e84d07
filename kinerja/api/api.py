"""The HTTP API at /api/v1 (django-ninja, OpenAPI at /api/v1/docs).

Each app may have an ``api.py`` with a ``router`` (a ninja Router); they are
mounted here under the app's label, in the order of INSTALLED_APPS. Endpoints
call the same services and queries as the pages. Every error has the body
{"kode", "pesan", "kolom"} (see kinerja.core.api_errors).
"""

from importlib import import_module

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from kinerja.api.auth import AUTH
from kinerja.core.api_errors import ApiError, Galat

# The error answers every operation may give, besides those it declares itself: the handlers
# below produce them for any route, so the schema says so once here instead of in every router.
ERROR_RESPONSES = {
    400: "Badan permintaan bukan JSON yang sah.",
    401: "Token API tidak ada, tidak berlaku atau sudah dicabut.",
    403: "Peran Anda tidak mengizinkan tindakan ini.",
    404: "Data tidak ditemukan di instansi Anda.",
    409: "Data berubah sejak dibaca (version) atau periodenya sudah ditutup.",
    422: "Isian tidak valid; kolom menyebut isian yang salah.",
}
ERROR_BODY = Galat.model_json_schema()


def declare_errors(schema: dict) -> dict:
    """Add the error answers to each operation of an OpenAPI document: 401, 403 and 404 to
    those behind authentication, 409 to their writes, 400 (unreadable JSON) to any with a
    body, and 422 to all (invalid input; any query string may carry a NUL character)."""
    schema.setdefault("components", {}).setdefault("schemas", {}).setdefault("Galat", ERROR_BODY)
    for methods in schema.get("paths", {}).values():
        for method, operation in methods.items():
            codes = []
            if operation.get("security"):
                codes += [401, 403, 404]
                if method == "post":
                    codes.append(409)
            if operation.get("requestBody"):
                codes.append(400)
            codes.append(422)  # any input, the query string included (a NUL character)
            responses = operation.setdefault("responses", {})
            for code in codes:
                if code in responses or str(code) in responses:
                    continue
                responses[code] = {
                    "description": ERROR_RESPONSES[code],
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Galat"}}
                    },
                }
    return schema


class KinerjaApi(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        return declare_errors(super().get_openapi_schema(*args, **kwargs))


api = KinerjaApi(
    title="Kinerja API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    auth=AUTH,
    description=(
        "API Kinerja: organisasi, SKP, penilaian, survei dan aduan. Autentikasi dengan token "
        "API pribadi (`Authorization: Bearer knj_…`) atau sesi peramban. Setiap galat "
        'berbentuk `{"kode", "pesan", "kolom"}` dengan pesan berbahasa Indonesia.'
    ),
)


def _error(request, status: int, kode: str, pesan: str, kolom: str | None = None):
    return api.create_response(
        request, {"kode": kode, "pesan": pesan, "kolom": kolom}, status=status
    )


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return api.create_response(request, exc.body(), status=exc.status)


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    first = exc.errors[0] if exc.errors else {}
    loc = [str(part) for part in first.get("loc", ()) if part not in ("body", "query", "path")]
    kolom = ".".join(loc) or None
    pesan = f"Isian {kolom} tidak valid: {first.get('msg', '')}" if kolom else "Isian tidak valid."
    response = _error(request, 422, "validasi", pesan, kolom)
    return response


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(
        request, 401, "tidak_terautentikasi",
        "Sertakan token API yang berlaku (Authorization: Bearer …) atau masuk terlebih dahulu.",
    )  # fmt: skip


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, "ditolak", str(exc) or "Peran Anda tidak mengizinkan tindakan ini.")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "tidak_ditemukan", "Data tidak ditemukan di instansi Anda.")


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 400:  # ninja could not parse the body
        return _error(
            request, 400, "permintaan_rusak",
            "Badan permintaan bukan JSON yang sah; kirim objek JSON dalam UTF-8.",
        )  # fmt: skip
    return _error(request, exc.status_code, "galat", str(exc))


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
