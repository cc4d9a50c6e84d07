"""Shared pieces of the rule layer: decimals, display rounding, the breakdown.

Every rule computes in ``Decimal`` under one fixed context (:data:`RULE_CONTEXT`), so the
same inputs give the same result bit for bit whatever context the caller has set
(spec §3: "compute in decimal arithmetic … not binary floating point"). Rounding is
for display only: :func:`round_half_up` (two decimals, half up, spec §3 and §4).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from enum import StrEnum
from fractions import Fraction
from typing import Generic, NamedTuple, ParamSpec, TypeVar

__all__ = [
    "RULE_CONTEXT",
    "Breakdown",
    "Number",
    "RuleInputError",
    "Scored",
    "Weights",
    "checked_weights",
    "fmt",
    "from_exact",
    "in_rule_context",
    "parse_choice",
    "round_half_up",
    "to_decimal",
    "weighted_mean",
]

Number = Decimal | int | str
"""What a rule accepts as a number: ``Decimal``, ``int`` or a plain decimal string ("87.5")."""

RULE_CONTEXT = Context(
    prec=28,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
"""The decimal context every rule computes in (28 significant digits, Python's default)."""

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)


class RuleInputError(ValueError):
    """An input a rule cannot compute with; the message (Indonesian) says what to fix.

    ``field`` names the input at fault (for example ``"target"``) so that a form, the API or
    the command line can point at the right cell.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def in_rule_context(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` under :data:`RULE_CONTEXT`, whatever decimal context the caller uses."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with localcontext(RULE_CONTEXT):
            return func(*args, **kwargs)

    return wrapper


def to_decimal(value: Number | float, *, field: str = "nilai") -> Decimal:
    """Return ``value`` as a finite ``Decimal``; refuse booleans, NaN and infinity.

    A float is converted through its shortest ``repr`` (``0.1`` → ``Decimal("0.1")``), which is
    what a spreadsheet cell holding 0.1 means. Strings use a decimal point; the command line
    turns Indonesian decimal commas into points before calling a rule.
    """
    if isinstance(value, bool):
        raise RuleInputError(f"{field} harus berupa angka, bukan benar/salah", field=field)
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise RuleInputError(
                f"{field} harus berupa angka, misalnya 87.5; tertulis {value!r}", field=field
            ) from None
    else:
        raise RuleInputError(f"{field} harus berupa angka", field=field)
    if not number.is_finite():
        raise RuleInputError(f"{field} harus berupa angka terhingga", field=field)
    return number


def from_exact(value: Fraction) -> Decimal:
    """The ``Decimal`` nearest an exact rational, correctly rounded to :data:`RULE_CONTEXT`.

    Rules that add up repeating quotients (266 / 3, 28 / 9) keep the intermediate values as
    exact fractions of their decimal inputs, so that a value exactly on a band edge is
    compared as exactly that value and not as 89.99…9 or 90.00…01; only the returned
    value is rounded, once, to 28 significant digits.
    """
    with localcontext(RULE_CONTEXT):
        return Decimal(value.numerator) / Decimal(value.denominator)


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round for display: ``places`` decimals, half up (spec §3 "Round only for display")."""
    quantum = _QUANTA.get(places)
    if quantum is None:
        quantum = _QUANTA[places] = Decimal(1).scaleb(-places)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


_QUANTA: dict[int, Decimal] = {}
"""10^-places per ``places`` asked (a close rounds 500,000 capaian: made once, not each)."""


def fmt(value: Decimal | int, places: int = 2) -> str:
    """Indonesian display of a number: half-up to ``places`` decimals, a dot per thousand,
    decimal comma ("1.250,50"); the same style as ``kinerja.core.formatting`` (which rules,
    free of Django, cannot import)."""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    text = format(round_half_up(value, places), ",f")
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _choice_key(text: str) -> str:
    """Codes and labels compared case- and space-insensitively, "a / b" as "a/b"."""
    return (
        " ".join(str(text).replace("_", " ").split())
        .replace(" /", "/")
        .replace("/ ", "/")
        .casefold()
    )


