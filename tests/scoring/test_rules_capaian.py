"""§2.2–§2.4: capaian per indicator, weighted means, proposals, the annual proposal."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.scoring.rules import permenpanrb_6_2022 as rules
from kinerja.scoring.rules.common import RuleInputError, round_half_up
from kinerja.scoring.rules.permenpanrb_6_2022 import (
    DEFAULTS,
    Parameters,
    Rating,
    TargetRange,
    indicator_capaian,
    propose_annual,
    propose_behaviour_rating,
    propose_work_rating,
    rhk_capaian,
    skp_capaian,
)


def test_scheme_module_exposes_version_and_default_thresholds():
    assert rules.SCHEME == "permenpanrb-6-2022"
    assert rules.VERSION
    assert DEFAULTS.capaian_cap == D(120)
    assert (DEFAULTS.upper, DEFAULTS.lower) == (D(110), D(90))
    assert DEFAULTS.behaviour_min_above == 4


def test_worked_example_range_80_90_realisation_70_gives_87_5():
    result = indicator_capaian(target="80-90", realisation=70, direction="naik")
    assert result.capaian == D("87.5")
    assert result.target_used == D(80)


def test_worked_example_lower_is_better_range_7_8_realisation_6_5_gives_107_14():
    result = indicator_capaian(target=(7, 8), realisation="6.5", direction="turun")
    assert round_half_up(result.capaian) == D("107.14")
    assert round_half_up(result.capaian, 0) == D(107)
    assert result.capaian == (2 - D("6.5") / 7) * 100


def test_worked_example_lower_is_better_range_7_8_realisation_9_gives_87_5():
    result = indicator_capaian(target=TargetRange(D(7), D(8)), realisation=9, direction="turun")
    assert result.capaian == D("87.5")
    assert result.target_used == D(8)


def test_higher_is_better_divides_realisation_by_target():
    assert indicator_capaian(target=40, realisation=30, direction="naik").capaian == D(75)


def test_lower_is_better_rewards_a_realisation_below_target():
    assert indicator_capaian(target=10, realisation=9, direction="turun").capaian == D(110)
    assert indicator_capaian(target=10, realisation=12, direction="turun").capaian == D(80)


def test_lower_is_better_is_floored_at_zero_like_exact():
    """Issue 24, rule version 1.1: past twice the target the formula goes negative (−40% at
    2.4 × target); the capaian is floored at 0% as ``tepat`` is, and the step says so."""
    result = indicator_capaian(target=10, realisation=24, direction="turun")
    assert result.capaian == 0 and result.uncapped == 0
    assert any("dijadikan 0%" in step for step in result.breakdown.steps)
    assert "maks(0" in result.breakdown.formula
    assert indicator_capaian(target=10, realisation=20, direction="turun").capaian == 0
    assert indicator_capaian(target=10, realisation=19, direction="turun").capaian == D(10)
    assert indicator_capaian(target=10, realisation=24, direction="tepat").capaian == 0


def test_a_period_closed_under_version_1_0_keeps_the_negative_capaian():
    """Version 1.0's rule (no floor) stays available for the periods it closed."""
    old = Parameters(turun_floor=rules.floors_turun("1.0"))
    result = indicator_capaian(target=10, realisation=24, direction="turun", params=old)
    assert result.capaian == D(-40)
    assert rules.floors_turun("1.1") and rules.floors_turun(rules.VERSION)


def test_exact_indicator_loses_in_proportion_to_the_distance_either_way():
    assert indicator_capaian(target=50, realisation=50, direction="tepat").capaian == D(100)
    assert indicator_capaian(target=50, realisation=45, direction="tepat").capaian == D(90)
    assert indicator_capaian(target=50, realisation=55, direction="tepat").capaian == D(90)


def test_exact_indicator_never_goes_below_zero():
    assert indicator_capaian(target=10, realisation=35, direction="tepat").capaian == D(0)


def test_a_realisation_inside_the_range_scores_100_percent():
    for realisation in (80, 85, 90):
        result = indicator_capaian(target="80-90", realisation=realisation, direction="naik")
        assert result.capaian == D(100)
        assert result.target_used is None


def test_a_realisation_above_the_range_uses_its_upper_end():
    result = indicator_capaian(target="80-90", realisation=99, direction="naik")
    assert result.capaian == D(110)


