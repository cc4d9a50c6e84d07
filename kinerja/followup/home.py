"""Home panels: my last final predikat; objections waiting for my decision, my objection's
status (the notification of a decision), objections on my ratings still open, and my
development plan."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from kinerja.core.extensions import Panel
from kinerja.followup import queries
from kinerja.followup.models import Keberatan, RencanaPengembangan


def panels(request, roles) -> list[Panel]:
    user = request.user
    me = user.pegawai_id
    if not me:
        return []
    today = timezone.localdate()
    recent = timezone.now() - timedelta(days=60)
    putuskan = queries.waiting_decisions(user)
    for k in putuskan:
        k.lewat = queries.overdue(k, today)
    milik = list(
        Keberatan.objects.filter(instansi_id=user.instansi_id, pegawai_id=me)
        .filter(Q(diputuskan_pada__isnull=True) | Q(diputuskan_pada__gte=recent))
        .select_related("hasil__periode")
        .order_by("-diajukan_pada")[:3]
    )
    jelaskan = (
        Keberatan.objects.filter(instansi_id=user.instansi_id, penilai_id=me)
        .exclude(status=Keberatan.Status.DIPUTUSKAN)
        .count()
    )
    rencana = (
        RencanaPengembangan.objects.filter(pegawai_id=me)
        .exclude(status=RencanaPengembangan.Status.SELESAI)
        .order_by("-dibuat")
        .first()
    )
    found = []
    terakhir = queries.last_final_result(me)
    if terakhir is not None:
        label = queries.label_of(terakhir.predikat_akhir, terakhir.skema)
        found.append(Panel("followup/_home_predikat.html", {"hasil": terakhir, "label": label}))
    if not (putuskan or milik or jelaskan or rencana):
        return found
    context = {"putuskan": putuskan, "milik": milik, "jelaskan": jelaskan, "rencana": rencana}
    return [*found, Panel("followup/_panel.html", context)]
