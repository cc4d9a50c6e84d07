"""Pages of the plan: my SKPs, one SKP with its RHK and indicators, workflow, revisions."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kinerja.core.tenancy import agency_required, for_agency, get_for_agency_or_404
from kinerja.skp import queries, services
from kinerja.skp.models import Indikator, Periode, Rhk, Skp
from kinerja.skp.permissions import (
    can_edit_skp,
    can_review_skp,
    can_view_periode_report,
    is_owner,
)
from kinerja.skp.services.rencana import INDIKATOR_FIELDS, LAMPIRAN_FIELDS
from kinerja.skp.terukur import periksa, tidak_terukur
from kinerja.skp.views.common import (
    act,
    back_to_skp,
    get_indikator,
    get_rhk,
    get_skp,
    today,
    version_of,
)


@agency_required()
def skp_saya(request):
    user = request.user
    mine = list(
        for_agency(queries.skp_list(), user)
        .filter(pegawai_id=user.pegawai_id)
        .order_by("-periode__tahun")
    )
    have = {s.periode_id for s in mine}
    open_periods = [
        p
        for p in for_agency(Periode.objects.all(), user).order_by("-tahun")
        if p.pk not in have and p.status in ("perencanaan", "pelaksanaan")
    ]
    context = {
        "mine": mine,
        "open_periods": open_periods if user.pegawai_id else [],
        "bisa_salin": bool(mine),
    }
    return render(request, "skp/skp_saya.html", context)


@require_POST
@agency_required()
def skp_create(request, periode_pk):
    periode = get_for_agency_or_404(Periode.objects.all(), request.user, pk=periode_pk)
    if not request.user.pegawai_id:
        raise Http404
    pegawai = request.user.pegawai
    verb = services.copy_last_year if request.POST.get("salin") else services.create_skp
    try:
        skp = verb(pegawai, periode=periode, by=request.user)
    except services.DomainError as exc:
        messages.error(request, str(exc))
        return redirect("skp_saya")
    return redirect("skp_detail", pk=skp.pk)


@agency_required()
def skp_detail(request, pk):
    skp = get_skp(request, pk)
    editable = can_edit_skp(request.user, skp)
    reviewer = can_review_skp(request.user, skp) and skp.status == Skp.Status.DIAJUKAN
    rhk_list = queries.skp_full(skp)
    temuan = queries.temuan_indikator(rhk_list) if editable or reviewer else {}
    context = {
        "skp": skp,
        "rhk_list": rhk_list,
        "perlu_diperjelas": sum(1 for t in temuan.values() if tidak_terukur(t)),
        "saran": queries.saran_indikator(skp) if editable else [],
        "editable": editable,
        "reviewer": reviewer,
        "owner": is_owner(request.user, skp),
        "rater_rhk": queries.rater_rhk(skp) if editable else [],
        "riwayat": list(skp.riwayat.values("nomor", "disetujui_pada")),
        "bagian": list(skp.periode.bagian.all()),
        "today": today(),
        "Indikator": Indikator,
    }
    return render(request, "skp/skp_detail.html", context)


def _intervensi(request, skp):
    pk = request.POST.get("intervensi") or ""
    if not pk.isdigit():
        return None
    return get_object_or_404(
        Rhk.objects.select_related("skp"), pk=int(pk), instansi_id=skp.instansi_id
    )


@require_POST
@agency_required()
def rhk_add(request, pk):
    skp = get_skp(request, pk)
    act(
        request,
        services.add_rhk,
        "RHK ditambahkan.",
        skp,
        by=request.user,
        uraian=request.POST.get("uraian", ""),
        jenis=request.POST.get("jenis", "utama"),
        intervensi=_intervensi(request, skp),
    )
    return back_to_skp(skp.pk, "rhk")


@require_POST
@agency_required()
def rhk_edit(request, pk):
    rhk = get_rhk(request, pk)
    if request.POST.get("hapus"):
        act(request, services.delete_rhk, "RHK dihapus.", rhk, by=request.user)
    else:
        act(
            request,
            services.update_rhk,
            "RHK disimpan.",
            rhk,
            by=request.user,
            version=version_of(request),
            uraian=request.POST.get("uraian", ""),
            jenis=request.POST.get("jenis", rhk.jenis),
            intervensi=_intervensi(request, rhk.skp),
        )
    return back_to_skp(rhk.skp_id, f"rhk-{rhk.pk}")


def _indikator_data(request) -> dict:
    return {f: request.POST.get(f, "") for f in INDIKATOR_FIELDS}


@require_POST
@agency_required()
def indikator_add(request, pk):
    rhk = get_rhk(request, pk)
    act(
        request,
        services.add_indikator,
        "Indikator ditambahkan.",
        rhk,
        by=request.user,
        **_indikator_data(request),
    )
    return back_to_skp(rhk.skp_id, f"rhk-{rhk.pk}")


@require_POST
@agency_required()
def indikator_periksa(request, pk):
    """The checker's findings on an indicator being typed (htmx, before it is saved or submitted).

    Read-only: it stores nothing. The SKP's other indicators are the duplicates' reference."""
    skp = get_skp(request, pk)
    if not (can_edit_skp(request.user, skp) or can_review_skp(request.user, skp)):
        raise Http404
    sendiri = request.POST.get("indikator") or ""
    lain = Indikator.objects.filter(rhk__skp=skp).values_list("uraian", flat=True)
    if sendiri.isdigit():
        lain = lain.exclude(pk=int(sendiri))
    temuan = periksa(
        request.POST.get("uraian", ""),
        satuan=request.POST.get("satuan", ""),
        aspek=request.POST.get("aspek", "kuantitas"),
        target=request.POST.get("target", ""),
        sumber=request.POST.get("sumber", "manual"),
        lain=list(lain),
    )
    return render(request, "skp/_temuan.html", {"temuan": temuan, "diperiksa": True})


@require_POST
@agency_required()
def indikator_edit(request, pk):
    indikator = get_indikator(request, pk)
    if request.POST.get("hapus"):
        act(request, services.delete_indikator, "Indikator dihapus.", indikator, by=request.user)
    else:
        act(
            request,
            services.update_indikator,
            "Indikator disimpan.",
            indikator,
            by=request.user,
            version=version_of(request),
            **_indikator_data(request),
        )
    return back_to_skp(indikator.rhk.skp_id, f"rhk-{indikator.rhk_id}")


@require_POST
@agency_required()
def lampiran_edit(request, pk):
    skp = get_skp(request, pk)
    act(
        request,
        services.update_lampiran,
        "Lampiran disimpan.",
        skp,
        by=request.user,
        version=version_of(request),
        **{f: request.POST.get(f, "") for f in LAMPIRAN_FIELDS},
    )
    return back_to_skp(skp.pk, "lampiran")


TRANSITIONS = {
    "ajukan": (services.submit_skp, "SKP diajukan kepada pejabat penilai."),
    "setujui": (services.approve_skp, "SKP disetujui."),
    "kembalikan": (services.return_skp, "SKP dikembalikan kepada pegawai dengan komentar."),
    "revisi": (services.start_revision, "Revisi dimulai; ubah SKP lalu ajukan kembali."),
}


@require_POST
@agency_required()
def skp_transition(request, pk, verb):
    skp = get_skp(request, pk)
    if verb not in TRANSITIONS:
        raise Http404
    action, success = TRANSITIONS[verb]
    extra = (
        {"komentar": request.POST.get("komentar", "")} if verb in ("setujui", "kembalikan") else {}
    )
    act(request, action, success, skp, by=request.user, version=version_of(request), **extra)
    return back_to_skp(skp.pk)


@agency_required()
def skp_revisi(request, pk, nomor):
    skp = get_skp(request, pk)
    revisi = get_object_or_404(skp.riwayat.all(), nomor=nomor)
    return render(request, "skp/skp_revisi.html", {"skp": skp, "revisi": revisi})


@agency_required()
def cascade(request, unit_pk):
    from kinerja.org.models import UnitKerja
    from kinerja.skp.views.common import periode_for

    unit = get_for_agency_or_404(
        UnitKerja.objects.select_related("kepala"), request.user, pk=unit_pk
    )
    user = request.user
    mine = user.pegawai_id and (
        user.pegawai.unit_id == unit.pk or unit.kepala_id == user.pegawai_id
    )
    if not (mine or can_view_periode_report(user)):
        raise Http404
    periode = periode_for(request)
    tree = queries.cascade_tree(unit, periode) if periode else []
    return render(request, "skp/cascade.html", {"unit": unit, "periode": periode, "tree": tree})
