"""The value-only twins give exactly the rules' values (digits and exponent), on random input."""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.scoring.rules import fast
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules.common import RuleInputError

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
)


@settings(max_examples=400)
@given(
    target=positive,
    extra=st.one_of(st.none(), positive),
    realisation=numbers,
    direction=directions,
    p=params,
)
def test_indicator_twin_equals_rule(target, extra, realisation, direction, p):
    high = None if extra is None else target + extra
    rule = pmp.indicator_capaian(
        target=(target, high) if high is not None else target,
        realisation=realisation,
        direction=direction,
        params=p,
    )
    with fast.rule_context():
        capaian, uncapped = fast.indicator_capaian(target, high, realisation, direction, p)
    assert (str(capaian), str(uncapped)) == (str(rule.capaian), str(rule.uncapped))


def test_indicator_twin_raises_the_rules_message_on_bad_input():
    with fast.rule_context(), pytest.raises(RuleInputError, match="target 0"):
        fast.indicator_capaian(D(0), None, D(1), pmp.Direction.NAIK, pmp.DEFAULTS)
    with fast.rule_context(), pytest.raises(RuleInputError, match="negatif"):
        fast.indicator_capaian(D(5), None, D(-1), pmp.Direction.NAIK, pmp.DEFAULTS)


@settings(max_examples=300)
@given(values=st.lists(numbers, min_size=1, max_size=8), data=st.data())
def test_weighted_mean_twin_equals_rhk_rule(values, data):
    weights = data.draw(st.lists(positive, min_size=len(values), max_size=len(values)))
    lines = [pmp.IndicatorCapaian(v, v, False, None, None) for v in values]
    rule = pmp.rhk_capaian(lines, weights).value
    with fast.rule_context():
        assert str(fast.weighted_mean(values, weights)) == str(rule)


@settings(max_examples=300)
@given(
    main=st.lists(numbers, min_size=1, max_size=6), extra=st.lists(numbers, max_size=4), p=params
)
def test_skp_twin_equals_rule(main, extra, p):
    rule = pmp.skp_capaian(main, extra, params=p)
    with fast.rule_context():
        value, counted = fast.skp_capaian(main, extra, p)
    assert str(value) == str(rule.value)
    assert sorted(extra[i] for i in counted) == sorted(
        rule.breakdown.inputs["rhk_tambahan_dihitung"]
    )


def test_skp_twin_refuses_an_skp_without_main_rhk_like_the_rule():
    with pytest.raises(RuleInputError, match="RHK utama"):
        fast.skp_capaian([], [D(100)], pmp.DEFAULTS)


@given(capaian=numbers, p=params, unit=st.one_of(st.none(), ratings))
def test_work_rating_twin_equals_rule(capaian, p, unit):
    rule = pmp.propose_work_rating(capaian, params=p, unit_rating=unit).value
    assert fast.work_rating(capaian, p, unit) is rule


@given(
    values=st.lists(ratings, min_size=7, max_size=7),
    notes=st.lists(st.booleans(), min_size=7, max_size=7),
    need=st.integers(min_value=0, max_value=7),
)
def test_behaviour_twin_equals_rule(values, notes, need):
    p = pmp.Parameters(behaviour_min_above=need)
    codes = list(pmp.CoreValue)
    rule = pmp.propose_behaviour_rating(
        dict(zip(codes, values, strict=True)),
        notes={c: "catatan" for c, n in zip(codes, notes, strict=True) if n},
        params=p,
    ).value
    assert fast.behaviour_rating(values, notes, p) is rule


@given(periodic=st.lists(ratings, min_size=1, max_size=12), capaian=numbers)
def test_annual_behaviour_twin_equals_rule(periodic, capaian):
    rule = pmp.propose_annual(capaian=capaian, periodic_behaviour=periodic)
    assert fast.annual_behaviour(periodic) is rule.behaviour
    work = fast.work_rating(capaian, pmp.DEFAULTS)
    assert fast.predikat(work, rule.behaviour) is rule.predikat
