"""Development plans: the lists, the training needs, and an employee's active plan."""

from __future__ import annotations

from django.db.models import (
    Count,
    Q,
    QuerySet,
)

from kinerja.followup.models import (
    KegiatanPengembangan,
    RencanaPengembangan,
)
from kinerja.skp.models import Periode


def plan_list() -> QuerySet[RencanaPengembangan]:
    return RencanaPengembangan.objects.select_related("pegawai__unit", "penilai", "periode")


def plans_for(user, *, agency: bool = False) -> QuerySet[RencanaPengembangan]:
    qs = plan_list().filter(instansi_id=user.instansi_id)
    if agency:
        return qs
    me = user.pegawai_id or 0
    return qs.filter(Q(pegawai_id=me) | Q(penilai_id=me))


def training_needs(instansi_id: int, periode: Periode | None = None) -> list[dict]:
    """Competencies in the agency's plans: how many people per competency and activity kind."""
    qs = KegiatanPengembangan.objects.filter(instansi_id=instansi_id)
    if periode is not None:
        qs = qs.filter(rencana__periode=periode)
    return list(
        qs.order_by()
        .values("kompetensi", "jenis")
        .annotate(orang=Count("rencana__pegawai", distinct=True))
        .order_by("-orang", "kompetensi", "jenis")
    )


def active_plan(pegawai_id: int) -> RencanaPengembangan | None:
    """The employee's newest plan still being worked on (for panels and the dialogue)."""
    return (
        plan_list()
        .filter(pegawai_id=pegawai_id)
        .exclude(status=RencanaPengembangan.Status.SELESAI)
        .prefetch_related("kegiatan__progres__bagian")
        .order_by("-periode__tahun")
        .first()
    )
