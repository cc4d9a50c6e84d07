"""Public satisfaction: SKM answers → IKM, PermenPANRB 14/2017 (spec §4).

Pure functions in ``Decimal`` (no Django): NRR per element, the IKM with the exact 1/9
weight (or the 0.111 many spreadsheets use), the ×25 conversion, the mutu band and the
Krejcie–Morgan minimum sample (from the published table). Repeating quotients (NRR = 31/11,
IKM = Σ NRR / 9) are carried as exact fractions and rounded once into the returned
``Decimal``, so the half-up rounding that picks the band never sees an accumulated last-digit
error.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .common import (
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
VERSION = "1.1"
"""1.1 (issue 24): the minimum sample comes from the published Krejcie–Morgan table (1.0 rounded
the formula up, one more on about half the table's rows)."""
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
"""§4: the Krejcie–Morgan table's largest sample (its last row, N = 1,000,000); the formula's
limit is 384.15, which rounds to 384 for every larger N."""
KREJCIE_MORGAN_TABLE: tuple[tuple[int, int], ...] = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44),
    (55, 48), (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76),
    (100, 80), (110, 86), (120, 92), (130, 97), (140, 103), (150, 108), (160, 113),
    (170, 118), (180, 123), (190, 127), (200, 132), (210, 136), (220, 140), (230, 144),
    (240, 148), (250, 152), (260, 155), (270, 159), (280, 162), (290, 165), (300, 169),
    (320, 175), (340, 181), (360, 186), (380, 191), (400, 196), (420, 201), (440, 205),
    (460, 210), (480, 214), (500, 217), (550, 226), (600, 234), (650, 242), (700, 248),
    (750, 254), (800, 260), (850, 265), (900, 269), (950, 274), (1000, 278), (1100, 285),
    (1200, 291), (1300, 297), (1400, 302), (1500, 306), (1600, 310), (1700, 313),
    (1800, 317), (1900, 320), (2000, 322), (2200, 327), (2400, 331), (2600, 335),
    (2800, 338), (3000, 341), (3500, 346), (4000, 351), (4500, 354), (5000, 357),
    (6000, 361), (7000, 364), (8000, 367), (9000, 368), (10000, 370), (15000, 375),
    (20000, 377), (30000, 379), (40000, 380), (50000, 381), (75000, 382), (1000000, 384),
)  # fmt: skip
"""§4: Table 1 of Krejcie, R. V. & Morgan, D. W. (1970), "Determining Sample Size for Research
Activities", *Educational and Psychological Measurement* 30, 607–610: the table PermenPANRB
14/2017 refers to for the minimum sample, as (N, S) rows. Each S is the formula below rounded
to the *nearest* whole number (checked row by row in ``tests/scoring/test_rules_ikm.py``), not
rounded up: rounding up differs by one on 45 of its 90 rows (N = 50 → 44, not 45). The last
row is printed as 1,000,000 (the formula gives 383.85 there; at 100,000 it gives 382.63)."""


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
class Version:
    """One version of the §4 rule: the numbers that decide an index, a band and a minimum
    sample. Registered by (scheme, version) in :mod:`.registry` (its fingerprint guards
    them, ``tests/scoring/test_rule_versions.py``)."""

    version: str
    elements: tuple[str, ...] = tuple(ELEMENTS)
    scale: tuple[int, int] = (SCALE_MIN, SCALE_MAX)
    defaults: Defaults = DEFAULTS
    bands: tuple[tuple[Decimal, str, str], ...] = BANDS
    sample_table: tuple[tuple[int, int], ...] = KREJCIE_MORGAN_TABLE
    sample_max: int = SAMPLE_MAX
    scheme: str = SCHEME


VERSIONS: Mapping[str, Version] = {VERSION: Version(VERSION)}
"""Every version of this rule, by number; :data:`VERSION` is the current one."""


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
    """§4: the minimum sample for a population N from the Krejcie–Morgan table.

    A population on a row of :data:`KREJCIE_MORGAN_TABLE` gets that row's sample. Between two
    rows the table's own formula ``S = χ² N P(1−P) / (d² (N−1) + χ² P(1−P))`` (χ² = 3.841,
    P = 0.5, d = 0.05) is rounded to the nearest whole number as the table rounds it, kept
    within the two rows' samples; below the first row (N < 10) it is the same formula, never
    more than N; beyond the last row, 384. N = 50 → 44, N = 100 → 80, N = 500 → 217,
    N = 1,000 → 278, N = 1,000,000 or more → 384.
    """
    if isinstance(population, bool) or not isinstance(population, int) or population < 1:
        raise RuleInputError("jumlah populasi harus bilangan bulat 1 atau lebih", field="populasi")
    spread = CHI_SQUARE * PROPORTION * (1 - PROPORTION)
    exact = spread * population / (MARGIN * MARGIN * (population - 1) + spread)
    rounded = int(exact.to_integral_value(rounding=ROUND_HALF_UP))
    at = bisect_left(KREJCIE_MORGAN_TABLE, (population, 0))
    last_n, last_s = KREJCIE_MORGAN_TABLE[-1]
    if at < len(KREJCIE_MORGAN_TABLE) and KREJCIE_MORGAN_TABLE[at][0] == population:
        size = KREJCIE_MORGAN_TABLE[at][1]
        step = f"N = {population} ada di tabel Krejcie–Morgan: S = {size} responden"
    elif population > last_n:
        size = last_s
        step = f"N = {population} di atas baris terakhir tabel ({last_n}): S = {size} responden"
    elif at == 0:
        size = min(rounded, population)
        step = (
            f"N = {population} di bawah baris pertama tabel: S = {fmt(exact, 4)} → {size} "
            "responden (dibulatkan ke terdekat, paling banyak N)"
        )
    else:
        (low_n, low_s), (high_n, high_s) = KREJCIE_MORGAN_TABLE[at - 1], KREJCIE_MORGAN_TABLE[at]
        size = min(max(rounded, low_s), high_s)
        step = (
            f"N = {population} di antara baris {low_n} (S = {low_s}) dan {high_n} "
            f"(S = {high_s}): S = {fmt(exact, 4)} → {size} responden (dibulatkan ke terdekat "
            "seperti tabel)"
        )
    return Scored(
        size,
        Breakdown(
            rule=f"{SOURCE} §4 sampel minimal (tabel Krejcie–Morgan 1970)",
            formula=(
                "S dari tabel Krejcie–Morgan; di antara baris: S = χ² N P(1−P) / "
                "(d² (N−1) + χ² P(1−P)), dibulatkan ke terdekat, maks. 384"
            ),
            inputs={"populasi": population},
            thresholds={"chi_kuadrat": CHI_SQUARE, "P": PROPORTION, "d": MARGIN},
            steps=(step,),
        ),
    )
