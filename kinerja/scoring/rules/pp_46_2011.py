"""Scheme ``pp-46-2011``: SKP under PP 46/2011 and Perka BKN 1/2013 (spec §3).

Inputs and results are ``Decimal``, never binary floats. Sums of repeating quotients (266 / 3,
a time aspect over 12 months, the mean of activities) are carried as exact fractions of the
decimal inputs and rounded once into the returned ``Decimal`` (:func:`.common.from_exact`),
so a value exactly on a band edge (270 / 3 = 90.00) is compared as exactly 90 and lands
where the table puts it. Values are returned unrounded; round only for display
(:func:`~kinerja.scoring.rules.common.round_half_up`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType

from .common import (
    Breakdown,
    Number,
    RuleInputError,
    Scored,
    fmt,
    from_exact,
    in_rule_context,
    parse_choice,
    to_decimal,
)

SCHEME = "pp-46-2011"
VERSION = "1.0"
SOURCE = f"PP 46/2011 dan Perka BKN 1/2013 (skema {SCHEME}, versi {VERSION})"

HUNDRED = Decimal(100)
TIME_FACTOR = Decimal("1.76")
"""§3: the 1.76 in ((1.76 × TW − RW) / TW) × 100."""
EFFICIENCY_EDGE = Decimal(24)
"""§3: efficiency (percent) up to which the first time/cost formula applies."""
EFFICIENT_BASE = Decimal(76)
"""§3: the 76 in 76 − (((1.76 × TW − RW) / TW × 100) − 100)."""
SKP_WEIGHT = Decimal("0.6")
"""§3: weight of the SKP value in the nilai prestasi kerja (60%)."""
BEHAVIOUR_WEIGHT = Decimal("0.4")
"""§3: weight of the behaviour value in the nilai prestasi kerja (40%)."""
ADDITIONAL_TASK_BONUS: tuple[tuple[int, int], ...] = ((7, 3), (4, 2), (1, 1))
"""§3: (at least this many tugas tambahan, bonus): 1–3 → +1, 4–6 → +2, 7 or more → +3."""


class Category(StrEnum):
    """§3: the bands of a PP 46/2011 value, best first."""

    SANGAT_BAIK = "sangat_baik"
    BAIK = "baik"
    CUKUP = "cukup"
    KURANG = "kurang"
    BURUK = "buruk"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS: Mapping[Category, str] = {
    Category.SANGAT_BAIK: "Sangat Baik",
    Category.BAIK: "Baik",
    Category.CUKUP: "Cukup",
    Category.KURANG: "Kurang",
    Category.BURUK: "Buruk",
}
BAND_EDGES: tuple[tuple[Decimal, Category], ...] = (
    (Decimal(90), Category.SANGAT_BAIK),
    (Decimal(75), Category.BAIK),
    (Decimal(60), Category.CUKUP),
    (Decimal(50), Category.KURANG),
)
"""§3: a value strictly above the edge gets the category; 50 and below is ``buruk``."""


class Creativity(StrEnum):
    """§3: the level at which a creativity (kreativitas) was recognised."""

    UNIT = "unit"
    ORGANISASI = "organisasi"
    NASIONAL = "nasional"


CREATIVITY_BONUS: Mapping[Creativity, Decimal] = {
    Creativity.UNIT: Decimal(3),
    Creativity.ORGANISASI: Decimal(6),
    Creativity.NASIONAL: Decimal(12),
}


class BehaviourAspect(StrEnum):
    """§3: the aspects of work behaviour; ``kepemimpinan`` only for structural positions."""

    ORIENTASI_PELAYANAN = "orientasi_pelayanan"
    INTEGRITAS = "integritas"
    KOMITMEN = "komitmen"
    DISIPLIN = "disiplin"
    KERJA_SAMA = "kerja_sama"
    KEPEMIMPINAN = "kepemimpinan"


@dataclass(frozen=True)
class Defaults:
    """The §3 numbers in one place, as a period stores them (all fixed by regulation)."""

    time_factor: Decimal = TIME_FACTOR
    efficiency_edge: Decimal = EFFICIENCY_EDGE
    efficient_base: Decimal = EFFICIENT_BASE
    skp_weight: Decimal = SKP_WEIGHT
    behaviour_weight: Decimal = BEHAVIOUR_WEIGHT


DEFAULTS = Defaults()

SUMMED_ASPECTS = frozenset({"kuantitas", "biaya"})
"""[policy] as ``permenpanrb-6-2022``: the aspects whose realisations over the slices add up to
the year's (TO/RO, TB/RB); kualitas and waktu are averaged."""
BEHAVIOUR_SCORES: Mapping[str, Decimal] = MappingProxyType(
    {"di_atas": Decimal(95), "sesuai": Decimal(83), "di_bawah": Decimal(68)}
)
"""[policy] PP 46/2011 needs behaviour scores 0–100; a BerAKHLAK rating (§2.1 code) counts as
the middle of the band it corresponds to: Sangat Baik (91–100) ≈ 95, Baik (76–90) = 83, Cukup
(61–75) ≈ 68."""
BEHAVIOUR_VALUES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "orientasi_pelayanan": ("berorientasi_pelayanan",),
    "integritas": ("akuntabel",),
    "komitmen": ("loyal",),
    "disiplin": ("kompeten",),
    "kerja_sama": ("harmonis", "kolaboratif"),
    "kepemimpinan": ("adaptif",),
})  # fmt: skip
"""[policy] which BerAKHLAK values (codes) stand for each behaviour aspect, in order; an
aspect scores the mean of its values' scores over the rated slices."""


