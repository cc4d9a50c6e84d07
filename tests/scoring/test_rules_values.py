"""The rules' value functions (``pmp_values``), on random input: the rule functions (which
call them and add the breakdown) show the same values, digits and exponent, from their own
parsed input; the short paths the close takes (weights all 1, an SKP without additional RHK,
a range from 0) give exactly what the general path gives; and the values agree with the
formulas computed exactly (fractions) or restated from the regulation's wording."""

from collections import Counter
from decimal import Decimal as D
from decimal import localcontext
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import pmp_values as values
from kinerja.scoring.rules.common import (
    RULE_CONTEXT,
    RuleInputError,
    checked_weights,
    weighted_mean,
)

numbers = st.decimals(
    min_value=0, max_value=10_000, places=4, allow_nan=False, allow_infinity=False
)
positive = st.decimals(min_value=D("0.0001"), max_value=10_000, places=4)
directions = st.sampled_from(list(pmp.Direction))
ratings = st.sampled_from(list(pmp.Rating))
params = st.builds(
    pmp.Parameters,
    capaian_cap=st.sampled_from([None, D(120), D(150), D("100.5")]),
    upper=st.sampled_from([D(110), D(105), D("112.5")]),
    lower=st.sampled_from([D(90), D(80), D("95.25")]),
    turun_floor=st.booleans(),
)


def exact_capaian(target, high, realisation, direction, p) -> Fraction:
    """§2.2 restated in exact fractions (the uncapped value)."""
    r = Fraction(realisation)
    if high is not None and target <= realisation <= high:
        return Fraction(100)
    t = Fraction(high if high is not None and realisation > high else target)
    if direction is pmp.Direction.NAIK:
        return r / t * 100
    if direction is pmp.Direction.TURUN:
        value = (1 + (1 - r / t)) * 100
        return max(Fraction(0), value) if p.turun_floor else value
    return max(Fraction(0), 1 - abs(r - t) / t) * 100


@settings(max_examples=400, deadline=None)
@given(
    target=st.one_of(positive, st.just(D(0))),
    extra=st.one_of(st.none(), positive),
    realisation=numbers,
    direction=directions,
    p=params,
)
def test_indicator_value_is_the_rules_and_the_formula(target, extra, realisation, direction, p):
    if extra is None and target == 0:
        target = D(1)  # a single target of 0 is refused (below)
    high = None if extra is None else target + extra
    rule = pmp.indicator_capaian(
        target=f"{target}-{high}" if high is not None else str(target),
        realisation=str(realisation),
        direction=direction.value,
        params=p,
    )
    with values.rule_context():
        found = values.indicator_capaian(target, high, realisation, direction, p)
    assert (str(found.capaian), str(found.uncapped)) == (str(rule.capaian), str(rule.uncapped))
    assert rule.capped == (found.capaian != found.uncapped)
    assert abs(
        Fraction(found.uncapped) - exact_capaian(target, high, realisation, direction, p)
    ) < (Fraction(1, 10**18))
    cap = p.capaian_cap
    assert found.capaian == (found.uncapped if cap is None else min(cap, found.uncapped))


def test_indicator_value_refuses_with_the_rules_message():
    for target, high, realisation, message in [
        (D(0), None, D(1), "target 0"),
        (D(5), None, D(-1), "realisasi tidak boleh negatif"),
        (D(-1), D(5), D(1), "target tidak boleh negatif"),
        (D(9), D(5), D(1), "terbalik"),
        (D(0), D(0), D(1), "target 0"),
    ]:
        with values.rule_context(), pytest.raises(RuleInputError, match=message):
            values.indicator_capaian(target, high, realisation, pmp.Direction.NAIK, pmp.DEFAULTS)


@settings(max_examples=300, deadline=None)
@given(numbers_=st.lists(numbers, min_size=1, max_size=8), data=st.data())
def test_rhk_value_is_the_weighted_mean_on_every_path(numbers_, data):
    weights = data.draw(st.lists(positive, min_size=len(numbers_), max_size=len(numbers_)))
    lines = [pmp.IndicatorCapaian(v, v, False, None, None) for v in numbers_]
    rule = pmp.rhk_capaian(lines, weights).value
    with localcontext(RULE_CONTEXT):
        general = sum((v * w for v, w in zip(numbers_, weights, strict=True)), D(0)) / sum(
            weights, D(0)
        )
        assert str(values.rhk_capaian(numbers_, weights)) == str(rule) == str(general)
        assert str(values.rhk_capaian(numbers_, checked_weights(weights))) == str(general)
        ones = [D(1)] * len(numbers_)
        plain = sum((v * w for v, w in zip(numbers_, ones, strict=True)), D(0)) / len(ones)
        assert checked_weights(ones).ones and not checked_weights([D("1.0")]).ones
        assert str(weighted_mean(numbers_, checked_weights(ones))) == str(plain)
        assert str(weighted_mean(numbers_, ones)) == str(plain)


