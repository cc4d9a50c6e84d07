"""Rater calibration: how each rater's ratings compare with the agency's (spec §8 [policy]).

For every rater (the SKP's pejabat penilai) of a period:

- **distribution** of the final annual predikat they gave, beside the agency's (while the
  year is in progress and there is no annual result yet: the latest slice with results);
- **leniency / severity**: the mean predikat on the ordinal scale Sangat Kurang = 1 …
  Sangat Baik = 5, minus the mean of everybody else's ratings (leave-one-out), with Welch's
  95% t interval (:func:`kinerja.insight.stats.welch_interval`), the team's variance taken
  as at least the others' (a team rated all alike is not thereby certain). The interval
  widens as the team shrinks, so a small team is only called out when the gap is large;
- **central tendency**: the share of "Sesuai Ekspektasi" among the BerAKHLAK values they
  rated (7 per person per slice);
- **overrides**: how many of their decisions (slices and year) changed the proposal, and
  whether the predikat went up, down, or stayed (only the parts changed);
- **halo**: Pearson's r between the behaviour they gave a person (mean of the 7 values over
  the slices, Di Bawah = 1, Sesuai = 2, Di Atas = 3) and that person's measured annual
  capaian.

A rater *stands out* on a rule below; the thresholds are Kinerja's policy, named here, and
the page says so. Nothing is changed: HR reads the evidence and talks to the rater.
Five or six queries, whatever the number of results.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When

from kinerja.insight import stats
from kinerja.insight.summary import PREDIKAT, PREDIKAT_LABEL
from kinerja.org.models import Pegawai
from kinerja.scoring.models import Hasil
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.skp.models import NILAI_INTI, PenilaianPerilaku, Periode

SKOR_PREDIKAT = {p.value: len(pmp.PREDIKAT_ORDER) - p.rank for p in pmp.PREDIKAT_ORDER}
"""The ordinal scale of the predikat (spec §2.1 order, Sangat Baik = 5; one step = 1)."""
SKOR_PERILAKU = {r.value: len(pmp.Rating) - i for i, r in enumerate(pmp.Rating)}
"""Di Atas = 3, Sesuai = 2, Di Bawah = 1."""

CONFIDENCE = 0.95
MIN_TIM = 3
"""[kebijakan] a rater with fewer annual results is listed but never flagged."""
MIN_SELISIH = 0.25
"""[kebijakan] leniency/severity is flagged when the 95% interval excludes 0 and the mean
difference is at least a quarter of a predikat step."""
BATAS_TENGAH = 0.90
SELISIH_TENGAH = 0.10
"""[kebijakan] central tendency is flagged when ≥ 90% of the values rated are "Sesuai" and
that is at least 10 points above the agency's share (most people are "as expected")."""
BATAS_UBAH = 0.30
"""[kebijakan] overrides are flagged when ≥ 30% of the rater's decisions changed the proposal."""
BATAS_HALO = 0.80
MIN_HALO = 5
"""[kebijakan] halo is flagged when r ≥ 0.80 over at least 5 people."""


@dataclass
class RaterRow:
    penilai_id: int
    nama: str = ""
    nip: str = ""
    unit: str = ""
    counts: dict = field(default_factory=lambda: dict.fromkeys(PREDIKAT, 0))
    sums: stats.Sums = field(default_factory=stats.Sums)
    interval: stats.Interval | None = None
    nilai_perilaku: int = 0
    nilai_sesuai: int = 0
    keputusan: int = 0
    diubah: int = 0
    naik: int = 0
    turun: int = 0
    halo_pairs: list[tuple[float, float]] = field(default_factory=list)
    halo: float | None = None
    tanda: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return self.sums.n

    @property
    def rerata(self) -> float | None:
        return self.sums.total / self.sums.n if self.sums.n else None

    @property
    def distribusi(self) -> dict[str, float]:
        return {c: (self.counts[c] / self.n if self.n else 0.0) for c in PREDIKAT}

    @property
    def porsi_sesuai(self) -> float | None:
        return self.nilai_sesuai / self.nilai_perilaku if self.nilai_perilaku else None

    @property
    def porsi_ubah(self) -> float | None:
        return self.diubah / self.keputusan if self.keputusan else None

    @property
    def tetap(self) -> int:
        return self.diubah - self.naik - self.turun


