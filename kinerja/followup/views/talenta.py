"""The talent grid (nine boxes), one box's people, its workbook, and potential scores."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from kinerja.core.errors import DomainError
from kinerja.core.permissions import Peran
from kinerja.core.tenancy import agency_required, get_for_agency_or_404
from kinerja.followup import export, queries, services, tasks
from kinerja.followup.models import (
    NilaiPotensi,
)
from kinerja.followup.views.common import (
    LABELS,
    agency_units,
    chosen_periode,
    chosen_unit_id,
    require_talent_access,
)
from kinerja.org.models import Pegawai


@agency_required(Peran.ADMIN, Peran.PIMPINAN)
def talenta(request):
    require_talent_access(request)
    periode = chosen_periode(request, closed_only=True)
    context = {
        "periode": periode,
        "units": agency_units(request),
        "unit_id": chosen_unit_id(request),
    }
    if periode is not None:
        grid = queries.talent_grid(periode, unit_id=chosen_unit_id(request))
        context.update({
            "grid": grid, "pengaturan": queries.settings_for(periode),
            "potensi_label": queries.POTENSI_LABEL, "kolom": queries.POTENSI_COLS,
            "rows": list(zip([(k, queries.KINERJA_LABEL[k]) for k in queries.KINERJA_ROWS],
                             grid.rows,
                             strict=True)),
        })  # fmt: skip
    return render(request, "followup/talenta.html", context)


@agency_required(Peran.ADMIN, Peran.PIMPINAN)
def talenta_kotak(request, box):
    require_talent_access(request)
    periode = chosen_periode(request, closed_only=True)
    if periode is None or box not in queries.BOX_AXES:
        raise Http404
    people = list(queries.box_people(periode, box, unit_id=chosen_unit_id(request))[:500])
    return render(request, "followup/_kotak.html", {
        "box": box, "label": queries.box_label(box), "people": people, "labels": LABELS,
        "conduct_note": queries.CONDUCT_NOTE,
    })  # fmt: skip


@agency_required(Peran.ADMIN, Peran.PIMPINAN)
def talenta_xlsx(request):
    require_talent_access(request)
    periode = chosen_periode(request, closed_only=True)
    if periode is None:
        raise Http404
    response = HttpResponse(
        export.grid_xlsx(periode, unit_id=chosen_unit_id(request)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="talenta-{periode.tahun}.xlsx"'
    return response


@agency_required(Peran.ADMIN)
def potensi(request):
    periode = chosen_periode(request, closed_only=True)
    if periode is None:
        raise Http404
    errors = []
    if request.method == "POST":
        try:
            if "berkas" in request.FILES:
                upload = request.FILES["berkas"]
                job = tasks.start_potential_import(periode, by=request.user, name=upload.name,
                                                   content=upload.read())  # fmt: skip
                return redirect("pekerjaan", job.pk)
            else:
                nip = "".join(request.POST.get("nip", "").split())
                pegawai = get_for_agency_or_404(Pegawai.objects.all(), request.user, nip=nip)
                services.record_potential(pegawai, periode, by=request.user,
                                          skor=request.POST.get("skor"))  # fmt: skip
                messages.success(request, f"Skor potensial {pegawai.nama} dicatat.")
                return redirect(f"{reverse('followup_potensi')}?periode={periode.tahun}")
        except DomainError as exc:
            messages.error(request, str(exc))
    rows = (
        NilaiPotensi.objects.filter(periode=periode)
        .select_related("pegawai__unit")
        .order_by("pegawai__nama")[:500]
    )
    return render(request, "followup/potensi.html", {
        "periode": periode, "rows": list(rows), "errors": errors,
        "pengaturan": queries.settings_for(periode),
    }, status=400 if errors else 200)  # fmt: skip