def parse_choice(
    enum: type[E],
    value: E | str,
    labels: Mapping[E, str],
    *,
    field: str,
    aliases: Mapping[str, E] | None = None,
) -> E:
    """Read an enum member from its code, its label or one of ``aliases`` (other names the
    regulation's documents use), case- and space-insensitively."""
    if isinstance(value, enum):
        return value
    wanted = _choice_key(value)
    for member in enum:
        names = {_choice_key(member.value), _choice_key(labels[member])}
        if wanted in names:
            return member
    for alias, member in (aliases or {}).items():
        if wanted == _choice_key(alias):
            return member
    names = [labels[member] for member in enum]
    allowed = ", ".join(names[:-1]) + f" atau {names[-1]}" if len(names) > 1 else names[0]
    what = field.replace("_", " ")
    if not str(value).strip():
        raise RuleInputError(f"Pilih {what}: {allowed}.", field=field)
    raise RuleInputError(
        f"{what.capitalize()} “{value}” tidak dikenal; pilih salah satu: {allowed}.", field=field
    )


class Weights(NamedTuple):
    """Weights checked once (:func:`checked_weights`): their total, and whether every one is
    exactly 1 (then a weighted sum is the plain sum, digit for digit)."""

    weights: tuple[Decimal, ...]
    total: Decimal
    ones: bool


_ONE_TUPLE = Decimal(1).as_tuple()
_ZERO = Decimal(0)


def checked_weights(weights: Sequence[Decimal]) -> Weights:
    """``weights`` checked for :func:`weighted_mean`: none negative, a positive total."""
    if any(weight < 0 for weight in weights):
        raise RuleInputError("bobot tidak boleh negatif", field="bobot")
    total_weight = sum(weights, Decimal(0))
    if total_weight == 0:
        raise RuleInputError("jumlah bobot harus lebih dari 0", field="bobot")
    ones = all(weight.as_tuple() == _ONE_TUPLE for weight in weights)
    return Weights(tuple(weights), total_weight, ones)


def weighted_mean(values: Sequence[Decimal], weights: Sequence[Decimal] | Weights) -> Decimal:
    """Σ(value × weight) / Σ weight; weights must be ≥ 0 with a positive sum. ``weights`` may
    be checked once beforehand (:func:`checked_weights`) when many lists share them. Call
    under :data:`RULE_CONTEXT` (the rule functions set it; a batch sets it once)."""
    if type(weights) is Weights:
        ws, total_weight, ones = weights
        if ones and len(values) == len(ws) and values:  # v × 1 is v, digit for digit:
            return sum(values, _ZERO) / total_weight  # the plain sum (made in C)
    else:
        ws, total_weight = weights, None
    if not values:
        raise RuleInputError("tidak ada nilai untuk dirata-ratakan", field="bobot")
    if len(values) != len(ws):
        raise RuleInputError("jumlah bobot harus sama dengan jumlah nilai", field="bobot")
    if total_weight is None:
        ws, total_weight, ones = checked_weights(ws)
        if ones:
            return sum(values, _ZERO) / total_weight
    total = _ZERO
    for v, w in zip(values, ws):  # noqa: B905 (lengths checked above)
        total = total + v * w
    return total / total_weight


def _jsonable(value: object) -> object:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


@dataclass(frozen=True)
class Breakdown:
    """Why a rule gave its value, for people: the rule, its inputs, formula, thresholds, steps.

    ``steps`` are Indonesian sentences with numbers rounded for display; ``inputs`` and
    ``thresholds`` keep the exact values. ``parts`` hold the breakdowns a combined value was
    built from (indicators of an RHK, activities of an SKP).
    """

    rule: str
    formula: str
    inputs: Mapping[str, object] = field(default_factory=dict)
    thresholds: Mapping[str, object] = field(default_factory=dict)
    steps: tuple[str, ...] = ()
    parts: tuple[Breakdown, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """The breakdown as plain data with Indonesian keys (JSON-ready apart from Decimals).

        Keys: ``aturan``, ``rumus``, ``masukan``, ``ambang``, ``langkah`` and, when there are
        parts, ``rincian``.
        """
        data: dict[str, object] = {
            "aturan": self.rule,
            "rumus": self.formula,
            "masukan": _jsonable(self.inputs),
            "ambang": _jsonable(self.thresholds),
            "langkah": list(self.steps),
        }
        if self.parts:
            data["rincian"] = [part.as_dict() for part in self.parts]
        return data

    def __str__(self) -> str:
        lines = [f"Aturan: {self.rule}", f"Rumus: {self.formula}", *self.steps]
        for part in self.parts:
            lines.extend("  " + line for line in str(part).splitlines())
        return "\n".join(lines)


@dataclass(frozen=True)
class Scored(Generic[T]):
    """A rule's value together with its :class:`Breakdown`."""

    value: T
    breakdown: Breakdown
