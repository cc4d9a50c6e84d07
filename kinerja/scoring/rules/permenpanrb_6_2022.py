"""Scheme ``permenpanrb-6-2022``: performance under PermenPANRB 6/2022 (spec §2.1–§2.4), with
the capaian formulas of PermenPANRB 8/2021 (§2.2, :data:`CAPAIAN_SOURCE`).

Pure functions on numbers and codes; each returns its value with a :class:`Breakdown`.
What the regulation fixes (the §2.1 matrix, the §2.2 formulas) is a constant here; what is
Kinerja's policy (the 120% cap, the 110/90 proposal thresholds, 4 of 7 values) lives in
:class:`Parameters`, whose defaults are :data:`DEFAULTS`, so a period can store its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from .common import (
    Breakdown,
    Number,
    RuleInputError,
    Scored,
    fmt,
    in_rule_context,
    parse_choice,
    to_decimal,
)

SCHEME = "permenpanrb-6-2022"
VERSION = "1.1"
"""The current version (:data:`VERSIONS` holds every one). 1.1 (issue 24): a ``turun``
indicator's capaian is floored at 0% like ``tepat``; under 1.0 it went negative once the
realisation passed twice the target. A period closed under 1.0 keeps 1.0's rule
(:data:`TURUN_FLOOR_SINCE`, ``Parameters.turun_floor``)."""
TURUN_FLOOR_SINCE = "1.1"
"""The first rule version whose ``turun`` capaian is floored at 0 (spec §2.2 [policy])."""


def source(version: str | None = None) -> str:
    """How a breakdown cites this scheme at ``version`` (the version that computed it; None:
    the current one)."""
    return f"PermenPANRB 6/2022 (skema {SCHEME}, versi {version or VERSION})"


def capaian_source(version: str | None = None) -> str:
    """How a capaian breakdown cites its formulas (:data:`CAPAIAN_SOURCE`) at ``version``."""
    return f"PermenPANRB 8/2021 (rumus capaian IKI; skema {SCHEME}, versi {version or VERSION})"


SOURCE = source()
CAPAIAN_SOURCE = capaian_source()
"""§2.2: the capaian formulas (higher/lower is better, range targets) and their worked examples
(range 80–90%, realisation 70% → 87.5%; 7–8 months, 6.5 → 107.14%) are PermenPANRB 8/2021's
lampiran; PermenPANRB 6/2022, which replaced it, keeps the ratings and the predikat matrix
(§2.1) but does not restate the formulas. Breakdowns of a capaian cite 8/2021 (issue 24)."""

HUNDRED = Decimal(100)
CAPAIAN_CAP = Decimal(120)
"""[policy] §2.2: each indicator's capaian is capped at 120% before indicators are combined."""
UPPER_THRESHOLD = Decimal(110)
"""[policy] §2.3: proposal ``di_atas`` when capaian ≥ 110%."""
LOWER_THRESHOLD = Decimal(90)
"""[policy] §2.3: proposal ``di_bawah`` when capaian < 90%."""
BEHAVIOUR_MIN_ABOVE = 4
"""[policy] §2.3: behaviour proposal ``di_atas`` needs at least 4 of 7 values rated above."""
ADDITIONAL_RHK_WEIGHT = Decimal(1)
"""[policy] §2.3: weight of an additional RHK (RHK tambahan) when it counts."""
SUMMED_ASPECTS = frozenset({"kuantitas", "biaya"})
"""[policy] aspects whose slice realisations add up to the year's (and whose slice target is
pro-rata: target / number of slices); the others (kualitas, waktu) are averaged and keep the
full target."""
UNVERIFIED_CAPAIAN = Decimal(0)
"""[policy] the capaian of an indicator without a verified (``diverifikasi``) realisation:
only verified realisations count."""
UNVERIFIED_RULE = "Kinerja [kebijakan]: indikator tanpa realisasi terverifikasi"
EMPTY_RHK = "RHK harus memiliki minimal satu indikator"
NO_MAIN_RHK = "SKP harus memiliki minimal satu RHK utama"
NO_PERIODIC = "belum ada penilaian perilaku periodik untuk tahun ini"


class Rating(StrEnum):
    """§2.1: the three levels for work results (hasil kerja) and behaviour (perilaku)."""

    DI_ATAS = "di_atas"
    SESUAI = "sesuai"
    DI_BAWAH = "di_bawah"

    @property
    def label(self) -> str:
        return RATING_LABELS[self]


