"""Token scopes per operation, and throttling per token.

Each operation declares the scope a service account's token needs, under its router decorator::

    @router.get("/pegawai", ...)
    @cakupan("baca")
    def daftar_pegawai(request): ...

A service token without that scope gets 403; an operation that declares none is closed to
service tokens (a person's own operations: their SKP, their objection). Personal tokens and
the browser session are not limited by scopes: they act with their owner's roles. The scope is
written into the OpenAPI document (``x-scopes`` and a line of the description).
"""

from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from ninja.throttling import SimpleRateThrottle

from kinerja.core.permissions import Peran
from kinerja.org.layanan import CAKUPAN

ATTR = "kinerja_cakupan"
GUARDED = "kinerja_cakupan_dijaga"
# A service account acts with HR's rights in its agency; its token's scopes say which
# operations it reaches (writes only where a write scope is declared).
PERAN_LAYANAN = frozenset({Peran.ADMIN})


def cakupan(code: str):
    """Declare the scope an operation needs from a service account's token."""
    if code not in CAKUPAN:
        raise ValueError(f"Cakupan tidak dikenal: {code}")

    def decorator(func):
        setattr(func, ATTR, code)
        return func

    return decorator


def declared(func) -> str | None:
    """The scope declared on a view function or on any function it wraps."""
    while func is not None:
        code = getattr(func, ATTR, None)
        if code:
            return code
        func = getattr(func, "__wrapped__", None)
    return None


def service_token(request):
    token = getattr(request, "kinerja_token", None)
    return token if token is not None and token.akun_layanan_id else None


def check(request, code: str | None) -> None:
    """403 for a service token that lacks the scope (or an operation without one)."""
    token = service_token(request)
    if token is None:
        return
    if code is None:
        raise PermissionDenied(
            "Operasi ini tidak tersedia untuk token akun layanan (hanya untuk akun pribadi)."
        )
    if code not in token.cakupan:
        raise PermissionDenied(
            f"Token ini tidak memiliki cakupan “{code}” ({CAKUPAN[code].lower()}) yang "
            "diperlukan operasi ini. Buat token dengan cakupan itu di halaman Akun layanan API."
        )


def guard(operation) -> None:
    """Wrap an operation's view with the scope check and document the scope (once)."""
    view = operation.view_func
    if getattr(view, GUARDED, False):
        return
    code = declared(view)

    @wraps(view)
    def guarded(request, *args, **kwargs):
        check(request, code)
        return view(request, *args, **kwargs)

    setattr(guarded, GUARDED, True)
    operation.view_func = guarded
    if not operation.auth_callbacks:
        return  # public: no token is read
    extra = dict(operation.openapi_extra or {})
    extra["x-scopes"] = [code] if code else []
    operation.openapi_extra = extra
    line = (
        f"Cakupan token akun layanan: `{code}`."
        if code
        else "Tidak tersedia untuk token akun layanan."
    )
    operation.description = f"{operation.description}\n\n{line}" if operation.description else line


def _rate() -> str:
    return settings.KINERJA_API_RATE


class TokenThrottle(SimpleRateThrottle):
    """Requests per token (personal or service) in a sliding window; the rate comes from
    the setting KINERJA_API_RATE (environment variable of the same name), read on each
    request. Browser sessions and public operations are not counted here. The counts live in
    Django's cache: per process unless a shared cache is configured."""

    scope = "token"

    def __init__(self):
        super().__init__(rate=_rate())

    def allow_request(self, request) -> bool:
        self.rate = _rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request):
        token = getattr(request, "kinerja_token", None)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}
