"""Access helpers shared by the SKP pages: one fetch per object, 404 for what is not yours."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone

from kinerja.core.tenancy import for_agency, get_for_agency_or_404
from kinerja.skp import queries
from kinerja.skp.models import (
    BagianPeriode,
    BuktiDukung,
    Indikator,
    Periode,
    Realisasi,
    Rhk,
    Skp,
)
from kinerja.skp.permissions import can_view_skp
from kinerja.skp.services import DomainError


def get_skp(request, pk) -> Skp:
    """An SKP the user may read; another agency's or a stranger's is not found."""
    skp = get_for_agency_or_404(queries.skp_list(), request.user, pk=pk)
    if not can_view_skp(request.user, skp):
        raise Http404
    return skp


def _through_skp(request, queryset, pk, path: str):
    obj = get_for_agency_or_404(queryset, request.user, pk=pk)
    skp = obj
    for part in path.split("."):
        skp = getattr(skp, part)
    if not can_view_skp(request.user, skp):
        raise Http404
    return obj


def get_rhk(request, pk) -> Rhk:
    qs = Rhk.objects.select_related("skp__periode", "skp__pegawai", "skp__instansi")
    return _through_skp(request, qs, pk, "skp")


def get_indikator(request, pk) -> Indikator:
    qs = Indikator.objects.select_related("rhk__skp__periode", "rhk__skp__pegawai", "instansi")
    return _through_skp(request, qs, pk, "rhk.skp")


def get_realisasi(request, pk) -> Realisasi:
    qs = Realisasi.objects.select_related("skp__periode", "skp__pegawai", "skp__instansi", "bagian")
    return _through_skp(request, qs, pk, "skp")


def get_bukti(request, pk) -> BuktiDukung:
    qs = BuktiDukung.objects.select_related(
        "realisasi__skp__periode",
        "realisasi__skp__pegawai",
        "realisasi__bagian",
        "realisasi__skp__instansi",
    )
    return _through_skp(request, qs, pk, "realisasi.skp")


def get_bagian(skp: Skp, nomor) -> BagianPeriode:
    bagian = BagianPeriode.objects.filter(periode_id=skp.periode_id, nomor=nomor).first()
    if bagian is None:
        raise Http404
    return bagian


def agency_periods(request) -> list[Periode]:
    """Every period of the viewer's agency, newest first: one query per request (the year
    selector and :func:`periode_for` share it)."""
    cached = getattr(request, "_kinerja_periods", None)
    if cached is None:
        cached = list(for_agency(Periode.objects.order_by("-tahun"), request.user))
        request._kinerja_periods = cached
    return cached


def periode_for(request) -> Periode | None:
    """The period asked for (``?periode=`` year, on GET or POST), else the one people work in
    (:func:`queries.pick_default_period`); None when the agency has none (or not that year)."""
    periods = agency_periods(request)
    year = request.GET.get("periode") or request.POST.get("periode") or ""
    if year.isdigit():
        return next((p for p in periods if p.tahun == int(year)), None)
    return queries.pick_default_period(periods)


def today():
    return timezone.localdate()


def version_of(request, name: str = "version") -> int | None:
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else None


def act(request, action, success: str, *args, **kwargs) -> bool:
    """Run a service; show its Indonesian message on failure, ``success`` otherwise."""
    try:
        action(*args, **kwargs)
    except DomainError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, success)
    return True


def back_to_skp(skp_pk, anchor: str = ""):
    response = redirect("skp_detail", pk=skp_pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response
