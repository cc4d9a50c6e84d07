"""The talent grid: nine boxes of work result against potential, a box's people, and an
employee's last final result."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)

from kinerja.followup.models import (
    NilaiPotensi,
    PengaturanPeriode,
)
from kinerja.followup.queries.common import (
    annual_results,
    settings_for,
    with_final,
)
from kinerja.scoring.models import Hasil
from kinerja.skp.models import Periode

BOX = {
    ("di_atas", "rendah"): 4, ("di_atas", "menengah"): 7, ("di_atas", "tinggi"): 9,
    ("sesuai", "rendah"): 2, ("sesuai", "menengah"): 5, ("sesuai", "tinggi"): 8,
    ("di_bawah", "rendah"): 1, ("di_bawah", "menengah"): 3, ("di_bawah", "tinggi"): 6,
}  # fmt: skip
"""Spec §6 (PermenPANRB 3/2020): box number by (kinerja, potensial)."""
KINERJA_ROWS = ("di_atas", "sesuai", "di_bawah")
POTENSI_COLS = ("rendah", "menengah", "tinggi")
POTENSI_LABEL = {"rendah": "Rendah", "menengah": "Menengah", "tinggi": "Tinggi"}
KINERJA_LABEL = {"di_atas": "Di Atas", "sesuai": "Sesuai", "di_bawah": "Di Bawah"}
BOX_AXES = {n: key for key, n in BOX.items()}


def box_label(number: int) -> str:
    kinerja, potensi = BOX_AXES[number]
    text = (
        f"Kotak {number}: kinerja {KINERJA_LABEL[kinerja].lower()} ekspektasi, potensial {potensi}"
    )
    if number in (7, 8, 9):
        text += " (kelompok talenta)"
    elif number == 1:
        text += " (perlu rencana pengembangan atau tindak lanjut)"
    return text


def potential_of(score: Decimal, pengaturan: PengaturanPeriode) -> str:
    if score >= pengaturan.potensi_tinggi:
        return "tinggi"
    if score >= pengaturan.potensi_menengah:
        return "menengah"
    return "rendah"


def talent_results(periode: Periode, *, unit_id: int | None = None) -> QuerySet[Hasil]:
    """Annual results annotated with ``skor_potensi`` and ``potensi`` (category)."""
    pengaturan = settings_for(periode)
    score = Subquery(
        NilaiPotensi.objects.filter(periode=periode, pegawai_id=OuterRef("skp__pegawai_id"))
        .values("skor")[:1],
        output_field=DecimalField(max_digits=6, decimal_places=2),
    )  # fmt: skip
    qs = annual_results(periode).annotate(skor_potensi=score)
    qs = qs.annotate(
        potensi=Case(
            When(skor_potensi__gte=pengaturan.potensi_tinggi, then=Value("tinggi")),
            When(skor_potensi__gte=pengaturan.potensi_menengah, then=Value("menengah")),
            When(skor_potensi__isnull=False, then=Value("rendah")),
            default=Value(""),
            output_field=CharField(),
        )
    )
    if unit_id:
        qs = qs.filter(skp__unit_id=unit_id)
    return qs


@dataclass
class Grid:
    counts: dict[int, int]
    tanpa_potensi: int
    tanpa_kinerja: int
    karena_perilaku: int = 0
    """Placed on the Di Bawah row for a Kurang/Misconduct predikat (see :func:`with_final`)."""

    @property
    def rows(self) -> list[list[tuple[int, str, int]]]:
        return [
            [(BOX[(k, p)], box_label(BOX[(k, p)]), self.counts.get(BOX[(k, p)], 0))
             for p in POTENSI_COLS]
            for k in KINERJA_ROWS
        ]  # fmt: skip

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def talent_grid(periode: Periode, *, unit_id: int | None = None) -> Grid:
    """Counts per box, grouped in the database (one query)."""
    counts: dict[int, int] = {}
    no_potential = no_performance = conduct = 0
    rows = (
        talent_results(periode, unit_id=unit_id)
        .order_by()
        .values("kinerja_talenta", "potensi", "karena_perilaku")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        kinerja, potensi = row["kinerja_talenta"], row["potensi"]
        if kinerja not in KINERJA_ROWS:
            no_performance += row["n"]
        elif not potensi:
            no_potential += row["n"]
        else:
            box = BOX[(kinerja, potensi)]
            counts[box] = counts.get(box, 0) + row["n"]
            conduct += row["n"] if row["karena_perilaku"] else 0
    return Grid(counts, no_potential, no_performance, conduct)


def box_people(periode: Periode, box: int, *, unit_id: int | None = None) -> QuerySet[Hasil]:
    kinerja, potensi = BOX_AXES[box]
    return (
        talent_results(periode, unit_id=unit_id)
        .filter(kinerja_talenta=kinerja, potensi=potensi)
        .order_by("-skor_potensi", "-capaian_bulat", "skp__pegawai__nama")
    )


def last_final_result(pegawai_id: int) -> Hasil | None:
    """The employee's latest annual result of a closed period, with its final predikat
    (after any objection): "last predikat" on their home (one query)."""
    return (
        with_final(
            Hasil.objects.filter(
                skp__pegawai_id=pegawai_id, bagian__isnull=True, periode__status="ditutup"
            ).select_related("periode")
        )
        .order_by("-periode__tahun", "-pk")
        .first()
    )