@settings(max_examples=300, deadline=None)
@given(
    main=st.lists(numbers, min_size=1, max_size=6), extra=st.lists(numbers, max_size=4), p=params
)
def test_skp_value_is_the_rules_and_the_short_path_is_the_general_one(main, extra, p):
    rule = pmp.skp_capaian(main, extra, params=p)
    short_trail: list = []
    general_trail: list = []
    with values.rule_context():
        short = values.skp_capaian(main, extra, p, trail=short_trail)
        ones = [D(1)] * len(main)
        general = values.skp_capaian(main, extra, p, main_weights=ones, trail=general_trail)
    assert str(short) == str(rule.value) == str(general)
    assert short_trail == general_trail
    main_mean, *considered = short_trail
    counted = [value for _index, value, after in considered if after is not None]
    assert counted == rule.breakdown.inputs["rhk_tambahan_dihitung"]
    assert sorted(index for index, _value, _after in considered) == list(range(len(extra)))
    # counted only upward: never below the main RHK's mean
    assert short >= main_mean


def test_skp_value_refuses_an_skp_without_main_rhk_like_the_rule():
    with pytest.raises(RuleInputError, match="RHK utama"):
        values.skp_capaian([], [D(100)], pmp.DEFAULTS)


@settings(deadline=None)
@given(capaian=numbers, p=params, unit=st.one_of(st.none(), ratings))
def test_work_rating_follows_the_thresholds_or_the_unit(capaian, p, unit):
    found = values.work_rating(capaian, p, unit)
    assert pmp.propose_work_rating(capaian, params=p, unit_rating=unit).value is found
    if unit is not None:
        assert found is unit
    elif capaian >= p.upper:
        assert found is pmp.Rating.DI_ATAS
    elif capaian < p.lower:
        assert found is pmp.Rating.DI_BAWAH
    else:
        assert found is pmp.Rating.SESUAI


@settings(deadline=None)
@given(
    rated=st.lists(ratings, min_size=7, max_size=7),
    notes=st.lists(st.booleans(), min_size=7, max_size=7),
    need=st.integers(min_value=0, max_value=7),
)
def test_behaviour_rating_follows_the_regulations_wording(rated, notes, need):
    p = pmp.Parameters(behaviour_min_above=need)
    codes = list(pmp.CoreValue)
    found = values.behaviour_rating(rated, notes, p)
    assert (
        found
        is pmp.propose_behaviour_rating(
            dict(zip(codes, rated, strict=True)),
            notes={c: "catatan" for c, n in zip(codes, notes, strict=True) if n},
            params=p,
        ).value
    )
    below = [n for r, n in zip(rated, notes, strict=True) if r is pmp.Rating.DI_BAWAH]
    if any(below):
        assert found is pmp.Rating.DI_BAWAH
    elif rated.count(pmp.Rating.DI_ATAS) >= need and not below:
        assert found is pmp.Rating.DI_ATAS
    else:
        assert found is pmp.Rating.SESUAI


@settings(deadline=None)
@given(periodic=st.lists(ratings, min_size=1, max_size=12), capaian=numbers)
def test_annual_behaviour_is_the_most_frequent_latest_on_a_tie(periodic, capaian):
    found = values.annual_behaviour(periodic)
    rule = pmp.propose_annual(capaian=capaian, periodic_behaviour=periodic)
    assert found is rule.behaviour
    counts = Counter(periodic)
    tied = {r for r in counts if counts[r] == max(counts.values())}
    assert found in tied
    assert found is next(r for r in reversed(periodic) if r in tied)
    work = values.work_rating(capaian, pmp.DEFAULTS)
    assert values.predikat(work, found) is rule.predikat is pmp.PREDIKAT_MATRIX[work, found]
    with pytest.raises(RuleInputError, match="perilaku periodik"):
        values.annual_behaviour([])
