"""The satisfaction index (IKM) aggregated in the database: rows per service, officer, unit or
agency, and its trend per month or quarter."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import timezone

from kinerja.citizen.models import ELEMENT_FIELDS, JawabanSurvei, Layanan
from kinerja.scoring.rules import ikm as ikm_rule

GROUPS = {
    "layanan": "layanan_id",
    "unit": "layanan__unit_id",
    "petugas": "petugas_id",
    "instansi": None,
}


PERIODS = {"bulan": TruncMonth, "kuartal": TruncQuarter}


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def answers_between(instansi_id: int, dari: date, sampai: date) -> QuerySet[JawabanSurvei]:
    """Answers counted in the index, received from ``dari`` to ``sampai`` (inclusive, local
    dates)."""
    return JawabanSurvei.objects.filter(
        instansi_id=instansi_id,
        dihitung=True,
        diterima_pada__gte=day_start(dari),
        diterima_pada__lt=day_start(sampai + timedelta(days=1)),
    )


@dataclass
class IkmRow:
    """The index of one group (a service, unit, officer, period or the agency)."""

    key: object
    label: str
    responden: int
    hasil: ikm_rule.IkmResult | None
    populasi: int | None = None
    sampel_minimal: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def sampel_cukup(self) -> bool | None:
        if self.sampel_minimal is None:
            return None
        return self.responden >= self.sampel_minimal

    @property
    def nrr(self) -> list[tuple[str, Decimal]]:
        if self.hasil is None:
            return []
        return list(zip(ikm_rule.ELEMENTS, self.hasil.nrr, strict=True))


def _sum_fields() -> dict:
    return {f"s_{f}": Sum(f) for f in ELEMENT_FIELDS}


def result_from_totals(
    sums: Iterable[int], respondents: int, *, weight: Decimal | None = None
) -> ikm_rule.IkmResult | None:
    """Adapter from the database totals to the pure rule: NRR per element as the exact
    fraction sum / count (every stored answer has all nine elements), then the IKM. Exact
    fractions, as :func:`ikm_rule.ikm_from_responses` uses, so the pages, the exports and
    the ``ikm`` command agree to the last digit (Decimal NRRs differed in the 28th)."""
    if respondents <= 0:
        return None
    sums = list(sums)
    return ikm_rule.ikm_from_totals(
        sums, [respondents] * len(sums), respondents=respondents, weight=weight
    )


def ikm_totals(answers: QuerySet[JawabanSurvei], by: str | None) -> list[dict]:
    """One GROUP BY query: per group, the respondent count and the nine element sums."""
    if by is None:
        row = answers.aggregate(n=Count("id"), **_sum_fields())
        return [row] if row["n"] else []
    return list(answers.values(k=F(by)).annotate(n=Count("id"), **_sum_fields()))


def ikm_rows(
    instansi_id: int,
    dari: date,
    sampai: date,
    *,
    per: str = "layanan",
    unit_ids: set[int] | None = None,
    weight: Decimal | None = None,
) -> list[IkmRow]:
    """IKM per service, unit, officer or for the whole agency over a date range, with the
    minimum sample for the population served where it is known."""
    answers = answers_between(instansi_id, dari, sampai)
    if unit_ids is not None:
        answers = answers.filter(layanan__unit_id__in=unit_ids)
    column = GROUPS[per]
    totals = ikm_totals(answers, column)
    labels, populations = _labels(instansi_id, per, [t.get("k") for t in totals], unit_ids)
    rows = []
    for total in totals:
        key = total.get("k")
        hasil = result_from_totals(
            [total[f"s_{f}"] for f in ELEMENT_FIELDS], total["n"], weight=weight
        )
        populasi = populations.get(key)
        rows.append(
            IkmRow(
                key=key,
                label=labels.get(key, "Tanpa petugas" if per == "petugas" else "—"),
                responden=total["n"],
                hasil=hasil,
                populasi=populasi,
                sampel_minimal=ikm_rule.minimum_sample(populasi).value if populasi else None,
            )
        )
    rows.sort(key=lambda r: r.label)
    return rows


def _labels(instansi_id, per, keys, unit_ids) -> tuple[dict, dict]:
    """Names and populations of the groups, one query."""
    from kinerja.org.models import Pegawai, UnitKerja

    keys = [k for k in keys if k is not None]
    if per == "layanan":
        found = Layanan.objects.filter(pk__in=keys).values_list("pk", "nama", "populasi")
        return {k: n for k, n, _p in found}, {k: p for k, _n, p in found if p}
    if per == "unit":
        populations: dict = defaultdict(int)
        services = Layanan.objects.filter(instansi_id=instansi_id, unit_id__in=keys)
        names = dict(UnitKerja.objects.filter(pk__in=keys).values_list("pk", "nama"))
        for unit_id, populasi in services.values_list("unit_id", "populasi"):
            if populasi:
                populations[unit_id] += populasi
        return names, dict(populations)
    if per == "petugas":
        found = Pegawai.objects.filter(pk__in=keys).values_list("pk", "nama", "nip")
        return {k: f"{n} ({nip})" for k, n, nip in found}, {}
    services = Layanan.objects.filter(instansi_id=instansi_id, aktif=True)
    if unit_ids is not None:
        services = services.filter(unit_id__in=unit_ids)
    total = services.aggregate(p=Sum("populasi"))["p"]
    return {None: "Seluruh instansi"}, ({None: total} if total else {})


def ikm_trend(
    instansi_id: int,
    dari: date,
    sampai: date,
    *,
    period: str = "bulan",
    layanan_id: int | None = None,
    petugas_id: int | None = None,
    unit_ids: set[int] | None = None,
) -> list[IkmRow]:
    """IKM per month or quarter in the range, of one service or one officer or all (one
    GROUP BY query)."""
    answers = answers_between(instansi_id, dari, sampai)
    if layanan_id is not None:
        answers = answers.filter(layanan_id=layanan_id)
    if petugas_id is not None:
        answers = answers.filter(petugas_id=petugas_id)
    if unit_ids is not None:
        answers = answers.filter(layanan__unit_id__in=unit_ids)
    trunc = PERIODS[period]("diterima_pada")
    totals = answers.annotate(k=trunc).values("k").annotate(n=Count("id"), **_sum_fields())
    rows = []
    for total in totals.order_by("k"):
        start = total["k"]
        start = start.date() if isinstance(start, datetime) else start
        if period == "bulan":
            label = f"{start:%m/%Y}"
        else:
            label = f"Triwulan {(start.month - 1) // 3 + 1} {start.year}"
        hasil = result_from_totals([total[f"s_{f}"] for f in ELEMENT_FIELDS], total["n"])
        rows.append(IkmRow(key=start, label=label, responden=total["n"], hasil=hasil))
    return rows
