"""Reads of the organisation shared by pages, the API and commands."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from kinerja.org.models import Pegawai, UnitKerja
from kinerja.org.nip import normalise_nip

# The accounts page's status filter; "wajib_ganti" is also HR's home figure.
STATUS_FILTERS = {
    "aktif": Q(is_active=True),
    "nonaktif": Q(is_active=False),
    "wajib_ganti": Q(is_active=True, wajib_ganti_sandi=True),
}


@dataclass
class UnitNode:
    unit: UnitKerja
    jumlah_pegawai: int
    anak: list["UnitNode"] = field(default_factory=list)

    @property
    def jumlah_total(self) -> int:
        return self.jumlah_pegawai + sum(child.jumlah_total for child in self.anak)


def unit_tree(instansi_id: int) -> list[UnitNode]:
    """The agency's units as a tree with employee counts, in two queries."""
    units = (
        UnitKerja.objects.filter(instansi_id=instansi_id)
        .select_related("kepala")
        .annotate(jumlah=Count("pegawai", filter=Q(pegawai__aktif=True)))
        .order_by("kode")
    )
    nodes = {u.pk: UnitNode(unit=u, jumlah_pegawai=u.jumlah) for u in units}
    roots: list[UnitNode] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.induk_id)
        (parent.anak if parent else roots).append(node)
    return roots


def pegawai_list() -> QuerySet[Pegawai]:
    """Employees with what a list row shows already joined."""
    return Pegawai.objects.select_related("unit", "jabatan", "atasan")


def unit_members(unit: UnitKerja) -> QuerySet[Pegawai]:
    return pegawai_list().filter(unit=unit, aktif=True).order_by("nama")


def search_pegawai(queryset: QuerySet[Pegawai], text: str, limit: int = 50) -> list[Pegawai]:
    """Find by NIP (whole or its start, spaces allowed) or by a part of the name."""
    text = (text or "").strip()
    if not text:
        return []
    compact = normalise_nip(text)
    if compact.isdigit():
        found = queryset.filter(nip__startswith=compact)
    else:
        found = queryset.filter(nama__icontains=text)
    return list(found.order_by("nama")[:limit])


@dataclass(frozen=True)
class AgencySummary:
    pegawai_aktif: int
    pns: int
    pppk: int
    unit: int
    tanpa_atasan: int


def agency_summary(instansi_id: int) -> AgencySummary:
    """Head-count figures for the HR and agency-head home pages, in two queries."""
    counts = Pegawai.objects.filter(instansi_id=instansi_id, aktif=True).aggregate(
        total=Count("id"),
        pns=Count("id", filter=Q(status=Pegawai.Status.PNS)),
        pppk=Count("id", filter=Q(status=Pegawai.Status.PPPK)),
        tanpa_atasan=Count("id", filter=Q(atasan__isnull=True)),
    )
    return AgencySummary(
        pegawai_aktif=counts["total"],
        pns=counts["pns"],
        pppk=counts["pppk"],
        unit=UnitKerja.objects.filter(instansi_id=instansi_id).count(),
        tanpa_atasan=counts["tanpa_atasan"],
    )


@dataclass
class AccountFigures:
    wajib_ganti: int  # active accounts that must still change their first password
    impor_terakhir: object | None  # the latest import's audit entry


def account_figures(instansi_id: int) -> AccountFigures:
    """HR's home: accounts still on their first password (the accounts page's own
    "wajib_ganti" filter) and the latest employee import (two queries)."""
    from kinerja.core.models import AuditEntry
    from kinerja.org.models import User

    return AccountFigures(
        wajib_ganti=User.objects.filter(instansi_id=instansi_id)
        .filter(STATUS_FILTERS["wajib_ganti"])
        .count(),
        impor_terakhir=AuditEntry.objects.filter(
            instansi_id=instansi_id, action__startswith="org.impor_"
        )
        .order_by("-seq")
        .first(),
    )