@dataclass(frozen=True)
class Version:
    """One version of this scheme: the numbers that decide a result (the §3 numbers, fixed by
    regulation, and Kinerja's reading of BerAKHLAK ratings as behaviour scores). Registered
    by (scheme, version) in :mod:`.registry`."""

    version: str
    summed_aspects: frozenset[str] = SUMMED_ASPECTS
    prorated_slice_target: bool = True
    """(No slice is scored under this scheme; kept so that an SKP's inputs read the same.)"""
    behaviour_scores: Mapping[str, Decimal] = field(default_factory=lambda: BEHAVIOUR_SCORES)
    behaviour_values: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: BEHAVIOUR_VALUES
    )
    defaults: Defaults = DEFAULTS
    scheme: str = SCHEME

    def parameters(self, stored: Mapping[str, object] | None) -> Defaults:
        """The §3 numbers (a period stores none that these rules take)."""
        return self.defaults


VERSIONS: Mapping[str, Version] = {VERSION: Version(VERSION)}
"""Every version of this scheme, by number; :data:`VERSION` is the current one."""


def parse_category(value: Category | str) -> Category:
    """Read a §3 category from its code or label."""
    return parse_choice(Category, value, CATEGORY_LABELS, field="kategori")


def parse_creativity(value: Creativity | str) -> Creativity:
    """Read a creativity level: ``unit``, ``organisasi`` or ``nasional``."""
    labels = {c: c.value for c in Creativity}
    return parse_choice(Creativity, value, labels, field="kreativitas")


@in_rule_context
def category(value: Number | Fraction) -> Scored[Category]:
    """§3: the band of an unrounded value: > 90 sangat_baik, > 75 baik, > 60 cukup, > 50 kurang,
    otherwise buruk. An exact ``Fraction`` is compared exactly."""
    exact = value if isinstance(value, Fraction) else Fraction(to_decimal(value))
    number = from_exact(exact)
    for edge, band in BAND_EDGES:
        if exact > Fraction(edge):
            step = f"{fmt(number)} > {fmt(edge)} → {band.label}."
            break
    else:
        band = Category.BURUK
        step = f"{fmt(number)} ≤ 50 → {band.label}."
    return Scored(
        band,
        Breakdown(
            rule=f"{SOURCE} §3 kategori",
            formula="di atas 90 Sangat Baik, di atas 75 Baik, di atas 60 Cukup, di atas 50 "
            "Kurang, 50 ke bawah Buruk (nilai tanpa pembulatan)",
            inputs={"nilai": number},
            thresholds={band.value: edge for edge, band in BAND_EDGES},
            steps=(step,),
        ),
    )


def _positive(value: Number, field: str) -> Decimal:
    number = to_decimal(value, field=field)
    if number <= 0:
        raise RuleInputError(f"{field} harus lebih dari 0", field=field)
    return number


def _not_negative(value: Number, field: str) -> Decimal:
    number = to_decimal(value, field=field)
    if number < 0:
        raise RuleInputError(f"{field} tidak boleh negatif", field=field)
    return number


def _ratio(target: Decimal, realisation: Decimal) -> Fraction:
    return Fraction(realisation) / Fraction(target) * 100