RATING_LABELS: Mapping[Rating, str] = {
    Rating.DI_ATAS: "Di Atas Ekspektasi",
    Rating.SESUAI: "Sesuai Ekspektasi",
    Rating.DI_BAWAH: "Di Bawah Ekspektasi",
}


class Predikat(StrEnum):
    """§2.1: an employee's predikat; members are listed from best to worst."""

    SANGAT_BAIK = "sangat_baik"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"

    @property
    def label(self) -> str:
        return PREDIKAT_LABELS[self]

    @property
    def rank(self) -> int:
        """Place in :data:`PREDIKAT_ORDER`: 0 is the best; one step is one place."""
        return PREDIKAT_ORDER.index(self)


PREDIKAT_LABELS: Mapping[Predikat, str] = {
    Predikat.SANGAT_BAIK: "Sangat Baik",
    Predikat.BAIK: "Baik",
    Predikat.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    Predikat.KURANG: "Kurang/Misconduct",
    Predikat.SANGAT_KURANG: "Sangat Kurang",
}
PREDIKAT_ORDER: tuple[Predikat, ...] = tuple(Predikat)
"""§2.1: best to worst."""

PREDIKAT_MATRIX: Mapping[tuple[Rating, Rating], Predikat] = {
    (Rating.DI_ATAS, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.DI_ATAS, Rating.SESUAI): Predikat.BAIK,
    (Rating.DI_ATAS, Rating.DI_ATAS): Predikat.SANGAT_BAIK,
    (Rating.SESUAI, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.SESUAI, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.DI_ATAS): Predikat.BAIK,
    (Rating.DI_BAWAH, Rating.DI_BAWAH): Predikat.SANGAT_KURANG,
    (Rating.DI_BAWAH, Rating.SESUAI): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.DI_ATAS): Predikat.BUTUH_PERBAIKAN,
}
"""§2.1: (hasil kerja, perilaku) → predikat."""


class Direction(StrEnum):
    """§2.2 (arah): ``naik`` higher is better, ``turun`` lower is better, ``tepat`` exact."""

    NAIK = "naik"
    TURUN = "turun"
    TEPAT = "tepat"


DIRECTION_LABELS: Mapping[Direction, str] = {
    Direction.NAIK: "semakin tinggi semakin baik",
    Direction.TURUN: "semakin rendah semakin baik (kondisi khusus)",
    Direction.TEPAT: "harus tepat sama dengan target",
}


class CoreValue(StrEnum):
    """§2.1: the seven BerAKHLAK core values behaviour is rated on."""

    BERORIENTASI_PELAYANAN = "berorientasi_pelayanan"
    AKUNTABEL = "akuntabel"
    KOMPETEN = "kompeten"
    HARMONIS = "harmonis"
    LOYAL = "loyal"
    ADAPTIF = "adaptif"
    KOLABORATIF = "kolaboratif"


CORE_VALUE_LABELS: Mapping[CoreValue, str] = {
    CoreValue.BERORIENTASI_PELAYANAN: "Berorientasi Pelayanan",
    CoreValue.AKUNTABEL: "Akuntabel",
    CoreValue.KOMPETEN: "Kompeten",
    CoreValue.HARMONIS: "Harmonis",
    CoreValue.LOYAL: "Loyal",
    CoreValue.ADAPTIF: "Adaptif",
    CoreValue.KOLABORATIF: "Kolaboratif",
}


def _decimal_field(value: Number | None, name: str) -> Decimal | None:
    return None if value is None else to_decimal(value, field=name)


