"""The values of the ``permenpanrb-6-2022`` rules: each rule's arithmetic, written once.

The rule functions of :mod:`.permenpanrb_6_2022` check and parse their input, call the
function here for the value and write their Indonesian :class:`~.common.Breakdown` from what
it returns; the close (:mod:`kinerja.scoring.services.bulk`) and the evaluator
(:mod:`kinerja.scoring.services.engine`) call the same functions without a breakdown, in a
tight loop under one decimal context (:func:`rule_context`). So a rule's value is one
computation wherever it is shown or stored (``tests/scoring/test_rules_values.py`` checks the
rules and these functions agree on random inputs).

They take already-parsed values (``Decimal``, :class:`~.permenpanrb_6_2022.Direction`,
:class:`~.permenpanrb_6_2022.Rating`); input a rule refuses (a target of 0, a negative number,
an SKP without main RHK, …) raises :class:`~.common.RuleInputError` with the rule's own message.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, localcontext
from typing import NamedTuple

from . import permenpanrb_6_2022 as pmp
from .common import RULE_CONTEXT, RuleInputError, Weights, weighted_mean

_ZERO = Decimal(0)
_HUNDRED = pmp.HUNDRED
_NAIK, _TURUN = pmp.Direction.NAIK, pmp.Direction.TURUN
_ABOVE, _FIT, _BELOW = pmp.Rating.DI_ATAS, pmp.Rating.SESUAI, pmp.Rating.DI_BAWAH
_MATRIX = pmp.PREDIKAT_MATRIX
_new = tuple.__new__


def rule_context():
    """The decimal context to wrap a whole batch of calls in (one ``with`` per batch)."""
    return localcontext(RULE_CONTEXT)


class Capaian(NamedTuple):
    """One indicator's capaian (§2.2) and how it was reached."""

    capaian: Decimal
    """After the cap."""
    uncapped: Decimal
    target_used: Decimal | None
    """The target the formula used (a range's nearer end); None inside a range (100%)."""
    formula: Decimal | None
    """The formula's own value, before the ``turun`` floor (None inside a range)."""


def indicator_capaian(
    target: Decimal,
    target_high: Decimal | None,
    realisation: Decimal,
    direction: pmp.Direction,
    params: pmp.Parameters,
) -> Capaian:
    """§2.2: the capaian of one indicator; ``target_high`` is the upper end of a range target
    ``[target, target_high]`` or None. Refuses what :func:`.permenpanrb_6_2022.indicator_capaian`
    refuses, with its message."""
    r = realisation
    if target_high is None:
        refused = r < 0 or target <= 0
    else:
        refused = r < 0 or target < 0 or target_high < target or not target_high
    if refused:
        pmp.check_indicator(target if target_high is None else (target, target_high), r)
    formula = None
    if target_high is not None:
        if target <= r <= target_high:
            value = _HUNDRED
            t = None
        elif r > target_high:
            t = target_high
        else:
            t = target
    else:
        t = target
    if t is not None:
        if direction is _NAIK:
            value = formula = r / t * _HUNDRED
        elif direction is _TURUN:
            value = formula = (1 + (1 - r / t)) * _HUNDRED
            if value < _ZERO and params.turun_floor:
                value = _ZERO
        else:
            value = formula = max(_ZERO, 1 - abs(r - t) / t) * _HUNDRED
    cap = params.capaian_cap
    if cap is not None and value > cap:
        return _new(Capaian, (cap, value, t, formula))
    return _new(Capaian, (value, value, t, formula))


def rhk_capaian(values: Sequence[Decimal], weights: Sequence[Decimal] | Weights) -> Decimal:
    """§2.3: an RHK's capaian, the weighted mean of its indicators' capaian (``weights`` may
    be checked once: :func:`.common.checked_weights`)."""
    if not values:
        raise RuleInputError(pmp.EMPTY_RHK, field="indikator")
    return weighted_mean(values, weights)


