"""My results, shown to the employee: when they are shown, the objection window, the unit
position and the areas to improve."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    Count,
    F,
    Q,
)
from django.utils import timezone

from kinerja.core.formatting import round_half_up
from kinerja.followup.models import (
    HARI_PENGAJUAN_KEBERATAN,
)
from kinerja.followup.queries.common import (
    MAX_AREAS,
    MIN_UNIT_POSITION,
    NILAI_LABEL,
    with_final,
)
from kinerja.scoring.models import Hasil, PenutupanPeriode
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.skp.models import PenilaianPerilaku, Periode


def my_results(pegawai_id: int, periode: Periode) -> list[Hasil]:
    """The employee's results of one period: slices in order, then the year (one query)."""
    rows = list(
        with_final(
            Hasil.objects.filter(periode=periode, skp__pegawai_id=pegawai_id).select_related(
                "bagian", "periode", "skp", "diputuskan_oleh"
            )
        ).order_by(F("bagian__nomor").asc(nulls_last=True))
    )
    return rows


def shown_on(periode: Periode) -> date | None:
    """The day the final results are shown to employees: the local date of the period's close
    ([kebijakan], spec §2.6); None when the period was not closed by Kinerja."""
    run = PenutupanPeriode.objects.filter(periode=periode).values_list("selesai", flat=True)
    first = run.first()
    return timezone.localdate(first) if first else None


def objection_window(periode: Periode) -> tuple[date, date] | None:
    """(first day, last day) on which an objection may be filed, both included."""
    start = shown_on(periode)
    if start is None:
        return None
    return start, start + timedelta(days=HARI_PENGAJUAN_KEBERATAN)


@dataclass
class Position:
    """Where one result stands among the unit's results of the same slice (no names)."""

    jumlah: int
    lebih_tinggi: int
    lebih_rendah: int
    sama: int
    sebaran: dict[str, int] = field(default_factory=dict)

    @property
    def cukup(self) -> bool:
        return self.jumlah >= MIN_UNIT_POSITION

    @property
    def peringkat(self) -> int:
        return self.lebih_tinggi + 1

    @property
    def persentil(self) -> int:
        """Share of the colleagues (excluding oneself) whose capaian is lower, in percent."""
        others = self.jumlah - 1
        if others <= 0:
            return 100
        return round(100 * (self.lebih_rendah + (self.sama - 1) / 2) / others)


def unit_position(hasil: Hasil) -> Position | None:
    """Counted in the database: two queries, whatever the unit's size."""
    if hasil.capaian_bulat is None:
        return None
    peers = Hasil.objects.filter(
        periode_id=hasil.periode_id, skp__unit_id=hasil.skp.unit_id, capaian_bulat__isnull=False
    )
    peers = (
        peers.filter(bagian__isnull=True)
        if hasil.bagian_id is None
        else peers.filter(bagian_id=hasil.bagian_id)
    )
    mine = hasil.capaian_bulat
    counts = peers.aggregate(
        jumlah=Count("pk"),
        tinggi=Count("pk", filter=Q(capaian_bulat__gt=mine)),
        rendah=Count("pk", filter=Q(capaian_bulat__lt=mine)),
        sama=Count("pk", filter=Q(capaian_bulat=mine)),
    )
    sebaran = {p.value: 0 for p in pmp.PREDIKAT_ORDER}
    for row in with_final(peers).order_by().values("predikat_akhir").annotate(n=Count("pk")):
        if row["predikat_akhir"]:
            sebaran[row["predikat_akhir"]] = sebaran.get(row["predikat_akhir"], 0) + row["n"]
    return Position(counts["jumlah"], counts["tinggi"], counts["rendah"], counts["sama"], sebaran)


def behaviour_of(hasil: Hasil) -> list[PenilaianPerilaku]:
    qs = PenilaianPerilaku.objects.filter(skp_id=hasil.skp_id).select_related("bagian", "penilai")
    if hasil.bagian_id:
        qs = qs.filter(bagian_id=hasil.bagian_id)
    return list(qs.order_by("bagian__nomor"))


def improvement_areas(explanation, ratings: list[PenilaianPerilaku], names: dict) -> list[dict]:
    """[kebijakan] what to improve: up to three indicators with capaian below 100%, lowest
    first, then every core value the rater rated Di Bawah Ekspektasi, most often first."""
    areas: list[dict] = []
    weak = sorted(
        (line for line in explanation.indicators if line.capaian < 100), key=lambda x: x.capaian
    )
    for line in weak[:MAX_AREAS]:
        indikator = names.get(line.id)
        areas.append({
            "jenis": "indikator", "kode": str(line.id),
            "uraian": indikator.uraian if indikator else f"Indikator {line.id}",
            "capaian": str(round_half_up(line.capaian, 2)),
        })  # fmt: skip
    below: dict[str, list[str]] = {}
    for rating in ratings:
        for code, _label, value, note in rating.nilai():
            if value == "di_bawah":
                below.setdefault(code, [])
                if note:
                    below[code].append(note)
    for code, notes in sorted(below.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        areas.append({
            "jenis": "perilaku", "kode": code, "uraian": NILAI_LABEL[code],
            "catatan": notes[:3],
        })  # fmt: skip
    return areas
