"""Rewards: the candidates, the awards recorded, and the TPP rows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Exists,
    F,
    OuterRef,
    QuerySet,
    Window,
)
from django.db.models.functions import RowNumber

from kinerja.followup.models import (
    Penghargaan,
)
from kinerja.followup.queries.common import (
    LABELS,
    TOP_PREDIKAT,
    annual_results,
    settings_for,
)
from kinerja.scoring.models import Hasil
from kinerja.scoring.rules import pp_46_2011 as pp46
from kinerja.skp.models import Periode


def candidates(
    periode: Periode, *, unit_id: int | None = None, min_capaian: Decimal | None = None
) -> QuerySet[Hasil]:
    """Employees with the top predikat, ranked by measured capaian (highest first; ties by
    name), with their rank in the agency list shown and in their unit. One query."""
    qs = annual_results(periode).filter(predikat_akhir=TOP_PREDIKAT, capaian_bulat__isnull=False)
    if unit_id:
        qs = qs.filter(skp__unit_id=unit_id)
    if min_capaian is not None:
        qs = qs.filter(capaian_bulat__gte=min_capaian)
    order = [F("capaian_bulat").desc(), F("skp__pegawai__nama").asc(), F("pk").asc()]
    awards = Penghargaan.objects.filter(periode=periode, pegawai_id=OuterRef("skp__pegawai_id"))
    return qs.annotate(
        peringkat=Window(RowNumber(), order_by=order),
        peringkat_unit=Window(RowNumber(), partition_by=[F("skp__unit_id")], order_by=order),
        sudah_dihargai=Exists(awards),
    ).order_by(*order)


def awards(periode: Periode) -> QuerySet[Penghargaan]:
    return (
        Penghargaan.objects.filter(periode=periode)
        .select_related("pegawai__unit", "dicatat_oleh")
        .order_by("-tanggal", "pegawai__nama")
    )


@dataclass
class TppRow:
    nip: str
    nama: str
    unit: str
    jabatan: str
    periode: int
    predikat: str
    predikat_label: str
    persen: Decimal | None


def tpp_rows(periode: Periode) -> list[TppRow]:
    """One row per annual result with a predikat, in unit then name order (one query)."""
    mapping = settings_for(periode).persen_tpp or {}
    rows = []
    for h in annual_results(periode).order_by("skp__unit__kode", "skp__pegawai__nama", "pk"):
        if not h.predikat_akhir:
            continue
        p = h.skp.pegawai
        percent = mapping.get(h.predikat_akhir)
        rows.append(TppRow(
            nip=p.nip, nama=p.nama_lengkap, unit=h.skp.unit.nama,
            jabatan=p.jabatan.nama if p.jabatan_id else "", periode=periode.tahun,
            predikat=h.predikat_akhir, predikat_label=label_of(h.predikat_akhir, h.skema),
            persen=Decimal(percent) if percent not in (None, "") else None,
        ))  # fmt: skip
    return rows


def label_of(code: str, skema: str) -> str:
    if not code:
        return "—"
    if skema == pp46.SCHEME:
        return str(LABELS.get(f"pp:{code}", code))
    return str(LABELS.get(code, code))