_COUNTS: dict[int, Decimal] = {}


def skp_capaian(
    main: Sequence[Decimal],
    additional: Sequence[Decimal],
    params: pmp.Parameters,
    main_weights: Sequence[Decimal] | None = None,
    trail: list | None = None,
) -> Decimal:
    """§2.3: the SKP's capaian, the weighted mean of its main RHK (weight 1 each unless
    ``main_weights``), raised by each additional RHK (weight ``params.additional_rhk_weight``)
    taken from the highest down while it is above the running mean. ``trail``, when given,
    receives the main RHK's mean, then each additional RHK as (index, capaian, the SKP's
    capaian once it counted or None when it did not raise it), in the order considered."""
    if not main:
        raise RuleInputError(pmp.NO_MAIN_RHK, field="rhk")
    if main_weights is None:
        count = len(main)
        divisor = _COUNTS.get(count)
        if divisor is None:
            divisor = _COUNTS[count] = Decimal(count)  # Σ of ``count`` weights of 1
        total = sum(main, _ZERO)  # each v × 1 is v, digit for digit
        mean = total / divisor
        weight_sum = divisor
    else:
        mean = weighted_mean(main, main_weights)
        total = sum((v * w for v, w in zip(main, main_weights, strict=True)), _ZERO)
        weight_sum = sum(main_weights, _ZERO)
    if trail is not None:
        trail.append(mean)
    if not additional:
        return mean
    extra = params.additional_rhk_weight
    for index, value in sorted(enumerate(additional), key=lambda x: (-x[1], x[0])):
        if extra > 0 and value > mean:
            total += value * extra
            weight_sum += extra
            mean = total / weight_sum
            if trail is not None:
                trail.append((index, value, mean))
        elif trail is not None:
            trail.append((index, value, None))
    return mean


def work_rating(
    capaian: Decimal, params: pmp.Parameters, unit_rating: pmp.Rating | None = None
) -> pmp.Rating:
    """§2.3 [policy]: the proposed work-result rating; a JPT's unit rating when given."""
    if unit_rating is not None:
        return unit_rating
    if capaian >= params.upper:
        return _ABOVE
    if capaian < params.lower:
        return _BELOW
    return _FIT


def behaviour_rating(
    ratings: Sequence[pmp.Rating], noted: Sequence[bool], params: pmp.Parameters
) -> pmp.Rating:
    """§2.3 [policy]: the proposed behaviour rating from the 7 values in BerAKHLAK order;
    ``noted[i]`` is whether value i has a written (non-blank) note."""
    if len(ratings) != len(pmp.CoreValue):
        raise ValueError("perilaku harus dinilai pada ketujuh nilai BerAKHLAK")
    above = below = below_noted = 0
    for rating, note in zip(ratings, noted, strict=True):
        if rating is _ABOVE:
            above += 1
        elif rating is _BELOW:
            below += 1
            below_noted += bool(note)
    if below_noted:
        return _BELOW
    if above >= params.behaviour_min_above and not below:
        return _ABOVE
    return _FIT


def annual_behaviour(periodic: Sequence[pmp.Rating]) -> pmp.Rating:
    """§2.4 [policy]: the most frequent periodic rating (listed in time order); on a tie the
    latest of the tied."""
    if not periodic:
        raise RuleInputError(pmp.NO_PERIODIC, field="perilaku")
    counts: dict[pmp.Rating, int] = {}
    latest: dict[pmp.Rating, int] = {}
    for index, rating in enumerate(periodic):
        counts[rating] = counts.get(rating, 0) + 1
        latest[rating] = index
    top = max(counts.values())
    return max((r for r in counts if counts[r] == top), key=lambda r: latest[r])


def predikat(work: pmp.Rating, behaviour: pmp.Rating) -> pmp.Predikat:
    """§2.1: the predikat matrix."""
    return _MATRIX[work, behaviour]