def _efficiency(target: Decimal, realisation: Decimal) -> tuple[Fraction, Fraction, Fraction]:
    """(efficiency e, ((1.76 × T − R) / T) × 100, the aspect value), exactly."""
    t, r = Fraction(target), Fraction(realisation)
    efficiency = 100 - r / t * 100
    base = (Fraction(TIME_FACTOR) * t - r) / t * 100
    edge = Fraction(EFFICIENCY_EDGE)
    value = base if efficiency <= edge else Fraction(EFFICIENT_BASE) - (base - 100)
    return efficiency, base, value


@in_rule_context
def ratio_aspect(target: Number, realisation: Number, *, aspect: str) -> Scored[Decimal]:
    """§3: quantity (``RO / TO × 100``) or quality (``RK / TK × 100``) of an activity."""
    t = _positive(target, f"target_{aspect}")
    r = _not_negative(realisation, f"realisasi_{aspect}")
    value = from_exact(_ratio(t, r))
    return Scored(
        value,
        Breakdown(
            rule=f"{SOURCE} §3 aspek {aspect}",
            formula=f"{aspect} = realisasi / target × 100",
            inputs={"target": t, "realisasi": r},
            steps=(f"{aspect} = {fmt(r)} / {fmt(t)} × 100 = {fmt(value)}",),
        ),
    )


@in_rule_context
def efficiency_aspect(target: Number, realisation: Number, *, aspect: str) -> Scored[Decimal]:
    """§3: the time (TW, RW in months) or cost (TB, RB) aspect of an activity.

    ``e = 100 − R / T × 100``; if ``e ≤ 24``: ``((1.76 × T − R) / T) × 100``; if ``e > 24``:
    ``76 − ((((1.76 × T − R) / T) × 100) − 100)``.
    """
    t = _positive(target, f"target_{aspect}")
    r = _not_negative(realisation, f"realisasi_{aspect}")
    exact_efficiency, exact_base, exact_value = _efficiency(t, r)
    efficiency, base, value = map(from_exact, (exact_efficiency, exact_base, exact_value))
    if exact_efficiency <= Fraction(EFFICIENCY_EDGE):
        step = (
            f"efisiensi = 100 − {fmt(r)} / {fmt(t)} × 100 = {fmt(efficiency)}% ≤ 24%: "
            f"{aspect} = ((1,76 × {fmt(t)} − {fmt(r)}) / {fmt(t)}) × 100 = {fmt(value)}"
        )
    else:
        step = (
            f"efisiensi = 100 − {fmt(r)} / {fmt(t)} × 100 = {fmt(efficiency)}% > 24%: "
            f"{aspect} = 76 − ({fmt(base)} − 100) = {fmt(value)}"
        )
    return Scored(
        value,
        Breakdown(
            rule=f"{SOURCE} §3 aspek {aspect}",
            formula=(
                "e = 100 − R/T × 100; e ≤ 24: ((1,76 × T − R) / T) × 100; "
                "e > 24: 76 − ((((1,76 × T − R) / T) × 100) − 100)"
            ),
            inputs={"target": t, "realisasi": r},
            thresholds={"efisiensi": EFFICIENCY_EDGE, "faktor": TIME_FACTOR},
            steps=(step,),
        ),
    )


@dataclass(frozen=True)
class Activity:
    """§3: one activity (kegiatan tugas jabatan) with its targets and realisations.

    Leave ``target_cost`` as None (or 0) for an activity without a cost target; it then has
    three aspects instead of four.
    """

    name: str
    target_quantity: Number
    realisation_quantity: Number
    target_quality: Number
    realisation_quality: Number
    target_time: Number
    realisation_time: Number
    target_cost: Number | None = None
    realisation_cost: Number | None = None


@dataclass(frozen=True)
class ActivityValue:
    """§3: an activity's nilai capaian and the value of each of its aspects."""

    name: str
    value: Decimal
    aspects: Mapping[str, Decimal]
    breakdown: Breakdown
    exact: Fraction = field(default=Fraction(0), compare=False, repr=False)


