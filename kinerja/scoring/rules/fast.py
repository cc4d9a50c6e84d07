"""Value-only twins of the ``permenpanrb-6-2022`` rules, for closing a period in bulk.

The rules in :mod:`.permenpanrb_6_2022` build an Indonesian :class:`~.common.Breakdown` on
every call; for 100,000 employees that text costs far more than the arithmetic. The functions
here compute **the same values with the same** ``Decimal`` **operations in the same order under**
:data:`~.common.RULE_CONTEXT`, and nothing else; so their results are identical, digit for
digit and exponent for exponent, to the rules' (``tests/scoring/test_rules_fast.py`` checks that
with hypothesis on random inputs, and the period close is compared with the rules one by one).

They handle only well-formed input. Anything a rule would refuse (a target of 0, a negative
number, an empty RHK, …) makes a twin call the rule itself, which raises
:class:`~.common.RuleInputError` with its Indonesian message; so errors are the rules' too.
The breakdown for a person is always made by the rules themselves, from the same inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, localcontext

from . import permenpanrb_6_2022 as pmp
from .common import RULE_CONTEXT

_ZERO = Decimal(0)
_ONE = Decimal(1)
_HUNDRED = pmp.HUNDRED
_NAIK, _TURUN = pmp.Direction.NAIK, pmp.Direction.TURUN
_ABOVE, _FIT, _BELOW = pmp.Rating.DI_ATAS, pmp.Rating.SESUAI, pmp.Rating.DI_BAWAH


def rule_context():
    """The decimal context to wrap a whole batch of twin calls in (one ``with`` per batch)."""
    return localcontext(RULE_CONTEXT)


def indicator_capaian(
    target: Decimal,
    target_high: Decimal | None,
    realisation: Decimal,
    direction: pmp.Direction,
    params: pmp.Parameters,
) -> tuple[Decimal, Decimal]:
    """(capaian after the cap, uncapped) as :func:`.permenpanrb_6_2022.indicator_capaian`.

    ``target_high`` is the upper end of a range target ``[target, target_high]`` or None.
    Call inside :func:`rule_context`.
    """
    if realisation < 0 or target <= 0 or (target_high is not None and target_high < target):
        return _by_rule(target, target_high, realisation, direction, params)
    r = realisation
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
            value = r / t * _HUNDRED
        elif direction is _TURUN:
            value = (1 + (1 - r / t)) * _HUNDRED
            if value < _ZERO and params.turun_floor:
                value = _ZERO
        else:
            value = max(_ZERO, 1 - abs(r - t) / t) * _HUNDRED
    cap = params.capaian_cap
    if cap is not None and value > cap:
        return cap, value
    return value, value


def _by_rule(target, target_high, realisation, direction, params) -> tuple[Decimal, Decimal]:
    result = pmp.indicator_capaian(
        target=(target, target_high) if target_high is not None else target,
        realisation=realisation,
        direction=direction,
        params=params,
    )
    return result.capaian, result.uncapped


def weighted_mean(values: Sequence[Decimal], weights: Sequence[Decimal]) -> Decimal:
    """As :func:`.common.weighted_mean` (used by ``rhk_capaian``); call inside the context."""
    if not values or len(values) != len(weights) or any(w < 0 for w in weights):
        return pmp.rhk_capaian([_fake(v) for v in values], weights).value
    total_weight = sum(weights, _ZERO)
    if total_weight == 0:
        return pmp.rhk_capaian([_fake(v) for v in values], weights).value
    return sum((v * w for v, w in zip(values, weights, strict=True)), _ZERO) / total_weight


def _fake(value: Decimal) -> pmp.IndicatorCapaian:
    from .common import Breakdown

    return pmp.IndicatorCapaian(value, value, False, None, Breakdown(rule="", formula=""))


def skp_capaian(
    main: Sequence[Decimal], additional: Sequence[Decimal], params: pmp.Parameters
) -> tuple[Decimal, tuple[int, ...]]:
    """(capaian, indices of the additional RHK counted) as
    :func:`.permenpanrb_6_2022.skp_capaian` with equal main weights."""
    if not main:
        pmp.skp_capaian(main, additional, params=params)  # raises the rule's message
    ws = [_ONE] * len(main)
    mean = sum((v * w for v, w in zip(main, ws, strict=True)), _ZERO) / sum(ws, _ZERO)
    if not additional:
        return mean, ()
    total = sum((v * w for v, w in zip(main, ws, strict=True)), _ZERO)
    weight_sum = sum(ws, _ZERO)
    extra = params.additional_rhk_weight
    counted: list[int] = []
    for index, value in sorted(enumerate(additional), key=lambda x: (-x[1], x[0])):
        if extra > 0 and value > mean:
            total += value * extra
            weight_sum += extra
            mean = total / weight_sum
            counted.append(index)
    return mean, tuple(counted)


def work_rating(
    capaian: Decimal, params: pmp.Parameters, unit_rating: pmp.Rating | None = None
) -> pmp.Rating:
    """As :func:`.permenpanrb_6_2022.propose_work_rating`."""
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
    """As :func:`.permenpanrb_6_2022.propose_behaviour_rating` on the 7 values in BerAKHLAK
    order; ``noted[i]`` is whether value i has a written (non-blank) note."""
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
    """The behaviour of :func:`.permenpanrb_6_2022.propose_annual`: the most frequent periodic
    rating (listed in time order); on a tie the latest of the tied."""
    if not periodic:
        pmp.propose_annual(capaian=0, periodic_behaviour=())  # raises the rule's message
    counts: dict[pmp.Rating, int] = {}
    latest: dict[pmp.Rating, int] = {}
    for index, rating in enumerate(periodic):
        counts[rating] = counts.get(rating, 0) + 1
        latest[rating] = index
    top = max(counts.values())
    return max((r for r in counts if counts[r] == top), key=lambda r: latest[r])


def predikat(work: pmp.Rating, behaviour: pmp.Rating) -> pmp.Predikat:
    """As :func:`.permenpanrb_6_2022.predikat`: the §2.1 matrix."""
    return pmp.PREDIKAT_MATRIX[(work, behaviour)]
