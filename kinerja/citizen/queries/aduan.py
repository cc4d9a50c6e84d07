"""Complaints: the queues, who is assigned, what is overdue, and the statistics."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from kinerja.citizen.models import Aduan, Layanan
from kinerja.citizen.queries.ikm import day_start
from kinerja.citizen.workdays import working_days_between


def overdue_q(today: date) -> Q:
    """Complaints whose awaited step is past its due date (§5)."""
    return (
        Q(status=Aduan.Status.DITERIMA, tenggat_verifikasi__lt=today)
        | Q(status__in=Aduan.BELUM_DIRESPONS, tenggat_respons__lt=today)
        | Q(status__in=Aduan.TERBUKA, tenggat_selesai__lt=today)
    )


def complaint_queue(
    instansi_id: int,
    *,
    unit_ids: set[int] | None = None,
    status: str = "",
    lewat_tenggat: bool = False,
    today: date | None = None,
) -> QuerySet[Aduan]:
    today = today or timezone.localdate()
    rows = Aduan.objects.filter(instansi_id=instansi_id)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    if status == "terbuka":
        rows = rows.filter(status__in=Aduan.TERBUKA)
    elif status:
        rows = rows.filter(status=status)
    if lewat_tenggat:
        rows = rows.filter(overdue_q(today))
    return rows.select_related("layanan", "unit", "petugas").order_by("-diterima_pada")


def assigned_to(instansi_id: int, pegawai_id: int, *, semua: bool = False) -> QuerySet[Aduan]:
    """Complaints forwarded to one officer: those waiting for their answer (the earliest
    due first), or with ``semua`` every one they hold, open or not."""
    rows = Aduan.objects.filter(instansi_id=instansi_id, petugas_id=pegawai_id)
    if not semua:
        rows = rows.filter(status=Aduan.Status.DITERUSKAN)
        order = ("tenggat_respons", "diterima_pada")
    else:
        order = ("-diterima_pada",)
    return rows.select_related("layanan", "unit").order_by(*order)


def assigned_count(instansi_id: int, pegawai_id: int) -> int:
    return assigned_to(instansi_id, pegawai_id).count()


def overdue_count(instansi_id: int, *, unit_ids: set[int] | None = None) -> int:
    rows = Aduan.objects.filter(instansi_id=instansi_id).filter(overdue_q(timezone.localdate()))
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    return rows.count()


@dataclass
class ComplaintStats:
    """Response time and resolution rate of one group (§5)."""

    key: object
    label: str = ""
    aduan: int = 0
    ditolak: int = 0
    direspons: int = 0
    selesai: int = 0
    respons_tepat_waktu: int = 0
    hari_kerja_respons: list[int] = field(default_factory=list)
    jam_respons: list[float] = field(default_factory=list)

    @property
    def rerata_hari_kerja_respons(self) -> Decimal | None:
        if not self.hari_kerja_respons:
            return None
        return Decimal(sum(self.hari_kerja_respons)) / len(self.hari_kerja_respons)

    @property
    def rerata_jam_respons(self) -> Decimal | None:
        if not self.jam_respons:
            return None
        return Decimal(str(round(sum(self.jam_respons) / len(self.jam_respons), 2)))

    @property
    def dinilai(self) -> int:
        """Complaints that count for the resolution rate: all but the rejected ones."""
        return self.aduan - self.ditolak

    @property
    def tingkat_penyelesaian(self) -> Decimal | None:
        if not self.dinilai:
            return None
        return Decimal(self.selesai) * 100 / self.dinilai


COMPLAINT_GROUPS = {"petugas": "petugas_id", "unit": "unit_id", "layanan": "layanan_id"}


def complaint_stats(
    instansi_id: int,
    dari: date,
    sampai: date,
    *,
    per: str = "unit",
    unit_ids: set[int] | None = None,
    holidays: set[date] | None = None,
) -> dict[object, ComplaintStats]:
    """Per group: complaints received in the range, how many got a response and how fast
    (working days and hours from receipt to first response), and how many were resolved.

    One query reads the few timestamps of each complaint; working days need the agency's
    holiday calendar, so they are counted here rather than in SQL.
    """
    from kinerja.citizen.complaints import holidays_of
    from kinerja.org.models import Pegawai, UnitKerja

    holidays = holidays if holidays is not None else holidays_of(instansi_id)
    column = COMPLAINT_GROUPS[per]
    rows = Aduan.objects.filter(
        instansi_id=instansi_id,
        diterima_pada__gte=day_start(dari),
        diterima_pada__lt=day_start(sampai + timedelta(days=1)),
    )
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    stats: dict[object, ComplaintStats] = {}
    values = rows.values_list(
        column, "status", "diterima_pada", "direspons_pada", "tenggat_respons"
    )
    for key, status, received, responded, due in values:
        item = stats.setdefault(key, ComplaintStats(key=key))
        item.aduan += 1
        if status == Aduan.Status.DITOLAK:
            item.ditolak += 1
        if status == Aduan.Status.SELESAI:
            item.selesai += 1
        if responded is not None:
            item.direspons += 1
            start, end = timezone.localdate(received), timezone.localdate(responded)
            item.hari_kerja_respons.append(working_days_between(start, end, holidays))
            item.jam_respons.append((responded - received).total_seconds() / 3600)
            if end <= due:
                item.respons_tepat_waktu += 1
    keys = [k for k in stats if k is not None]
    if per == "petugas":
        names = dict(Pegawai.objects.filter(pk__in=keys).values_list("pk", "nama"))
    elif per == "unit":
        names = dict(UnitKerja.objects.filter(pk__in=keys).values_list("pk", "nama"))
    else:
        names = dict(Layanan.objects.filter(pk__in=keys).values_list("pk", "nama"))
    for key, item in stats.items():
        item.label = names.get(key, "Belum ditugaskan" if per == "petugas" else "—")
    return dict(sorted(stats.items(), key=lambda kv: kv[1].label))
