"""Development plans: the list and one plan with its activities, agreement and progress."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from kinerja.core.errors import DomainError
from kinerja.core.permissions import AGENCY_WIDE, has_role
from kinerja.core.tenancy import agency_required, get_for_agency_or_404
from kinerja.followup import queries, services
from kinerja.followup.models import (
    KegiatanPengembangan,
    ProgresPengembangan,
)
from kinerja.followup.permissions import (
    can_agree_plan,
    can_edit_plan,
    can_manage,
    can_record_progress,
    can_view_plan,
)
from kinerja.followup.views.common import (
    LABELS,
    chosen_periode,
)
from kinerja.org.models import Pegawai
from kinerja.skp.models import BagianPeriode
from kinerja.skp.views.common import version_of


@agency_required()
def pengembangan(request):
    periode = chosen_periode(request)
    user = request.user
    if request.method == "POST" and periode is not None:
        try:
            if request.POST.get("aksi") == "usulkan":
                n = services.propose_plans(periode, by=user)
                messages.success(request, f"{n} rencana pengembangan diusulkan.")
            else:
                target = request.POST.get("pegawai") or str(user.pegawai_id or "")
                if not target.isdigit():
                    raise DomainError("Akun ini tidak terhubung dengan data pegawai.")
                pegawai = get_for_agency_or_404(Pegawai.objects.all(), user, pk=int(target))
                rencana = services.request_plan(pegawai, periode, by=user)
                return redirect("followup_rencana", pk=rencana.pk)
        except DomainError as exc:
            messages.error(request, str(exc))
        return redirect(f"{reverse('followup_pengembangan')}?periode={periode.tahun}")
    agency = has_role(user, *AGENCY_WIDE)
    plans = queries.plans_for(user, agency=agency)
    if periode is not None:
        plans = plans.filter(periode=periode)
    return render(request, "followup/pengembangan.html", {
        "periode": periode, "plans": list(plans.order_by("pegawai__nama")[:500]),
        "needs": queries.training_needs(user.instansi_id, periode) if agency else [],
        "boleh_usulkan": can_manage(user) and periode is not None and periode.ditutup,
        "labels": LABELS,
    })  # fmt: skip


def _plan_kegiatan(post) -> list[dict]:
    rows = []
    for n in range(int(post.get("jumlah", "0") or 0) + 1):
        if post.get(f"k{n}-hapus") or not (post.get(f"k{n}-kompetensi") or "").strip():
            continue
        rows.append({key: post.get(f"k{n}-{key}", "") for key in
                     ("jenis", "kompetensi", "uraian", "mulai", "selesai")})  # fmt: skip
    return rows


@agency_required()
def rencana(request, pk):
    plan = get_for_agency_or_404(queries.plan_list(), request.user, pk=pk)
    if not can_view_plan(request.user, plan):
        raise Http404
    if request.method == "POST":
        action = request.POST.get("aksi")
        try:
            if action == "ubah":
                services.update_plan(plan, by=request.user, tujuan=request.POST.get("tujuan", ""),
                                     kegiatan=_plan_kegiatan(request.POST),
                                     version=version_of(request))  # fmt: skip
            elif action == "ajukan":
                services.submit_plan(plan, by=request.user)
            elif action == "setujui":
                services.agree_plan(plan, by=request.user)
            elif action == "progres":
                kegiatan = get_for_agency_or_404(KegiatanPengembangan.objects.all(),
                                                 request.user, pk=request.POST.get("kegiatan"),
                                                 rencana=plan)  # fmt: skip
                bagian = get_for_agency_or_404(
                    BagianPeriode.objects.select_related("periode"),
                    request.user,
                    pk=request.POST.get("bagian"),
                )
                services.record_progress(kegiatan, by=request.user, bagian=bagian,
                                         status=request.POST.get("status", ""),
                                         catatan=request.POST.get("catatan", ""))  # fmt: skip
            else:
                raise DomainError("Tindakan tidak dikenal.")
        except (DomainError, ValueError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Rencana pengembangan tersimpan.")
        return redirect("followup_rencana", pk=plan.pk)
    later = (
        BagianPeriode.objects.filter(
            instansi_id=plan.instansi_id, periode__tahun__gt=plan.periode.tahun
        )
        .select_related("periode")
        .order_by("periode__tahun", "nomor")
    )
    kegiatan = list(plan.kegiatan.prefetch_related("progres__bagian__periode"))
    return render(request, "followup/rencana.html", {
        "plan": plan, "kegiatan": kegiatan, "bagian": list(later[:24]),
        "jenis": KegiatanPengembangan.Jenis.choices,
        "status_progres": ProgresPengembangan.Status.choices,
        "boleh_ubah": can_edit_plan(request.user, plan),
        "boleh_setuju": can_agree_plan(request.user, plan),
        "boleh_progres": can_record_progress(request.user, plan), "labels": LABELS,
        "baru": len(kegiatan),
    })  # fmt: skip
