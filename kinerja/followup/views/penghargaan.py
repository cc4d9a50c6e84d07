"""Rewards: the candidates for an award, the TPP export and the award settings."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from kinerja.core.errors import DomainError
from kinerja.core.permissions import Peran
from kinerja.core.tenancy import agency_required, get_for_agency_or_404
from kinerja.followup import export, queries, services
from kinerja.followup.forms import AwardForm
from kinerja.followup.models import (
    Penghargaan,
)
from kinerja.followup.permissions import (
    can_manage,
)
from kinerja.followup.views.common import (
    LABELS,
    agency_units,
    chosen_periode,
    chosen_unit_id,
    require_talent_access,
)
from kinerja.org.models import Pegawai
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import pp_46_2011 as pp46

PREDIKAT_CHOICES = [(p.value, p.label) for p in pmp.PREDIKAT_ORDER] + [
    (c.value, c.label) for c in pp46.Category if c.value in ("cukup", "buruk")
]


@agency_required(Peran.ADMIN, Peran.PIMPINAN)
def kandidat(request):
    require_talent_access(request)
    periode = chosen_periode(request, closed_only=True)
    context = {"periode": periode, "units": agency_units(request),
               "unit_id": chosen_unit_id(request), "labels": LABELS,
               "jenis": Penghargaan.Jenis.choices,
               "boleh_catat": can_manage(request.user)}  # fmt: skip
    if periode is None:
        return render(request, "followup/kandidat.html", context)
    if request.method == "POST":
        if not can_manage(request.user):
            raise PermissionDenied("Hanya admin kepegawaian yang mencatat penghargaan.")
        form = AwardForm(request.POST)
        if form.is_valid():
            pegawai = get_for_agency_or_404(Pegawai.objects.all(), request.user,
                                            pk=form.cleaned_data["pegawai"])  # fmt: skip
            try:
                services.record_award(pegawai, periode, by=request.user,
                                      jenis=form.cleaned_data["jenis"],
                                      tanggal=form.cleaned_data["tanggal"],
                                      dasar=form.cleaned_data["dasar"])  # fmt: skip
            except DomainError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"Penghargaan untuk {pegawai.nama} dicatat.")
        else:
            messages.error(request, "Lengkapi jenis, tanggal dan dasar penghargaan.")
        return redirect(f"{reverse('followup_kandidat')}?periode={periode.tahun}")
    minimum = request.GET.get("min") or ""
    try:
        min_capaian = Decimal(minimum.replace(",", ".")) if minimum else None
    except InvalidOperation:
        min_capaian = None
    context.update({
        "rows": list(queries.candidates(periode, unit_id=chosen_unit_id(request),
                                        min_capaian=min_capaian)[:500]),
        "awards": list(queries.awards(periode)[:500]), "min": minimum,
        "today": timezone.localdate(),
    })  # fmt: skip
    return render(request, "followup/kandidat.html", context)


@agency_required(Peran.ADMIN)
def tpp(request, fmt):
    periode = chosen_periode(request, closed_only=True)
    if periode is None:
        raise Http404
    name = f"tpp-{periode.tahun}"
    if fmt == "csv":
        response = HttpResponse(export.tpp_csv(periode), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            export.tpp_xlsx(periode),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@agency_required(Peran.ADMIN)
def pengaturan(request):
    periode = chosen_periode(request)
    if periode is None:
        raise Http404
    if request.method == "POST":
        try:
            services.set_period_settings(
                periode, by=request.user,
                hari_keputusan_keberatan=request.POST.get("hari_keputusan_keberatan") or None,
                potensi_menengah=request.POST.get("potensi_menengah"),
                potensi_tinggi=request.POST.get("potensi_tinggi"),
                persen_tpp={code: request.POST.get(f"tpp_{code}", "")
                            for code, _label in PREDIKAT_CHOICES},
            )  # fmt: skip
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Pengaturan tindak lanjut disimpan.")
        return redirect(f"{reverse('followup_pengaturan')}?periode={periode.tahun}")
    current = queries.settings_for(periode)
    return render(request, "followup/pengaturan.html", {
        "periode": periode, "p": current, "predikat": [
            (code, label, (current.persen_tpp or {}).get(code, ""))
            for code, label in PREDIKAT_CHOICES],
    })  # fmt: skip
