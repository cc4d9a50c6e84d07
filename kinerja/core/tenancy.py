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


def agency_required(*required: Peran):
    """Log in first; then belong to an agency; then hold one of the roles (else 403)."""

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
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
