"""What the follow-up pages share: the period and unit chosen in the query, the agency's
units, the predikat labels, and the talent pages' access check."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from kinerja.core.tenancy import for_agency
from kinerja.followup import queries
from kinerja.followup.permissions import (
    can_view_talent,
)
from kinerja.org.models import UnitKerja
from kinerja.skp.models import Periode
from kinerja.skp.queries import default_period

LABELS = queries.LABELS


def chosen_periode(request, *, closed_only: bool = False) -> Periode | None:
    """?periode=YEAR of the agency; else the newest closed period (``closed_only``) or the one
    people work in (``skp.queries.default_period``)."""
    periods = for_agency(Periode.objects.all(), request.user)
    year = request.GET.get("periode") or request.POST.get("periode") or ""
    if year.isdigit():
        return periods.filter(tahun=int(year)).first()
    if closed_only:
        return periods.filter(status=Periode.Status.DITUTUP).order_by("-tahun").first()
    return default_period(request.user.instansi_id)


def chosen_unit_id(request) -> int | None:
    value = request.GET.get("unit") or ""
    return int(value) if value.isdigit() else None


def agency_units(request):
    return list(for_agency(UnitKerja.objects.all(), request.user).order_by("kode"))


def require_talent_access(request):
    if not can_view_talent(request.user):
        raise PermissionDenied("Halaman ini untuk admin kepegawaian dan pimpinan.")