@dataclass(frozen=True)
class Parameters:
    """Per-period parameters of this scheme, all [policy] (spec §2.2, §2.3).

    ``capaian_cap`` None means no cap. ``upper``/``lower`` are the proposal thresholds in
    percent (``di_atas`` at ≥ upper, ``di_bawah`` below lower).
    """

    capaian_cap: Decimal | None = CAPAIAN_CAP
    upper: Decimal = UPPER_THRESHOLD
    lower: Decimal = LOWER_THRESHOLD
    behaviour_min_above: int = BEHAVIOUR_MIN_ABOVE
    additional_rhk_weight: Decimal = ADDITIONAL_RHK_WEIGHT
    turun_floor: bool = True
    """Floor a ``turun`` capaian at 0 (version 1.1 on). Not a period setting: it follows the
    rule version (:attr:`Version.turun_floor`), False only for a period closed under 1.0."""
    unverified_capaian: Decimal = UNVERIFIED_CAPAIAN
    """An indicator's capaian while it has no verified realisation (follows the version)."""
    version: str | None = None
    """The rule version these parameters are read under, as breakdowns cite it (None: the
    current one; :meth:`Version.parameters` sets it)."""

    def __post_init__(self) -> None:
        cap = _decimal_field(self.capaian_cap, "batas_capaian")
        upper = to_decimal(self.upper, field="batas_atas")
        lower = to_decimal(self.lower, field="batas_bawah")
        weight = to_decimal(self.additional_rhk_weight, field="bobot_rhk_tambahan")
        if cap is not None and cap <= 0:
            raise RuleInputError("batas capaian harus lebih dari 0", field="batas_capaian")
        if lower > upper:
            raise RuleInputError(
                f"batas bawah ({fmt(lower)}%) tidak boleh lebih besar dari batas atas "
                f"({fmt(upper)}%)",
                field="batas_bawah",
            )
        if not 0 <= self.behaviour_min_above <= len(CoreValue):
            raise RuleInputError("jumlah minimal nilai di atas harus 0–7", field="perilaku")
        if weight < 0:
            raise RuleInputError("bobot RHK tambahan tidak boleh negatif", field="bobot")
        object.__setattr__(self, "capaian_cap", cap)
        object.__setattr__(self, "upper", upper)
        object.__setattr__(self, "lower", lower)
        object.__setattr__(self, "additional_rhk_weight", weight)

    def as_dict(self) -> dict[str, object]:
        """The parameters under the names a period stores and the breakdown shows."""
        return {
            "batas_capaian": self.capaian_cap,
            "batas_atas": self.upper,
            "batas_bawah": self.lower,
            "minimal_nilai_di_atas": self.behaviour_min_above,
            "bobot_rhk_tambahan": self.additional_rhk_weight,
        }


DEFAULTS = Parameters()
"""Kinerja's default parameters for a period using this scheme."""


@dataclass(frozen=True)
class Version:
    """One version of this scheme: every number and policy that decides a result and is not
    a period's own setting. Registered by (scheme, version) in :mod:`.registry`; a period is
    computed, verified and explained under the version that closed it (or, while open,
    the current one). A changed number or policy is a new version, never an edit of one
    (``tests/scoring/test_rule_versions.py`` fingerprints each)."""

    version: str
    turun_floor: bool
    """Floor a ``turun`` capaian at 0 (§2.2 [policy], 1.1 on)."""
    summed_aspects: frozenset[str] = SUMMED_ASPECTS
    prorated_slice_target: bool = True
    """[policy] a summed aspect's slice is scored against target / number of slices (False:
    against the full target)."""
    unverified_capaian: Decimal = UNVERIFIED_CAPAIAN
    defaults: Parameters = DEFAULTS
    """What a period does not set: the thresholds it does not store, the behaviour count and
    the additional RHK weight."""
    scheme: str = SCHEME

    def parameters(self, stored: Mapping[str, object] | None) -> Parameters:
        """A period's stored parameters (texts by name, ``Periode.parameter`` or a result's
        ``masukan["parameter"]``) as the rules take them under this version. A cap the
        period does not store means no cap."""
        stored = stored or {}
        cap = stored.get("batas_capaian")
        return Parameters(
            capaian_cap=Decimal(cap) if cap not in (None, "") else None,  # type: ignore[arg-type]
            upper=Decimal(stored.get("batas_atas", self.defaults.upper)),  # type: ignore[arg-type]
            lower=Decimal(stored.get("batas_bawah", self.defaults.lower)),  # type: ignore[arg-type]
            behaviour_min_above=self.defaults.behaviour_min_above,
            additional_rhk_weight=self.defaults.additional_rhk_weight,
            turun_floor=self.turun_floor,
            unverified_capaian=self.unverified_capaian,
            version=self.version,
        )


VERSIONS: Mapping[str, Version] = {
    v.version: v for v in (Version("1.0", turun_floor=False), Version("1.1", turun_floor=True))
}
"""Every version of this scheme, by number; :data:`VERSION` is the current one."""
assert VERSION in VERSIONS


def floors_turun(version: str) -> bool:
    """Whether rule ``version`` floors a ``turun`` capaian at 0 (1.1 on; 1.0 did not)."""
    return VERSIONS[version].turun_floor


