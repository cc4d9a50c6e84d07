"""Objections: the agency's list, each person's, the decisions waiting, and the deadline."""

from __future__ import annotations

from datetime import date

from django.db.models import (
    QuerySet,
)
from django.utils import timezone

from kinerja.followup.models import (
    Keberatan,
)


def objection_list() -> QuerySet[Keberatan]:
    return Keberatan.objects.select_related(
        "pegawai", "penilai", "pemutus", "hasil__periode", "diputuskan_oleh"
    )


def objections_for(user) -> dict[str, list[Keberatan]]:
    """The user's objections by role: filed, to decide, to explain as rater (3 queries)."""
    base = objection_list().filter(instansi_id=user.instansi_id)
    me = user.pegawai_id
    found = {"diajukan": [], "diputus": [], "dinilai": []}
    if me:
        found["diajukan"] = list(base.filter(pegawai_id=me))
        found["diputus"] = list(base.filter(pemutus_id=me).order_by("status", "tenggat_putusan"))
        found["dinilai"] = list(base.filter(penilai_id=me))
    return found


def waiting_decisions(user) -> list[Keberatan]:
    if not user.pegawai_id:
        return []
    return list(
        objection_list()
        .filter(instansi_id=user.instansi_id, pemutus_id=user.pegawai_id)
        .exclude(status=Keberatan.Status.DIPUTUSKAN)
        .order_by("tenggat_putusan")[:20]
    )


def overdue(keberatan: Keberatan, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return not keberatan.diputuskan and today > keberatan.tenggat_putusan