@in_rule_context
def activity_value(activity: Activity) -> ActivityValue:
    """§3: nilai capaian of one activity = sum of its aspects / number of aspects (3 or 4)."""
    aspects: dict[str, Scored[Decimal]] = {
        "kuantitas": ratio_aspect(
            activity.target_quantity, activity.realisation_quantity, aspect="kuantitas"
        ),
        "kualitas": ratio_aspect(
            activity.target_quality, activity.realisation_quality, aspect="kualitas"
        ),
        "waktu": efficiency_aspect(activity.target_time, activity.realisation_time, aspect="waktu"),
    }
    has_cost = activity.target_cost is not None and to_decimal(
        activity.target_cost, field="target_biaya"
    ) != Decimal(0)
    if has_cost:
        if activity.realisation_cost is None:
            raise RuleInputError(
                "target_biaya diisi tetapi realisasi_biaya kosong; isi realisasi biaya",
                field="realisasi_biaya",
            )
        assert activity.target_cost is not None
        aspects["biaya"] = efficiency_aspect(
            activity.target_cost, activity.realisation_cost, aspect="biaya"
        )
    elif activity.realisation_cost is not None and to_decimal(
        activity.realisation_cost, field="realisasi_biaya"
    ) != Decimal(0):
        raise RuleInputError(
            "realisasi_biaya diisi tetapi target_biaya kosong atau 0; isi target biaya atau "
            "kosongkan realisasi biaya",
            field="target_biaya",
        )
    exact_aspects = [
        _ratio(to_decimal(activity.target_quantity), to_decimal(activity.realisation_quantity)),
        _ratio(to_decimal(activity.target_quality), to_decimal(activity.realisation_quality)),
        _efficiency(to_decimal(activity.target_time), to_decimal(activity.realisation_time))[2],
    ]
    if has_cost:
        exact_aspects.append(
            _efficiency(
                to_decimal(activity.target_cost),  # type: ignore[arg-type]
                to_decimal(activity.realisation_cost),  # type: ignore[arg-type]
            )[2]
        )
    exact = sum(exact_aspects, Fraction(0)) / len(exact_aspects)
    value = from_exact(exact)
    terms = " + ".join(fmt(s.value) for s in aspects.values())
    return ActivityValue(
        name=activity.name,
        value=value,
        exact=exact,
        aspects={name: s.value for name, s in aspects.items()},
        breakdown=Breakdown(
            rule=f"{SOURCE} §3 nilai capaian kegiatan",
            formula="nilai capaian = jumlah aspek / banyaknya aspek",
            inputs={"kegiatan": activity.name},
            steps=(
                f"Kegiatan {activity.name!r}: ({terms}) / {len(aspects)} = {fmt(value)}"
                + ("" if has_cost else " (tanpa aspek biaya)"),
            ),
            parts=tuple(s.breakdown for s in aspects.values()),
        ),
    )


def additional_task_bonus(count: int) -> Decimal:
    """§3: the bonus for tugas tambahan: 0 → 0, 1–3 → 1, 4–6 → 2, 7 or more → 3."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise RuleInputError(
            "jumlah tugas tambahan harus bilangan bulat 0 atau lebih", field="tugas_tambahan"
        )
    for at_least, bonus in ADDITIONAL_TASK_BONUS:
        if count >= at_least:
            return Decimal(bonus)
    return Decimal(0)


@dataclass(frozen=True)
class Graded:
    """A §3 value with its category (code of §3) and breakdown."""

    value: Decimal
    category: Category
    breakdown: Breakdown
    exact: Fraction | None = field(default=None, compare=False, repr=False)
    """The exact value ``value`` was rounded from (used by :func:`prestasi_kerja`)."""


@dataclass(frozen=True)
class SkpValue(Graded):
    """§3: the SKP value, its category and each activity's value."""

    activities: tuple[ActivityValue, ...] = ()


@in_rule_context
def skp_value(
    activities: Sequence[Activity],
    *,
    additional_tasks: int = 0,
    creativity: Creativity | str | None = None,
) -> SkpValue:
    """§3: SKP value = mean of the activities' values + tugas tambahan + kreativitas bonus.

    ``additional_tasks`` is the number of tugas tambahan (1–3 → +1, 4–6 → +2, 7+ → +3);
    ``creativity`` the level recognised (unit +3, organisasi +6, nasional +12).
    """
    if not activities:
        raise RuleInputError("SKP harus memiliki minimal satu kegiatan", field="kegiatan")
    values = tuple(activity_value(a) for a in activities)
    exact_mean = sum((v.exact for v in values), Fraction(0)) / len(values)
    mean = from_exact(exact_mean)
    tasks = additional_task_bonus(additional_tasks)
    level = parse_creativity(creativity) if creativity is not None else None
    creative = CREATIVITY_BONUS[level] if level is not None else Decimal(0)
    exact = exact_mean + Fraction(tasks) + Fraction(creative)
    value = from_exact(exact)
    band = category(exact)
    steps = [f"Rata-rata {len(values)} kegiatan = {fmt(mean)}"]
    if additional_tasks:
        steps.append(f"Tugas tambahan {additional_tasks} → +{fmt(tasks, 0)}")
    if level is not None:
        steps.append(f"Kreativitas tingkat {level.value} → +{fmt(creative, 0)}")
    steps.append(f"Nilai SKP = {fmt(value)}; {band.breakdown.steps[0]}")
    return SkpValue(
        value=value,
        category=band.value,
        exact=exact,
        activities=values,
        breakdown=Breakdown(
            rule=f"{SOURCE} §3 nilai SKP",
            formula="nilai SKP = rata-rata nilai capaian kegiatan + tugas tambahan + kreativitas",
            inputs={
                "jumlah_kegiatan": len(values),
                "tugas_tambahan": additional_tasks,
                "kreativitas": level,
            },
            thresholds={b.value: edge for edge, b in BAND_EDGES},
            steps=tuple(steps),
            parts=tuple(v.breakdown for v in values),
        ),
    )


