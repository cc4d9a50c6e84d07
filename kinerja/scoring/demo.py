"""Demo results: compute the demo year's past slices and plant raters' decisions.

Called by the demo command after the SKP year is built::

    from kinerja.scoring.demo import build_results
    summary = build_results(instansi)            # today = timezone.localdate()

Idempotent: computing again changes nothing; decisions are planted only on results still
waiting. Two raters are planted for the calibration analytics: a lenient one who raises
proposals and a severe one who lowers them, each with a written reason; most other raters
confirm most proposals.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from kinerja.core import audit
from kinerja.scoring.models import Hasil
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.services.results import Stored, store
from kinerja.skp.models import Periode

ACTOR = "demo"
UP = {"di_bawah": "sesuai", "sesuai": "di_atas", "di_atas": "di_atas"}
DOWN = {"di_atas": "sesuai", "sesuai": "di_bawah", "di_bawah": "di_bawah"}
LENIENT_REASONS = (
    "Beban layanan meningkat tajam kuartal ini; capaian di bawah target bukan karena kinerja.",
    "Pegawai mengambil alih tugas rekan yang cuti panjang tanpa mengurangi target.",
    "Target disusun terlalu tinggi di awal tahun; hasil nyata di lapangan sangat baik.",
)
SEVERE_REASONS = (
    "Realisasi tercapai karena bantuan tim lain; kontribusi pribadi belum terlihat.",
    "Banyak laporan harus diperbaiki berulang kali sebelum dapat diverifikasi.",
    "Kedisiplinan waktu perlu ditingkatkan meskipun angka capaian tinggi.",
)


@dataclass
class DemoResults:
    periode: Periode | None
    bagian: list[int] = field(default_factory=list)
    stored: Stored = field(default_factory=Stored)
    dikonfirmasi: int = 0
    dinaikkan: int = 0
    diturunkan: int = 0
    penilai_longgar: int | None = None
    penilai_ketat: int | None = None


def build_results(instansi, *, today: date | None = None, seed: int = 1) -> DemoResults:
    """Results for every slice of the demo year that has ended by ``today``, and planted
    decisions (see module docstring). Returns what was done."""
    today = today or timezone.localdate()
    periode = (
        Periode.objects.filter(instansi=instansi, tahun__lte=today.year)
        .exclude(status=Periode.Status.DITUTUP)
        .order_by("-tahun")
        .first()
    )
    summary = DemoResults(periode=periode)
    if periode is None:
        return summary
    rng = random.Random(seed)
    with transaction.atomic():
        past = [b for b in periode.bagian.order_by("nomor") if b.selesai < today]
        for bagian in past:
            summary.stored += store(periode, bagian=bagian)
            summary.bagian.append(bagian.nomor)
        _plant_decisions(periode, past, rng, summary)
        audit.record(
            instansi, actor=ACTOR, action="penilaian.demo", obj=periode,
            after={"bagian": summary.bagian, "hasil_baru": summary.stored.baru,
                   "dikonfirmasi": summary.dikonfirmasi, "dinaikkan": summary.dinaikkan,
                   "diturunkan": summary.diturunkan},
        )  # fmt: skip
    return summary


def _plant_decisions(periode, past, rng, summary: DemoResults) -> None:
    if not past:
        return
    waiting = Hasil.objects.filter(
        periode=periode, bagian__in=past, status=Hasil.Status.MENUNGGU, galat=""
    ).exclude(usulan_predikat="")
    raters = [
        row["skp__penilai_id"]
        for row in waiting.values("skp__penilai_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=4, skp__penilai_id__isnull=False)
        .order_by("-n", "skp__penilai_id")
    ]
    if len(raters) >= 2:
        summary.penilai_longgar, summary.penilai_ketat = raters[0], raters[1]
    now = timezone.now()
    for hasil in waiting.select_related("skp__penilai", "instansi").order_by("pk"):
        rater = hasil.skp.penilai_id
        if rater == summary.penilai_longgar and hasil.usulan_hasil_kerja != "di_atas":
            _decide(hasil, UP, rng.choice(LENIENT_REASONS), now)
            summary.dinaikkan += 1
        elif rater == summary.penilai_ketat and hasil.usulan_hasil_kerja != "di_bawah":
            _decide(hasil, DOWN, rng.choice(SEVERE_REASONS), now)
            summary.diturunkan += 1
        elif rng.random() < 0.7:
            _decide(hasil, None, "", now)
            summary.dikonfirmasi += 1


def _decide(hasil: Hasil, move, reason: str, now) -> None:
    work, behaviour = hasil.usulan_hasil_kerja, hasil.usulan_perilaku
    if move is not None:
        work = move[work]
    final = pmp.PREDIKAT_MATRIX[(pmp.Rating(work), pmp.Rating(behaviour))].value
    status = Hasil.Status.DIUBAH if move is not None else Hasil.Status.DIKONFIRMASI
    Hasil.objects.filter(pk=hasil.pk, version=hasil.version).update(
        status=status, akhir_hasil_kerja=work, akhir_perilaku=behaviour, akhir_predikat=final,
        alasan=reason, diputuskan_pada=now, hash_keputusan=hasil.hash_masukan,
        version=hasil.version + 1,
    )  # fmt: skip
    audit.record(
        hasil.instansi, actor=ACTOR, obj=hasil,
        action="penilaian.ubah" if move is not None else "penilaian.konfirmasi",
        after={"status": status, "hasil_kerja": work, "perilaku": behaviour,
               "predikat": final, "alasan": reason, "penilai": hasil.skp.penilai_id},
    )  # fmt: skip