@pytest.mark.parametrize("target", [0, "0", D("0.0"), "0-0"])
def test_a_target_of_zero_is_refused_with_a_message_saying_what_to_do(target):
    with pytest.raises(RuleInputError) as caught:
        indicator_capaian(target=target, realisation=5, direction="naik")
    assert isinstance(caught.value, ValueError)
    assert caught.value.field == "target"
    assert "target 0" in str(caught.value) and "lebih dari 0" in str(caught.value)


def test_a_reversed_range_is_refused():
    with pytest.raises(RuleInputError, match="terbalik"):
        indicator_capaian(target="90-80", realisation=85, direction="naik")


def test_a_negative_realisation_is_refused():
    with pytest.raises(RuleInputError, match="negatif"):
        indicator_capaian(target=10, realisation=-1, direction="naik")


def test_capaian_above_the_cap_is_capped_and_the_uncapped_value_is_kept():
    result = indicator_capaian(target=100, realisation=150, direction="naik")
    assert result.capaian == D(120)
    assert result.uncapped == D(150)
    assert result.capped is True
    assert any("dibatasi" in step for step in result.breakdown.steps)


def test_capaian_exactly_at_the_cap_is_not_marked_capped():
    result = indicator_capaian(target=100, realisation=120, direction="naik")
    assert (result.capaian, result.capped) == (D(120), False)


def test_the_cap_is_configurable_and_can_be_switched_off():
    lower_cap = Parameters(capaian_cap=D(110))
    assert indicator_capaian(
        target=100, realisation=150, direction="naik", params=lower_cap
    ).capaian == D(110)
    no_cap = Parameters(capaian_cap=None)
    assert indicator_capaian(
        target=100, realisation=150, direction="naik", params=no_cap
    ).capaian == D(150)


def test_rhk_capaian_is_the_weighted_mean_of_capped_indicators():
    first = indicator_capaian(target=100, realisation=200, direction="naik")  # 120 after cap
    second = indicator_capaian(target=100, realisation=90, direction="naik")
    assert rhk_capaian([first, second]).value == D(105)
    assert rhk_capaian([first, second], weights=[1, 3]).value == D("97.5")


def test_rhk_weights_that_sum_to_zero_are_refused():
    item = indicator_capaian(target=1, realisation=1, direction="naik")
    with pytest.raises(RuleInputError, match="bobot"):
        rhk_capaian([item, item], weights=[0, 0])


def test_additional_rhk_counts_only_when_it_raises_the_skp_capaian():
    assert skp_capaian([100, 80]).value == D(90)
    assert skp_capaian([100, 80], additional=[120]).value == D(100)
    assert skp_capaian([100, 80], additional=[60]).value == D(90)


def test_additional_rhk_are_taken_from_the_highest_while_each_still_raises_the_mean():
    # main mean 90; +120 → 100; +101 → 100.25; 100 no longer raises it.
    result = skp_capaian([100, 80], additional=[100, 101, 120])
    assert result.value == D("100.25")
    assert result.breakdown.inputs["rhk_tambahan_dihitung"] == [D(120), D(101)]


def test_additional_rhk_weight_is_an_agency_parameter():
    half = Parameters(additional_rhk_weight=D("0.5"))
    assert skp_capaian([90], additional=[120], params=half).value == D(100)


def test_an_skp_without_main_rhk_is_refused():
    with pytest.raises(RuleInputError, match="RHK utama"):
        skp_capaian([], additional=[100])


@pytest.mark.parametrize(
    ("capaian", "expected"),
    [
        ("110", Rating.DI_ATAS),
        ("109.99", Rating.SESUAI),
        ("90", Rating.SESUAI),
        ("89.99", Rating.DI_BAWAH),
        ("150", Rating.DI_ATAS),
        ("0", Rating.DI_BAWAH),
    ],
)
def test_work_proposal_uses_110_and_90_as_edges(capaian, expected):
    assert propose_work_rating(capaian).value is expected


def test_work_proposal_thresholds_are_period_parameters():
    strict = Parameters(upper=D(105), lower=D(95))
    assert propose_work_rating(106, params=strict).value is Rating.DI_ATAS
    assert propose_work_rating(94, params=strict).value is Rating.DI_BAWAH


def test_a_lower_threshold_above_the_upper_one_is_refused():
    with pytest.raises(RuleInputError, match="batas bawah"):
        Parameters(upper=D(90), lower=D(110))


def test_a_jpt_proposal_follows_the_recorded_unit_result():
    result = propose_work_rating(70, unit_rating="di_atas")
    assert result.value is Rating.DI_ATAS
    assert "JPT" in result.breakdown.steps[0]


