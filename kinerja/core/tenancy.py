"""Agency scoping: every read of domain rows goes through these helpers."""

from functools import wraps
from typing import TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

from kinerja.core.permissions import Peran, has_role, roles_of

M = TypeVar("M", bound=Model)


def for_agency(queryset: QuerySet[M], user) -> QuerySet[M]:
    """Rows of the user's agency only; nothing at all for a user without one."""
    if not getattr(user, "instansi_id", None):
        return queryset.none()
    return queryset.filter(instansi_id=user.instansi_id)


def get_for_agency_or_404(queryset: QuerySet[M], user, **lookup) -> M:
    """One object of the user's agency; another agency's object is simply not found."""
    return get_object_or_404(for_agency(queryset, user), **lookup)


def may_enter(user, required: tuple[Peran, ...] = (), when=None) -> bool:
    """The check ``agency_required`` makes, as a yes/no: belongs to an agency, holds one of
    ``required`` (any role when empty) and passes ``when(user)`` when given (``when`` may
    answer False or raise PermissionDenied with its own message)."""
    if not getattr(user, "is_authenticated", False) or not roles_of(user):
        return False
    if required and not has_role(user, *required):
        return False
    if when is None:
        return True
    try:
        return bool(when(user))
    except PermissionDenied:
        return False


def agency_required(*required: Peran, when=None):
    """Log in first; then belong to an agency; then hold one of the roles and pass
    ``when(user)`` (else 403).

    The wrapped view carries ``may_open(user)``, the same check as a yes/no, so the
    navigation (core.navigation) draws a link only to a page its viewer may open."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not roles_of(user):
                raise PermissionDenied("Akun ini belum terhubung dengan instansi.")
            if required and not has_role(user, *required):
                raise PermissionDenied("Halaman ini tidak tersedia untuk peran Anda.")
            if when is not None and not when(user):
                raise PermissionDenied("Halaman ini tidak tersedia untuk peran Anda.")
            return view(request, *args, **kwargs)

        wrapper.may_open = lambda user: may_enter(user, required, when)
        return wrapper

    return decorator


# --- ready for a distributed PostgreSQL (Citus), the agency being the distribution column ---
#
# Every domain table carries ``instansi`` and every unique rule on it names ``instansi``, so
# each agency's rows can live on one node. The exceptions are declared here, each with its
# reason; tests/core/test_citus_readiness.py checks the models and the queries against them.

# Tables that are not split by agency (on Citus: reference tables, copied to every node).
REFERENCE_TABLES: dict[str, str] = {
    "org.Instansi": "the agency table itself: the list of tenants",
    "org.User": "logins are global (one username, one account), resolved before the agency "
    "is known; national accounts have no agency",
    "org.ApiToken": "a token is resolved from its hash on every API call, before the agency "
    "is known",
}

# Tables split by something other than the agency, with the reason. The one such table is
# the directory of citizen-facing codes (code → agency): a citizen types the code before the
# agency is known, so on Citus it is distributed by the code itself and a lookup by code reads
# one shard. Its unique key (the code) keeps those codes unique across agencies while their
# own tables are unique per agency. Read only by its declared national resolver.
DIRECTORY_TABLES: dict[str, str] = {
    "citizen.KodePublik": "a service's public code, a receipt code and a complaint's tracking "
    "code are typed by citizens before the agency is known: code → agency, distributed by kode",
}

# Functions whose own queries may read across agencies, as "module:qualname" → reason. Every
# other query is constrained to one agency (kinerja/core/README.md says how this is checked).
# The exemption covers the statements a function issues itself, not those of the functions it
# calls. Declare new ones with @national("reason"), or here for a function of another app.
NATIONAL: dict[str, str] = {
    "kinerja.citizen.views.public:complaint_new": "the public complaint form lists the active "
    "services of every agency on this server, for the citizen to pick one",
    "kinerja.citizen.complaints:submit_complaint": "the flood limit counts one network "
    "address's complaints to every agency, so spreading them over agencies does not evade it",
    "kinerja.org.auth:NipBackend.get_user": "the signed-in account (a global login, by the "
    "session's user id) joined to its own employee record, before the agency is known",
}


def national(reason: str):
    """Declare a function a national view: its queries may cross agencies (give the reason)."""

    def decorator(func):
        NATIONAL[f"{func.__module__}:{func.__qualname__}"] = reason
        return func

    return decorator