def parse_rating(value: Rating | str, *, field: str = "penilaian") -> Rating:
    """Read a §2.1 rating from its code (``di_atas``) or label (``Di Atas Ekspektasi``)."""
    return parse_choice(Rating, value, RATING_LABELS, field=field)


def parse_predikat(value: Predikat | str, *, field: str = "predikat") -> Predikat:
    """Read a §2.1 predikat from its code (``sangat_baik``) or label (``Sangat Baik``)."""
    if isinstance(value, str) and value.strip().casefold() == "misconduct":
        return Predikat.KURANG
    return parse_choice(Predikat, value, PREDIKAT_LABELS, field=field)


def parse_direction(value: Direction | str, *, field: str = "arah") -> Direction:
    """Read a §2.2 direction: ``naik``, ``turun`` or ``tepat``."""
    return parse_choice(Direction, value, {d: d.value for d in Direction}, field=field)


def predikat(
    hasil_kerja: Rating | str, perilaku: Rating | str, *, version: str | None = None
) -> Scored[Predikat]:
    """§2.1: the predikat from the work-result and behaviour ratings, by the matrix
    (``version``: the rule version the breakdown cites)."""
    work = parse_rating(hasil_kerja, field="hasil_kerja")
    behaviour = parse_rating(perilaku, field="perilaku")
    result = values.predikat(work, behaviour)
    return Scored(
        result,
        Breakdown(
            rule=f"{source(version)} §2.1 matriks predikat",
            formula="predikat = matriks[hasil kerja, perilaku kerja]",
            inputs={"hasil_kerja": work, "perilaku": behaviour},
            steps=(
                f"Hasil kerja {work.label} dan perilaku kerja {behaviour.label} "
                f"→ predikat {result.label}.",
            ),
        ),
    )


@dataclass(frozen=True)
class TargetRange:
    """§2.2: a target given as a range ``[low, high]`` ("80-90")."""

    low: Decimal
    high: Decimal

    def __str__(self) -> str:
        return f"{fmt(self.low)}–{fmt(self.high)}"


Target = Number | TargetRange
_RANGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[-–]\s*(\d+(?:\.\d+)?)\s*$")


def parse_target(value: Target | tuple[Number, Number]) -> Decimal | TargetRange:
    """§2.2: a target as one number, or a range from ``(a, b)`` or the text ``"a-b"``.

    Refuses a target of 0 (or a range whose upper end is 0), negative targets and a range
    whose lower end is above its upper end, each with a message saying what to fix.
    """
    if isinstance(value, tuple):
        value = TargetRange(
            to_decimal(value[0], field="target"), to_decimal(value[1], field="target")
        )
    elif isinstance(value, str) and (match := _RANGE.match(value)):
        value = TargetRange(Decimal(match[1]), Decimal(match[2]))
    if isinstance(value, TargetRange):
        if value.low < 0:
            raise RuleInputError("target tidak boleh negatif", field="target")
        if value.low > value.high:
            raise RuleInputError(
                f"rentang target {value} terbalik; tulis angka kecil dulu, misalnya 80-90",
                field="target",
            )
        if value.high == 0:
            raise RuleInputError(_ZERO_TARGET, field="target")
        return value
    number = to_decimal(value, field="target")
    if number == 0:
        raise RuleInputError(_ZERO_TARGET, field="target")
    if number < 0:
        raise RuleInputError("target tidak boleh negatif", field="target")
    return number


_ZERO_TARGET = (
    "target 0 tidak dapat dihitung karena capaian dibagi target; isi target lebih dari 0 "
    "(untuk indikator 'sebanyak mungkin nol', misalnya jumlah aduan, pakai arah turun "
    "dengan target kecil atau rentang seperti 0-2)"
)


def check_indicator(
    target: Target | tuple[Number, Number], realisation: Number
) -> tuple[Decimal | TargetRange, Decimal]:
    """§2.2: an indicator's target (:func:`parse_target`) and realisation as the capaian takes
    them; refuses a negative realisation."""
    parsed = parse_target(target)
    r = to_decimal(realisation, field="realisasi")
    if r < 0:
        raise RuleInputError("realisasi tidak boleh negatif", field="realisasi")
    return parsed, r