@dataclass
class Calibration:
    periode: Periode
    raters: list[RaterRow]
    agency: RaterRow

    @property
    def standing_out(self) -> list[RaterRow]:
        return [r for r in self.raters if r.tanda]


def _rank(column: str) -> Case:
    whens = [When(**{column: code}, then=Value(score)) for code, score in SKOR_PREDIKAT.items()]
    return Case(*whens, default=Value(0), output_field=IntegerField())


def calibrate(periode: Periode, *, unit_ids: set[int] | None = None) -> Calibration:
    """The calibration of every rater of ``periode`` (see the module docstring)."""
    annual = Hasil.objects.filter(periode=periode, bagian__isnull=True)
    if not annual.exists():  # a year in progress: the latest slice that has results
        latest = (
            Hasil.objects.filter(periode=periode, bagian__isnull=False)
            .order_by("-bagian__nomor").values_list("bagian_id", flat=True).first()
        )  # fmt: skip
        annual = Hasil.objects.filter(periode=periode, bagian_id=latest)
    if unit_ids is not None:
        annual = annual.filter(skp__unit_id__in=unit_ids)
    raters: dict[int, RaterRow] = {}
    agency = RaterRow(penilai_id=0, nama="Seluruh instansi")
    capaian_of: dict[int, float] = {}
    rows = annual.order_by().values_list(
        "skp_id", "skp__penilai_id", "status", "usulan_predikat", "akhir_predikat", "capaian_bulat"
    )
    for skp_id, penilai_id, status, usulan, akhir, capaian in rows.iterator(chunk_size=5000):
        if capaian is not None:
            capaian_of[skp_id] = float(capaian)
        code = usulan if status == Hasil.Status.MENUNGGU else akhir
        if penilai_id is None or code not in SKOR_PREDIKAT:
            continue
        row = raters.get(penilai_id) or raters.setdefault(penilai_id, RaterRow(penilai_id))
        score = SKOR_PREDIKAT[code]
        row.counts[code] += 1
        row.sums = row.sums.add(score)
        agency.counts[code] += 1
        agency.sums = agency.sums.add(score)

    decided = Hasil.objects.filter(periode=periode).exclude(status=Hasil.Status.MENUNGGU)
    if unit_ids is not None:
        decided = decided.filter(skp__unit_id__in=unit_ids)
    changed = Q(status=Hasil.Status.DIUBAH)
    for item in (
        decided.annotate(ra=_rank("akhir_predikat"), ru=_rank("usulan_predikat"))
        .order_by().values("skp__penilai_id")
        .annotate(n=Count("pk"), ubah=Count("pk", filter=changed),
                  naik=Count("pk", filter=changed & Q(ra__gt=F("ru"), ru__gt=0)),
                  turun=Count("pk", filter=changed & Q(ra__lt=F("ru"), ra__gt=0)))
    ):  # fmt: skip
        penilai_id = item["skp__penilai_id"]
        if penilai_id is None:
            continue
        row = raters.get(penilai_id) or raters.setdefault(penilai_id, RaterRow(penilai_id))
        for target in (row, agency):
            target.keputusan += item["n"]
            target.diubah += item["ubah"]
            target.naik += item["naik"]
            target.turun += item["turun"]

    behaviour = PenilaianPerilaku.objects.filter(skp__periode=periode, penilai__isnull=False)
    if unit_ids is not None:
        behaviour = behaviour.filter(skp__unit_id__in=unit_ids)
    score = sum(
        (Case(*[When(**{code: level}, then=Value(points)) for level, points in
                SKOR_PERILAKU.items()], default=Value(0), output_field=IntegerField())
         for code in NILAI_INTI), Value(0))  # fmt: skip
    sesuai = sum(
        (Case(When(**{code: "sesuai"}, then=Value(1)), default=Value(0),
              output_field=IntegerField()) for code in NILAI_INTI), Value(0))  # fmt: skip
    grouped = (
        behaviour.order_by().values("penilai_id", "skp_id")
        .annotate(n=Count("pk"), skor=Sum(score), sesuai=Sum(sesuai))
        .values_list("penilai_id", "skp_id", "n", "skor", "sesuai")
    )  # fmt: skip
    for penilai_id, skp_id, n, skor, n_sesuai in grouped.iterator(chunk_size=5000):
        row = raters.get(penilai_id) or raters.setdefault(penilai_id, RaterRow(penilai_id))
        values = n * len(NILAI_INTI)
        for target in (row, agency):
            target.nilai_perilaku += values
            target.nilai_sesuai += n_sesuai
        capaian = capaian_of.get(skp_id)
        if capaian is not None and values:
            pair = (skor / values, capaian)
            row.halo_pairs.append(pair)
            agency.halo_pairs.append(pair)

    names = Pegawai.objects.filter(pk__in=list(raters)).values_list(
        "pk", "nama", "nip", "unit__nama"
    )
    for pk, nama, nip, unit in names:
        raters[pk].nama, raters[pk].nip, raters[pk].unit = nama, nip, unit
    for row in [*raters.values(), agency]:
        _judge(row, agency)
    ordered = sorted(raters.values(), key=lambda r: (not r.tanda, r.nama, r.penilai_id))
    return Calibration(periode=periode, raters=ordered, agency=agency)


