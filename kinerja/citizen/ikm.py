"""Public satisfaction: SKM answers → IKM, PermenPANRB 14/2017 (spec §4).

Pure functions in ``Decimal`` (no Django): NRR per element, the IKM with the exact 1/9
weight (or the 0.111 many spreadsheets use), the ×25 conversion, the mutu band and the
Krejcie–Morgan minimum sample. Repeating quotients (NRR = 31/11, IKM = Σ NRR / 9) are carried
as exact fractions and rounded once into the returned ``Decimal``, so the half-up rounding
that picks the band never sees an accumulated last-digit error.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction

from kinerja.scoring.rules.common import (
    Breakdown,
    Number,
    RuleInputError,
    Scored,
    fmt,
    from_exact,
    in_rule_context,
    to_decimal,
)

SCHEME = "permenpanrb-14-2017"
VERSION = "1.0"
SOURCE = f"PermenPANRB 14/2017 (versi {VERSION})"

ELEMENTS: Mapping[str, str] = {
    "U1": "Persyaratan",
    "U2": "Sistem, mekanisme dan prosedur",
    "U3": "Waktu penyelesaian",
    "U4": "Biaya/tarif",
    "U5": "Produk spesifikasi jenis pelayanan",
    "U6": "Kompetensi pelaksana",
    "U7": "Perilaku pelaksana",
    "U8": "Penanganan pengaduan, saran dan masukan",
    "U9": "Sarana dan prasarana",
}
"""§4: the nine elements (unsur) in order."""
SCALE_MIN = 1
SCALE_MAX = 4
CONVERSION = Decimal(25)
"""§4: nilai = IKM × 25."""
SPREADSHEET_WEIGHT = Decimal("0.111")
"""§4: the rounded weight many spreadsheets use; pass it as ``weight`` to get their result."""
BANDS: tuple[tuple[Decimal, str, str], ...] = (
    (Decimal("88.31"), "A", "Sangat Baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang Baik"),
    (Decimal("25.00"), "D", "Tidak Baik"),
)
"""§4: (lower edge of the converted value rounded half up to 2 decimals, mutu, kinerja)."""
CHI_SQUARE = Decimal("3.841")
PROPORTION = Decimal("0.5")
MARGIN = Decimal("0.05")
SAMPLE_MAX = 384
"""§4: the Krejcie–Morgan table's largest sample (N = 1,000,000); the formula's limit is
384.1, so rounding up would give 385 only beyond about 1.47 million, past the table."""


@dataclass(frozen=True)
class Defaults:
    """The §4 numbers in one place (regulation values; ``weight`` None means exact 1/9)."""

    weight: Decimal | None = None
    conversion: Decimal = CONVERSION
    chi_square: Decimal = CHI_SQUARE
    proportion: Decimal = PROPORTION
    margin: Decimal = MARGIN


DEFAULTS = Defaults()


@dataclass(frozen=True)
class IkmResult:
    """§4: the survey result of one service (or the whole file)."""

    respondents: int
    nrr: tuple[Decimal, ...]
    ikm: Decimal
    nilai: Decimal
    mutu: str
    kinerja: str
    breakdown: Breakdown


@in_rule_context
def nrr(total: Number, count: int) -> Decimal:
    """§4: NRR of one element = total of the answers / number of answers."""
    if count <= 0:
        raise RuleInputError("unsur tanpa jawaban tidak dapat dihitung NRR-nya", field="nrr")
    return to_decimal(total, field="total") / count


def _round_half_up(value: Fraction) -> Decimal:
    hundredths = math.floor(value * 100 + Fraction(1, 2))
    return Decimal(hundredths).scaleb(-2)


@in_rule_context
def band(nilai: Number | Fraction) -> Scored[tuple[str, str]]:
    """§4: (mutu, kinerja unit) of a converted value, compared after rounding it half up to
    two decimals against the lower edges 65.00, 76.61 and 88.31."""
    exact = nilai if isinstance(nilai, Fraction) else Fraction(to_decimal(nilai, field="nilai"))
    value = from_exact(exact)
    rounded = _round_half_up(exact)
    edge, mutu, kinerja = next((b for b in BANDS if rounded >= b[0]), BANDS[-1])
    return Scored(
        (mutu, kinerja),
        Breakdown(
            rule=f"{SOURCE} §4 mutu pelayanan",
            formula="mutu dari nilai (IKM × 25) dibulatkan 2 desimal ke atas-setengah",
            inputs={"nilai": value, "nilai_dibulatkan": rounded},
            thresholds={m: e for e, m, _k in BANDS},
            steps=(f"Nilai {fmt(rounded)} ≥ {fmt(edge)} → mutu {mutu}, {kinerja}.",),
        ),
    )


@in_rule_context
def ikm(
    nrr_values: Sequence[Number], *, weight: Number | None = None, respondents: int = 0
) -> IkmResult:
    """§4: IKM = Σ NRR × 1/9 (exact by default, or ``weight`` such as 0.111), nilai = IKM ×
    25, with mutu and kinerja. ``respondents`` is only reported."""
    if len(nrr_values) != len(ELEMENTS):
        raise RuleInputError("IKM memerlukan NRR kesembilan unsur U1–U9", field="nrr")
    exact = [Fraction(to_decimal(v, field="nrr")) for v in nrr_values]
    return _ikm(exact, weight=weight, respondents=respondents)


def _ikm(exact_nrr: Sequence[Fraction], *, weight: Number | None, respondents: int) -> IkmResult:
    for code, value in zip(ELEMENTS, exact_nrr, strict=True):
        if not SCALE_MIN <= value <= SCALE_MAX:
            raise RuleInputError(f"NRR {code} harus 1–4", field=code.lower())
    exact_total = sum(exact_nrr, Fraction(0))
    if weight is None:
        exact_index = exact_total / len(ELEMENTS)
        weight_text = "1/9 (tepat)"
    else:
        w = to_decimal(weight, field="bobot")
        if w <= 0:
            raise RuleInputError("bobot harus lebih dari 0", field="bobot")
        exact_index = exact_total * Fraction(w)
        weight_text = fmt(w, 3)
    exact_nilai = exact_index * int(CONVERSION)
    values = tuple(from_exact(v) for v in exact_nrr)
    total, index, nilai = from_exact(exact_total), from_exact(exact_index), from_exact(exact_nilai)
    graded = band(exact_nilai)
    mutu, kinerja = graded.value
    return IkmResult(
        respondents=respondents,
        nrr=values,
        ikm=index,
        nilai=nilai,
        mutu=mutu,
        kinerja=kinerja,
        breakdown=Breakdown(
            rule=f"{SOURCE} §4 indeks kepuasan masyarakat",
            formula="NRR = jumlah jawaban / banyak jawaban; IKM = Σ NRR × bobot; nilai = IKM × 25",
            inputs={"responden": respondents, "nrr": dict(zip(ELEMENTS, values, strict=True))},
            thresholds={"bobot": weight_text, **{m: e for e, m, _k in BANDS}},
            steps=(
                "NRR: "
                + ", ".join(f"{c} {fmt(v, 4)}" for c, v in zip(ELEMENTS, values, strict=True)),
                f"IKM = {fmt(total, 4)} × {weight_text} = {fmt(index, 4)}",
                f"Nilai = {fmt(index, 4)} × 25 = {fmt(nilai)}",
                *graded.breakdown.steps,
            ),
        ),
    )


@in_rule_context
def ikm_from_totals(
    totals: Sequence[int],
    counts: Sequence[int],
    *,
    respondents: int,
    weight: Number | None = None,
) -> IkmResult:
    """§4 from aggregated answers: per element the total of the answers and their number
    (e.g. one SQL ``SUM``/``COUNT`` per element). NRR is the exact fraction total / count,
    so the result equals :func:`ikm_from_responses` on the same answers to the last digit.
    """
    if len(totals) != len(ELEMENTS) or len(counts) != len(ELEMENTS):
        raise RuleInputError("butuh jumlah dan banyak jawaban untuk 9 unsur", field="unsur")
    for index, count in enumerate(counts):
        if count <= 0:
            raise RuleInputError(
                f"unsur U{index + 1} belum dijawab siapa pun", field=f"u{index + 1}"
            )
    exact = [Fraction(total, count) for total, count in zip(totals, counts, strict=True)]
    return _ikm(exact, weight=weight, respondents=respondents)


@in_rule_context
def ikm_from_responses(
    responses: Sequence[Sequence[int | None]], *, weight: Number | None = None
) -> IkmResult:
    """§4: the IKM from raw answers, one sequence of nine answers (1–4) per respondent.

    A ``None`` answer is left out of that element's NRR (total / number of answers).
    """
    if not responses:
        raise RuleInputError("belum ada responden", field="responden")
    totals = [0] * len(ELEMENTS)
    counts = [0] * len(ELEMENTS)
    for number, answers in enumerate(responses, start=1):
        if len(answers) != len(ELEMENTS):
            raise RuleInputError(
                f"responden ke-{number} harus memiliki 9 jawaban (U1–U9)", field="jawaban"
            )
        for index, answer in enumerate(answers):
            if answer is None:
                continue
            if isinstance(answer, bool) or not isinstance(answer, int):
                raise RuleInputError(
                    f"jawaban U{index + 1} harus bilangan bulat 1–4", field=f"u{index + 1}"
                )
            if not SCALE_MIN <= answer <= SCALE_MAX:
                raise RuleInputError(
                    f"jawaban U{index + 1} harus 1–4, tertulis {answer}", field=f"u{index + 1}"
                )
            totals[index] += answer
            counts[index] += 1
    for index, count in enumerate(counts):
        if count == 0:
            raise RuleInputError(
                f"unsur U{index + 1} belum dijawab siapa pun", field=f"u{index + 1}"
            )
    exact = [Fraction(total, count) for total, count in zip(totals, counts, strict=True)]
    return _ikm(exact, weight=weight, respondents=len(responses))


@in_rule_context
def minimum_sample(population: int) -> Scored[int]:
    """§4: the Krejcie–Morgan minimum sample for a population N, rounded up and capped at 384.

    ``S = χ² N P(1−P) / (d² (N−1) + χ² P(1−P))`` with χ² = 3.841, P = 0.5, d = 0.05.
    N = 100 → 80, N = 1,000 → 278, very large N → 384.
    """
    if isinstance(population, bool) or not isinstance(population, int) or population < 1:
        raise RuleInputError("jumlah populasi harus bilangan bulat 1 atau lebih", field="populasi")
    spread = CHI_SQUARE * PROPORTION * (1 - PROPORTION)
    exact = spread * population / (MARGIN * MARGIN * (population - 1) + spread)
    size = min(int(exact.to_integral_value(rounding=ROUND_CEILING)), SAMPLE_MAX, population)
    return Scored(
        size,
        Breakdown(
            rule=f"{SOURCE} §4 sampel minimal (Krejcie–Morgan)",
            formula="S = χ² N P(1−P) / (d² (N−1) + χ² P(1−P)), dibulatkan ke atas, maks. 384",
            inputs={"populasi": population},
            thresholds={"chi_kuadrat": CHI_SQUARE, "P": PROPORTION, "d": MARGIN},
            steps=(f"S = {fmt(exact, 4)} → {size} responden",),
        ),
    )