@dataclass(frozen=True)
class IndicatorCapaian:
    """One indicator's capaian (§2.2): ``capaian`` after the cap, ``uncapped`` before it."""

    capaian: Decimal
    uncapped: Decimal
    capped: bool
    target_used: Decimal | None
    breakdown: Breakdown


@in_rule_context
def indicator_capaian(
    *,
    target: Target | tuple[Number, Number],
    realisation: Number,
    direction: Direction | str,
    params: Parameters = DEFAULTS,
) -> IndicatorCapaian:
    """§2.2: capaian of one indicator (IKI) in percent, capped per ``params.capaian_cap``.

    - ``naik``: realisasi / target × 100%;
    - ``turun``: (1 + (1 − realisasi / target)) × 100% (PermenPANRB 8/2021), floored at 0
      [policy, version 1.1] as ``tepat`` is: a realisation past twice the target gives 0%,
      not a negative capaian that would pull the RHK's mean below the other indicators' zero;
    - ``tepat`` [policy]: max(0, 1 − |realisasi − target| / target) × 100%;
    - a range target uses its upper end when the realisation is above it, its lower end when
      below it, and gives 100% inside it [policy].

    Raises :class:`RuleInputError` for a target of 0, a negative target or realisation.
    """
    arah = parse_direction(direction)
    parsed, r = check_indicator(target, realisation)
    ranged = isinstance(parsed, TargetRange)
    low, high = (parsed.low, parsed.high) if ranged else (parsed, None)
    found = values.indicator_capaian(low, high, r, arah, params)
    t, value = found.target_used, found.uncapped
    steps: list[str] = []
    if ranged:
        if t is None:
            steps.append(
                f"Realisasi {fmt(r)} di dalam rentang target {parsed}: capaian 100% "
                "(kebijakan Kinerja)."
            )
        elif r > parsed.high:
            steps.append(
                f"Realisasi {fmt(r)} di atas rentang target {parsed}: dipakai batas atas {fmt(t)}."
            )
        else:
            steps.append(
                f"Realisasi {fmt(r)} di bawah rentang target {parsed}: dipakai batas bawah "
                f"{fmt(t)}."
            )
    if t is not None:
        formula_value = fmt(found.formula)
        if arah is Direction.NAIK:
            steps.append(f"capaian = {fmt(r)} / {fmt(t)} × 100% = {formula_value}%")
        elif arah is Direction.TURUN:
            steps.append(f"capaian = (1 + (1 − {fmt(r)} / {fmt(t)})) × 100% = {formula_value}%")
            if value != found.formula:
                steps.append(
                    "Capaian di bawah 0% dijadikan 0%, seperti arah tepat (kebijakan Kinerja, "
                    f"aturan versi {TURUN_FLOOR_SINCE})."
                )
        else:
            steps.append(
                f"capaian = maks(0, 1 − |{fmt(r)} − {fmt(t)}| / {fmt(t)}) × 100% = {formula_value}%"
            )
    cap = params.capaian_cap
    final = found.capaian
    capped = final != value
    if cap is None:
        steps.append("Tanpa batas capaian.")
    elif capped:
        steps.append(
            f"Capaian {fmt(value)}% dibatasi menjadi {fmt(cap)}% sebelum digabung "
            "(kebijakan Kinerja); nilai tanpa batas tetap ditampilkan."
        )
    else:
        steps.append(f"Batas capaian {fmt(cap)}% tidak terlampaui.")
    formula = {
        Direction.NAIK: "capaian = realisasi / target × 100%",
        Direction.TURUN: (
            "capaian = maks(0, (1 + (1 − realisasi / target))) × 100%"
            if params.turun_floor
            else "capaian = (1 + (1 − realisasi / target)) × 100%"
        ),
        Direction.TEPAT: "capaian = maks(0, 1 − |realisasi − target| / target) × 100%",
    }[arah]
    return IndicatorCapaian(
        capaian=final,
        uncapped=value,
        capped=capped,
        target_used=t,
        breakdown=Breakdown(
            rule=f"{capaian_source(params.version)} §2.2 capaian indikator",
            formula=formula,
            inputs={
                "target": str(parsed) if ranged else parsed,
                "realisasi": r,
                "arah": arah,
            },
            thresholds={"batas_capaian": cap},
            steps=tuple(steps),
        ),
    )


