"""The distribution curve per scope, and the organisation's predikat that sets it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kinerja.core import svg
from kinerja.core.errors import DomainError
from kinerja.core.permissions import Peran
from kinerja.core.spreadsheet import wants_xlsx, xlsx_response
from kinerja.core.tenancy import agency_required, for_agency, get_for_agency_or_404
from kinerja.org.models import UnitKerja
from kinerja.scoring import export, queries, services
from kinerja.scoring.models import PredikatOrganisasi
from kinerja.scoring.permissions import (
    can_compute,
    can_set_org_predikat,
)
from kinerja.scoring.rules import kurva
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.views.common import LABELS, ORG_LABELS
from kinerja.skp.views.common import periode_for


@agency_required(Peran.ADMIN, Peran.PIMPINAN, Peran.AUDITOR)
def kurva_page(request):
    periode = periode_for(request)
    context = {"periode": periode, "org_labels": ORG_LABELS, "labels": LABELS}
    if periode is None:
        return render(request, "scoring/kurva.html", context)
    what_if = request.GET.get("andaikan") or None
    if what_if and what_if not in ORG_LABELS:
        what_if = None
    unit_id = request.GET.get("unit")
    only = int(unit_id) if unit_id and unit_id.isdigit() else None
    scopes = queries.curve_report(periode, what_if=what_if, only_unit=only)
    if wants_xlsx(request):
        return xlsx_response(
            f"kurva-distribusi-{periode.tahun}",
            export.curve_sheets(scopes, tahun=periode.tahun),
            instansi=request.user.instansi,
        )
    charts = {
        s.kode: svg.grouped_bars(
            [r.singkat for r in s.rule_rows],
            [svg.Series("Ada", [r.ada for r in s.rule_rows]),
             svg.Series("Batas", [r.batas for r in s.rule_rows], color="#b3261e")],
            title=f"Kurva {s.unit.nama if s.unit else 'seluruh instansi'}: ada dibanding batas",
            unit="",
        )
        for s in scopes if s.rule_rows
    }  # fmt: skip
    set_rows = list(
        PredikatOrganisasi.objects.filter(periode=periode).select_related("unit").order_by("pk")
    )
    context.update(
        {
            "scopes": scopes,
            "charts": charts,
            "andaikan": what_if,
            "predikat_order": [(p.value, p.label) for p in pmp.PREDIKAT_ORDER],
            "patterns": {o.value: kurva.PATTERN_TEXT[o] for o in kurva.OrgPredikat},
            "set_rows": set_rows,
            "units": list(for_agency(UnitKerja.objects.all(), request.user).order_by("kode")),
            "boleh_tetapkan": can_set_org_predikat(request.user) and not periode.ditutup,
            "boleh_hitung": can_compute(request.user) and not periode.ditutup,
            "ratings": [(r.value, r.label) for r in pmp.Rating],
            "belum_ada": not any(sum(s.counts.values()) for s in scopes),
        }
    )
    return render(request, "scoring/kurva.html", context)


@require_POST
@agency_required(Peran.ADMIN, Peran.PIMPINAN)
def predikat_organisasi(request):
    periode = periode_for(request)
    if periode is None:
        raise Http404
    unit_id = request.POST.get("unit", "")
    unit = (
        get_for_agency_or_404(UnitKerja.objects.all(), request.user, pk=int(unit_id))
        if unit_id.isdigit()
        else None
    )
    try:
        services.set_org_predikat(
            periode,
            by=request.user,
            unit=unit,
            predikat=request.POST.get("predikat", ""),
            hasil_kerja_unit=request.POST.get("hasil_kerja_unit", ""),
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Predikat organisasi ditetapkan.")
    return redirect(f"{reverse('scoring_kurva')}?periode={periode.tahun}")
