"""Objections: the list, filing one against a closed result, its attachment, and the
decision."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from kinerja.core.errors import DomainError
from kinerja.core.permissions import AGENCY_WIDE, Peran, has_role
from kinerja.core.tenancy import agency_required, get_for_agency_or_404
from kinerja.followup import queries, services
from kinerja.followup.forms import DecisionForm, ObjectionForm
from kinerja.followup.models import (
    Keberatan,
    LampiranKeberatan,
)
from kinerja.followup.permissions import (
    can_decide_objection,
    can_view_objection,
    explanation_role,
)
from kinerja.followup.views.common import (
    LABELS,
)
from kinerja.scoring.models import Hasil
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import pp_46_2011 as pp46
from kinerja.skp.views.common import version_of

RATINGS = [(r.value, r.label) for r in pmp.Rating]


CATEGORIES = [(c.value, c.label) for c in pp46.Category]


def _get_keberatan(request, pk) -> Keberatan:
    k = get_for_agency_or_404(queries.objection_list(), request.user, pk=pk)
    if not can_view_objection(request.user, k):
        raise Http404
    return k


@agency_required()
def keberatan_lampiran(request, pk):
    """An objection's attachment, for whoever may read the objection (the employee, the
    rater, the decider, the agency roles); anyone else: not found."""
    lampiran = get_for_agency_or_404(LampiranKeberatan.objects.all(), request.user, pk=pk)
    _get_keberatan(request, lampiran.keberatan_id)
    response = FileResponse(lampiran.berkas.open("rb"), as_attachment=True, filename=lampiran.nama)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@agency_required()
def keberatan_list(request):
    found = queries.objections_for(request.user)
    agency = []
    if has_role(request.user, *AGENCY_WIDE):
        agency = list(
            queries.objection_list().filter(instansi_id=request.user.instansi_id)
            .order_by("status", "tenggat_putusan")[:200]
        )  # fmt: skip
    today = timezone.localdate()
    return render(request, "followup/keberatan_list.html", {
        **found, "semua": agency, "today": today, "labels": LABELS,
    })  # fmt: skip


@agency_required(Peran.PEGAWAI)
def keberatan_ajukan(request, hasil_pk):
    hasil = get_for_agency_or_404(
        Hasil.objects.select_related("skp__penilai", "periode", "instansi"), request.user,
        pk=hasil_pk, skp__pegawai_id=request.user.pegawai_id,
    )  # fmt: skip
    form = ObjectionForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            k = services.file_objection(hasil, by=request.user, alasan=form.cleaned_data["alasan"],
                                        lampiran=form.cleaned_data["lampiran"])  # fmt: skip
        except DomainError as exc:
            if exc.kolom in form.fields:
                form.add_error(exc.kolom, str(exc))
            else:
                error = exc
        else:
            messages.success(request, "Keberatan diajukan kepada atasan pejabat penilai.")
            return redirect("followup_keberatan", pk=k.pk)
    return render(request, "followup/keberatan_ajukan.html", {
        "hasil": hasil, "form": form, "error": error, "labels": LABELS,
        "jendela": queries.objection_window(hasil.periode),
    }, status=400 if error or form.errors else 200)  # fmt: skip


@agency_required()
def keberatan_detail(request, pk):
    k = _get_keberatan(request, pk)
    error = None
    form = DecisionForm()
    if request.method == "POST":
        action = request.POST.get("aksi")
        try:
            if action == "minta":
                services.request_explanation(k, by=request.user, isi=request.POST.get("isi", ""))
            elif action == "jelaskan":
                services.explain_objection(k, by=request.user, isi=request.POST.get("isi", ""))
            elif action == "putus":
                services.decide_objection(
                    k, by=request.user, putusan=request.POST.get("putusan", ""),
                    alasan=request.POST.get("alasan", ""),
                    hasil_kerja=request.POST.get("hasil_kerja", ""),
                    perilaku=request.POST.get("perilaku", ""),
                    predikat=request.POST.get("predikat", ""), version=version_of(request),
                )  # fmt: skip
            else:
                raise DomainError("Tindakan tidak dikenal.")
        except DomainError as exc:
            error = exc
            form = DecisionForm(request.POST)
        else:
            messages.success(request, "Tersimpan.")
            return redirect("followup_keberatan", pk=k.pk)
    if k.diputuskan:
        services.mark_read(k, by=request.user)
    return render(request, "followup/keberatan_detail.html", {
        "k": k, "catatan": list(k.catatan.select_related("penulis")),
        "lampiran": list(k.lampiran.all()), "error": error, "form": form, "labels": LABELS,
        "boleh_putus": can_decide_objection(request.user, k),
        "peran_penjelasan": explanation_role(request.user, k),
        "lewat": queries.overdue(k), "ratings": RATINGS, "categories": CATEGORIES,
        "galat_putusan": (error.kolom or "") if error and request.POST.get("aksi") == "putus"
        else "",
        "pp46": k.hasil.skema == pp46.SCHEME,
        "predikat_semula": queries.label_of(k.semula_predikat, k.hasil.skema),
        "predikat_akhir": queries.label_of(k.akhir_predikat, k.hasil.skema),
    }, status=400 if error else 200)  # fmt: skip