def unverified_capaian(
    *, target: object, direction: object, params: Parameters = DEFAULTS
) -> IndicatorCapaian:
    """[policy] The capaian of an indicator without a verified realisation (only verified
    realisations count): ``params.unverified_capaian`` (0%) until the rater verifies one.
    ``target`` and ``direction`` are shown as given."""
    value = params.unverified_capaian
    shown = "0" if value == 0 else format(value.normalize(), "f")
    return IndicatorCapaian(
        capaian=value,
        uncapped=value,
        capped=False,
        target_used=None,
        breakdown=Breakdown(
            rule=UNVERIFIED_RULE,
            formula=f"capaian = {shown}% sampai ada realisasi yang diverifikasi penilai",
            inputs={"target": target, "realisasi": None, "arah": direction},
            steps=(
                "Belum ada realisasi yang diverifikasi penilai; hanya realisasi "
                f"terverifikasi yang dihitung, jadi capaian sementara {shown}%.",
            ),
        ),
    )


def _weights(weights: Sequence[Number] | None, count: int) -> list[Decimal]:
    if weights is None:
        return [Decimal(1)] * count
    if len(weights) != count:
        raise RuleInputError("jumlah bobot harus sama dengan jumlah indikator", field="bobot")
    return [to_decimal(w, field="bobot") for w in weights]


@in_rule_context
def rhk_capaian(
    indicators: Sequence[IndicatorCapaian],
    weights: Sequence[Number] | None = None,
    *,
    version: str | None = None,
) -> Scored[Decimal]:
    """§2.3: an RHK's capaian, the weighted mean of its indicators' capped capaian.

    Weights are equal unless given; they must be ≥ 0 with a positive sum. ``version``: the
    rule version the breakdown cites.
    """
    if not indicators:
        raise RuleInputError(EMPTY_RHK, field="indikator")
    ws = _weights(weights, len(indicators))
    value = values.rhk_capaian([item.capaian for item in indicators], ws)
    terms = " + ".join(f"{fmt(i.capaian)} × {fmt(w)}" for i, w in zip(indicators, ws, strict=True))
    return Scored(
        value,
        Breakdown(
            rule=f"{source(version)} §2.3 capaian RHK (kebijakan Kinerja)",
            formula="capaian RHK = Σ(capaian indikator × bobot) / Σ bobot",
            inputs={"capaian_indikator": [i.capaian for i in indicators], "bobot": ws},
            steps=(f"({terms}) / {fmt(sum(ws, Decimal(0)))} = {fmt(value)}%",),
            parts=tuple(i.breakdown for i in indicators),
        ),
    )


@in_rule_context
def skp_capaian(
    main: Sequence[Number],
    additional: Sequence[Number] = (),
    *,
    main_weights: Sequence[Number] | None = None,
    params: Parameters = DEFAULTS,
) -> Scored[Decimal]:
    """§2.3: the SKP's capaian, the weighted mean of its RHK capaian (percent).

    Main RHK weigh 1 each unless ``main_weights`` is given. An additional RHK (RHK tambahan)
    weighs ``params.additional_rhk_weight`` and counts only upward: it is included only when
    it raises the mean. Taking them from the highest down while each is above the running
    mean gives the highest mean reachable, so the result never falls below the main RHK's.
    """
    if not main:
        raise RuleInputError(NO_MAIN_RHK, field="rhk")
    main_values = [to_decimal(v, field="capaian") for v in main]
    extras = [to_decimal(v, field="capaian") for v in additional]
    ws = _weights(main_weights, len(main_values))
    trail: list = []
    mean = values.skp_capaian(
        main_values, extras, params, None if main_weights is None else ws, trail
    )
    main_mean, *considered = trail
    steps = [f"Rata-rata tertimbang RHK utama = {fmt(main_mean)}%"]
    extra = params.additional_rhk_weight
    counted: list[Decimal] = []
    for index, value, after in considered:
        if after is not None:
            counted.append(value)
            steps.append(
                f"RHK tambahan ke-{index + 1} ({fmt(value)}%) menaikkan capaian: dihitung, "
                f"capaian menjadi {fmt(after)}%."
            )
        else:
            steps.append(
                f"RHK tambahan ke-{index + 1} ({fmt(value)}%) tidak menaikkan capaian: "
                "tidak dihitung."
            )
    return Scored(
        mean,
        Breakdown(
            rule=f"{source(params.version)} §2.3 capaian SKP (kebijakan Kinerja)",
            formula=(
                "capaian SKP = Σ(capaian RHK × bobot) / Σ bobot; RHK tambahan hanya dihitung "
                "bila menaikkan capaian"
            ),
            inputs={
                "rhk_utama": main_values,
                "bobot_rhk_utama": ws,
                "rhk_tambahan": extras,
                "rhk_tambahan_dihitung": counted,
            },
            thresholds={"bobot_rhk_tambahan": extra},
            steps=tuple(steps),
        ),
    )


