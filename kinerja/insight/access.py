"""Who sees which insight: HR, the agency head and auditors see the whole agency; a unit
head sees the units they head and those below (the citizen app's rule, reused); an
employee's documents follow ``can_view_pegawai`` (oneself, the chain above, agency-wide)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kinerja.citizen.access import unit_scope
from kinerja.core.permissions import AGENCY_WIDE, Peran, can_view_pegawai, has_role
from kinerja.core.tenancy import for_agency
from kinerja.skp.models import Periode, Skp
from kinerja.skp.queries import default_period

__all__ = ["can_see_calibration", "period_for", "require_hr", "skp_for_document", "unit_scope"]


def period_for(request) -> Periode:
    """The period named by ``?tahun=`` (or ``?periode=``, the year kept across pages), else
    the one people work in (``skp.queries.default_period``); 404 when there is none."""
    periods = for_agency(Periode.objects.all(), request.user)
    tahun = request.GET.get("tahun") or request.GET.get("periode") or ""
    periode = periods.filter(tahun=int(tahun)).first() if tahun.isdigit() else None
    periode = periode or default_period(request.user.instansi_id)
    if periode is None:
        raise Http404("Belum ada periode.")
    return periode


def can_see_calibration(user) -> bool:
    return has_role(user, *AGENCY_WIDE)


def require_hr(user) -> None:
    if not has_role(user, Peran.ADMIN):
        raise PermissionDenied("Hanya admin kepegawaian yang dapat melakukan ini.")


def skp_for_document(user, skp_id: int) -> Skp:
    """An SKP of the user's agency that the user may read; another agency's is 404."""
    skp = (
        for_agency(Skp.objects.select_related("pegawai", "periode"), user).filter(pk=skp_id).first()
    )
    if skp is None:
        raise Http404("SKP tidak ditemukan.")
    if not can_view_pegawai(user, skp.pegawai):
        raise PermissionDenied("Dokumen ini hanya untuk pegawai ybs., atasannya, dan admin.")
    return skp