def _fmt(value: float, places: int = 2) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def _judge(row: RaterRow, agency: RaterRow) -> None:
    """Compute the rater's interval and halo, and the flags with their evidence."""
    pairs = row.halo_pairs
    row.halo = stats.pearson([p[0] for p in pairs], [p[1] for p in pairs]) if pairs else None
    if row is agency:
        return
    rest = (agency.sums - row.sums).summary()
    own = row.sums.summary()
    # [kebijakan] the team's variance is taken as at least the others': under the question
    # asked ("does this rater rate like everyone else?") the team's ratings spread like the
    # rest's, and a small team rated all alike would otherwise look certain (zero variance).
    own = stats.Summary(own.n, own.mean, max(own.variance, rest.variance))
    row.interval = stats.welch_interval(own, rest, confidence=CONFIDENCE)
    if row.n < MIN_TIM:
        return
    iv = row.interval
    if iv is not None and iv.excludes_zero and abs(iv.difference) >= MIN_SELISIH:
        kind = "murah hati (lenient)" if iv.difference > 0 else "ketat (severe)"
        row.tanda.append(
            f"Cenderung {kind}: rerata predikat {_fmt(iv.difference)} langkah "
            f"{'di atas' if iv.difference > 0 else 'di bawah'} penilai lain (IK 95%: "
            f"{_fmt(iv.low)} s.d. {_fmt(iv.high)}; {row.n} pegawai)."
        )
    share = row.porsi_sesuai
    agency_share = agency.porsi_sesuai or 0.0
    if share is not None and share >= BATAS_TENGAH and share - agency_share >= SELISIH_TENGAH:
        row.tanda.append(
            f'Kecenderungan tengah: {_fmt(share * 100, 1)}% nilai perilaku "Sesuai" '
            f"(instansi {_fmt((agency.porsi_sesuai or 0) * 100, 1)}%)."
        )
    rate = row.porsi_ubah
    if rate is not None and rate >= BATAS_UBAH:
        row.tanda.append(
            f"Sering mengubah usulan: {row.diubah} dari {row.keputusan} keputusan "
            f"({_fmt(rate * 100, 1)}%; naik {row.naik}, turun {row.turun})."
        )
    if row.halo is not None and len(pairs) >= MIN_HALO and row.halo >= BATAS_HALO:
        row.tanda.append(
            f"Efek halo: korelasi perilaku–capaian r = {_fmt(row.halo)} atas {len(pairs)} "
            f"pegawai (instansi r = {_fmt(agency.halo) if agency.halo is not None else '—'})."
        )


def distribution_rows(row: RaterRow, agency: RaterRow) -> list[tuple[str, float, float]]:
    """(label, rater %, agency %) per predikat, for the chart and its table."""
    mine, all_ = row.distribusi, agency.distribusi
    return [(PREDIKAT_LABEL[c], round(mine[c] * 100, 1), round(all_[c] * 100, 1)) for c in PREDIKAT]