@in_rule_context
def propose_work_rating(
    capaian: Number,
    *,
    params: Parameters = DEFAULTS,
    unit_rating: Rating | str | None = None,
) -> Scored[Rating]:
    """§2.3 [policy]: the proposed work-result rating from a capaian in percent.

    ``di_atas`` when capaian ≥ ``params.upper``, ``di_bawah`` when < ``params.lower``,
    otherwise ``sesuai``. For a JPT, pass the unit's own recorded result as ``unit_rating``:
    it becomes the proposal. The rater confirms or overrides it with a written reason.
    """
    value = to_decimal(capaian, field="capaian")
    thresholds = {"batas_atas": params.upper, "batas_bawah": params.lower}
    formula = (
        f"{Rating.DI_ATAS.label} bila capaian ≥ {fmt(params.upper)}%, "
        f"{Rating.DI_BAWAH.label} bila capaian < {fmt(params.lower)}%, "
        f"selain itu {Rating.SESUAI.label}"
    )
    unit = None if unit_rating is None else parse_rating(unit_rating, field="hasil_unit")
    rating = values.work_rating(value, params, unit)
    if unit is not None:
        step = f"JPT: usulan mengikuti hasil kerja unit yang tercatat, {rating.label}."
    elif rating is Rating.DI_ATAS:
        step = f"Capaian {fmt(value)}% ≥ {fmt(params.upper)}% → {rating.label}."
    elif rating is Rating.DI_BAWAH:
        step = f"Capaian {fmt(value)}% < {fmt(params.lower)}% → {rating.label}."
    else:
        step = (
            f"{fmt(params.lower)}% ≤ capaian {fmt(value)}% < {fmt(params.upper)}% → {rating.label}."
        )
    return Scored(
        rating,
        Breakdown(
            rule=f"{source(params.version)} §2.3 usulan hasil kerja (kebijakan Kinerja)",
            formula=formula,
            inputs={"capaian": value, "hasil_unit": unit_rating},
            thresholds=thresholds,
            steps=(step, "Usulan ini dikonfirmasi atau diubah pejabat penilai dengan alasan."),
        ),
    )


def _core_values(
    ratings: Mapping[CoreValue | str, Rating | str],
) -> dict[CoreValue, Rating]:
    parsed: dict[CoreValue, Rating] = {}
    for key, rating in ratings.items():
        value = parse_choice(CoreValue, key, CORE_VALUE_LABELS, field="nilai_berakhlak")
        if value in parsed:
            raise RuleInputError(f"nilai {value.value} dinilai dua kali", field=value.value)
        parsed[value] = parse_rating(rating, field=value.value)
    missing = [v.value for v in CoreValue if v not in parsed]
    if missing:
        raise RuleInputError(
            "perilaku harus dinilai pada ketujuh nilai BerAKHLAK; belum dinilai: "
            + ", ".join(missing),
            field=missing[0],
        )
    return parsed