@in_rule_context
def behaviour_value(
    scores: Mapping[BehaviourAspect | str, Number], *, structural: bool
) -> Scored[Decimal]:
    """§3: behaviour value = mean of orientasi pelayanan, integritas, komitmen, disiplin,
    kerja sama and, for a structural position only, kepemimpinan (each 0–100)."""
    labels = {a: a.value.replace("_", " ") for a in BehaviourAspect}
    parsed: dict[BehaviourAspect, Decimal] = {}
    for key, score in scores.items():
        aspect = parse_choice(BehaviourAspect, key, labels, field="aspek_perilaku")
        number = to_decimal(score, field=aspect.value)
        if not 0 <= number <= 100:
            raise RuleInputError(f"{aspect.value} harus 0–100", field=aspect.value)
        parsed[aspect] = number
    required = [a for a in BehaviourAspect if a is not BehaviourAspect.KEPEMIMPINAN or structural]
    missing = [a.value for a in required if a not in parsed]
    if missing:
        raise RuleInputError(
            "nilai perilaku belum lengkap: " + ", ".join(missing), field=missing[0]
        )
    if not structural and BehaviourAspect.KEPEMIMPINAN in parsed:
        raise RuleInputError(
            "kepemimpinan hanya dinilai untuk jabatan struktural; hapus nilainya atau tandai "
            "jabatan struktural",
            field="kepemimpinan",
        )
    value = sum(parsed.values(), Decimal(0)) / len(parsed)
    return Scored(
        value,
        Breakdown(
            rule=f"{SOURCE} §3 nilai perilaku kerja",
            formula="nilai perilaku = rata-rata aspek perilaku",
            inputs={a.value: v for a, v in parsed.items()},
            steps=(f"Rata-rata {len(parsed)} aspek = {fmt(value)}",),
        ),
    )


@in_rule_context
def prestasi_kerja(skp: Number | Graded, behaviour: Number | Scored[Decimal]) -> Graded:
    """§3: nilai prestasi kerja = 60% × nilai SKP + 40% × nilai perilaku, with its category.

    Pass the :class:`SkpValue` itself (rather than its rounded ``value``) to compare exactly.
    """
    if isinstance(skp, Graded):
        skp_number = skp.value
        skp_exact = skp.exact if skp.exact is not None else Fraction(skp.value)
    else:
        skp_number = to_decimal(skp, field="nilai_skp")
        skp_exact = Fraction(skp_number)
    behaviour_number = to_decimal(
        behaviour.value if isinstance(behaviour, Scored) else behaviour, field="nilai_perilaku"
    )
    if not 0 <= behaviour_number <= 100:
        raise RuleInputError("nilai_perilaku harus 0–100", field="nilai_perilaku")
    exact = Fraction(SKP_WEIGHT) * skp_exact + Fraction(BEHAVIOUR_WEIGHT) * Fraction(
        behaviour_number
    )
    value = from_exact(exact)
    band = category(exact)
    return Graded(
        value=value,
        category=band.value,
        exact=exact,
        breakdown=Breakdown(
            rule=f"{SOURCE} §3 nilai prestasi kerja",
            formula="nilai prestasi kerja = 60% × nilai SKP + 40% × nilai perilaku",
            inputs={"nilai_skp": skp_number, "nilai_perilaku": behaviour_number},
            thresholds={"bobot_skp": SKP_WEIGHT, "bobot_perilaku": BEHAVIOUR_WEIGHT},
            steps=(
                f"60% × {fmt(skp_number)} + 40% × {fmt(behaviour_number)} = {fmt(value)}",
                band.breakdown.steps[0],
            ),
        ),
    )