def _values(above=0, below=0):
    names = [v.value for v in rules.CoreValue]
    ratings = {name: "sesuai" for name in names}
    for name in names[:above]:
        ratings[name] = "di_atas"
    for name in names[above : above + below]:
        ratings[name] = "di_bawah"
    return ratings


def test_behaviour_four_of_seven_above_and_none_below_proposes_above():
    assert propose_behaviour_rating(_values(above=4)).value is Rating.DI_ATAS


def test_behaviour_three_of_seven_above_proposes_sesuai():
    assert propose_behaviour_rating(_values(above=3)).value is Rating.SESUAI


def test_behaviour_one_value_below_with_a_note_proposes_below():
    ratings = _values(above=5, below=1)
    assert ratings["adaptif"] == "di_bawah"
    result = propose_behaviour_rating(ratings, notes={"adaptif": "menolak cara kerja baru"})
    assert result.value is Rating.DI_BAWAH


def test_behaviour_below_without_a_note_neither_proposes_below_nor_above():
    result = propose_behaviour_rating(_values(above=5, below=1), notes={"loyal": "  "})
    assert result.value is Rating.SESUAI
    assert any("tanpa catatan" in step for step in result.breakdown.steps)


def test_behaviour_needs_all_seven_core_values():
    ratings = _values()
    del ratings["adaptif"]
    with pytest.raises(RuleInputError, match="adaptif"):
        propose_behaviour_rating(ratings)


def test_annual_proposal_takes_the_most_frequent_periodic_behaviour_latest_on_a_tie():
    result = propose_annual(
        capaian=112,
        periodic_behaviour=["di_atas", "sesuai", "sesuai", "di_atas"],
        periodic_predikat=["baik", "baik"],
    )
    assert (result.work, result.behaviour, result.predikat.value) == (
        Rating.DI_ATAS,
        Rating.DI_ATAS,
        "sangat_baik",
    )
    assert "Baik, Baik" in result.breakdown.steps[-1]


def test_annual_proposal_needs_periodic_behaviour():
    with pytest.raises(RuleInputError):
        propose_annual(capaian=100, periodic_behaviour=[])


decimals = st.decimals(min_value=0, max_value=10_000, places=3, allow_nan=False)
targets = st.decimals(min_value="0.001", max_value=10_000, places=3, allow_nan=False)


@given(target=targets, low=decimals, high=decimals)
def test_higher_is_better_is_monotone_in_the_realisation(target, low, high):
    low, high = sorted((low, high))
    first = indicator_capaian(target=target, realisation=low, direction="naik")
    second = indicator_capaian(target=target, realisation=high, direction="naik")
    assert first.uncapped <= second.uncapped
    assert first.capaian <= second.capaian


@given(
    target=targets,
    realisation=decimals,
    direction=st.sampled_from(["naik", "turun", "tepat"]),
    cap=st.decimals(min_value=1, max_value=500, places=0),
)
def test_capaian_never_exceeds_the_cap_and_is_deterministic(target, realisation, direction, cap):
    params = Parameters(capaian_cap=cap)
    first = indicator_capaian(
        target=target, realisation=realisation, direction=direction, params=params
    )
    again = indicator_capaian(
        target=target, realisation=realisation, direction=direction, params=params
    )
    assert first.capaian <= cap
    assert first.capaian == min(first.uncapped, cap)
    assert (first.capaian, first.uncapped) == (again.capaian, again.uncapped)


@given(
    main=st.lists(decimals, min_size=1, max_size=5),
    additional=st.lists(decimals, max_size=5),
)
def test_additional_rhk_never_lower_the_skp_capaian(main, additional):
    assert skp_capaian(main, additional).value >= skp_capaian(main).value


def test_the_capaian_breakdown_cites_permenpanrb_8_2021_where_the_formulas_come_from():
    """Issue 24: the §2.2 formulas and worked examples are PermenPANRB 8/2021's; the predikat
    matrix (§2.1) stays cited to 6/2022."""
    for direction in ("naik", "turun"):
        rule = indicator_capaian(target=10, realisation=9, direction=direction).breakdown.rule
        assert rule.startswith("PermenPANRB 8/2021") and "6/2022" not in rule
        assert f"versi {rules.VERSION}" in rule
    assert rules.predikat("sesuai", "sesuai").breakdown.rule.startswith("PermenPANRB 6/2022")