@in_rule_context
def propose_behaviour_rating(
    ratings: Mapping[CoreValue | str, Rating | str],
    *,
    notes: Mapping[CoreValue | str, str] | None = None,
    params: Parameters = DEFAULTS,
) -> Scored[Rating]:
    """§2.3 [policy]: the proposed behaviour rating from the rater's 7 BerAKHLAK ratings.

    ``di_bawah`` when any value is rated below with a written note; ``di_atas`` when at
    least ``params.behaviour_min_above`` (4) values are rated above and none below;
    otherwise ``sesuai``. A value rated below without a note does not make the proposal
    ``di_bawah`` (but still blocks ``di_atas``). 360° input is never passed here.
    """
    parsed = _core_values(ratings)
    written = {
        parse_choice(CoreValue, key, CORE_VALUE_LABELS, field="catatan")
        for key, text in (notes or {}).items()
        if text and text.strip()
    }
    above = [v for v, r in parsed.items() if r is Rating.DI_ATAS]
    below = [v for v, r in parsed.items() if r is Rating.DI_BAWAH]
    below_noted = [v for v in below if v in written]
    need = params.behaviour_min_above
    steps = [
        f"{len(above)} dari 7 nilai di atas ekspektasi, {len(below)} di bawah "
        f"({len(below_noted)} dengan catatan tertulis)."
    ]
    rating = values.behaviour_rating(
        [parsed[v] for v in CoreValue], [v in written for v in CoreValue], params
    )
    if rating is Rating.DI_BAWAH:
        names = ", ".join(CORE_VALUE_LABELS[v] for v in below_noted)
        steps.append(f"Dinilai di bawah dengan catatan: {names} → {rating.label}.")
    elif rating is Rating.DI_ATAS:
        steps.append(f"Minimal {need} nilai di atas dan tidak ada yang di bawah → {rating.label}.")
    else:
        if below:
            names = ", ".join(CORE_VALUE_LABELS[v] for v in below)
            steps.append(
                f"{names} dinilai di bawah tanpa catatan tertulis: tidak dihitung di bawah; "
                "tambahkan catatan bila penilaian itu dimaksudkan."
            )
        steps.append(f"→ {rating.label}.")
    return Scored(
        rating,
        Breakdown(
            rule=f"{source(params.version)} §2.3 usulan perilaku kerja (kebijakan Kinerja)",
            formula=(
                f"{Rating.DI_BAWAH.label} bila ada nilai di bawah dengan catatan tertulis; "
                f"{Rating.DI_ATAS.label} bila ≥ {need} nilai di atas dan tidak ada di bawah; "
                f"selain itu {Rating.SESUAI.label}"
            ),
            inputs={
                "penilaian": {v.value: parsed[v] for v in CoreValue},
                "catatan": sorted(v.value for v in written),
            },
            thresholds={"minimal_nilai_di_atas": need},
            steps=tuple(steps),
        ),
    )


@dataclass(frozen=True)
class AnnualProposal:
    """§2.4: the proposed annual ratings and predikat, with the periodic results beside."""

    work: Rating
    behaviour: Rating
    predikat: Predikat
    breakdown: Breakdown = field(compare=False)


@in_rule_context
def propose_annual(
    *,
    capaian: Number,
    periodic_behaviour: Sequence[Rating | str],
    periodic_predikat: Sequence[Predikat | str] = (),
    params: Parameters = DEFAULTS,
) -> AnnualProposal:
    """§2.4 [policy]: the annual proposal from the whole year's capaian and periodic behaviour.

    Work: :func:`propose_work_rating` on the capaian computed over the whole year's
    realisations. Behaviour: the rating given most often in the periodic evaluations (listed
    in time order); on a tie, the latest of the tied ratings. The periodic predikat are only
    shown in the breakdown, never counted.
    """
    if not periodic_behaviour:
        raise RuleInputError(NO_PERIODIC, field="perilaku")
    periods = [parse_rating(r, field="perilaku") for r in periodic_behaviour]
    shown = [parse_predikat(p) for p in periodic_predikat]
    work = propose_work_rating(capaian, params=params)
    behaviour = values.annual_behaviour(periods)
    result = values.predikat(work.value, behaviour)
    counts = Counter(periods)
    tally = ", ".join(f"{r.label} {counts[r]}×" for r in Rating if counts[r])
    return AnnualProposal(
        work=work.value,
        behaviour=behaviour,
        predikat=result,
        breakdown=Breakdown(
            rule=f"{source(params.version)} §2.4 usulan tahunan (kebijakan Kinerja)",
            formula=(
                "hasil kerja dari capaian setahun; perilaku = penilaian periodik terbanyak "
                "(seri: yang terakhir); predikat dari matriks §2.1"
            ),
            inputs={
                "capaian": to_decimal(capaian, field="capaian"),
                "perilaku_periodik": periods,
                "predikat_periodik": shown,
            },
            thresholds={"batas_atas": params.upper, "batas_bawah": params.lower},
            steps=(
                *work.breakdown.steps[:1],
                f"Perilaku periodik: {tally} → {behaviour.label}.",
                f"Predikat tahunan yang diusulkan: {result.label}.",
                "Hasil periodik: "
                + (", ".join(p.label for p in shown) if shown else "tidak ada")
                + " (ditampilkan, tidak dihitung).",
            ),
        ),
    )


# The value of every rule above, computed once (it reads this module's enums and messages, so
# it is imported once they exist).
from . import pmp_values as values  # noqa: E402
