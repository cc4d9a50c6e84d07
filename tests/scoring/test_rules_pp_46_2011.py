"""§3: SKP under PP 46/2011 and Perka BKN 1/2013, all worked examples and the edges."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.scoring.rules import pp_46_2011 as pp46
from kinerja.scoring.rules.common import RuleInputError, round_half_up
from kinerja.scoring.rules.pp_46_2011 import (
    Activity,
    Category,
    activity_value,
    additional_task_bonus,
    behaviour_value,
    category,
    efficiency_aspect,
    prestasi_kerja,
    skp_value,
)


def activity(rk=90, rw=12, **extra):
    values = dict(
        name="Menyusun laporan",
        target_quantity=1,
        realisation_quantity=1,
        target_quality=100,
        realisation_quality=rk,
        target_time=12,
        realisation_time=rw,
    )
    values.update(extra)
    return Activity(**values)


def test_scheme_module_exposes_version_and_regulation_constants():
    assert pp46.SCHEME == "pp-46-2011"
    assert pp46.VERSION
    assert (pp46.DEFAULTS.skp_weight, pp46.DEFAULTS.behaviour_weight) == (D("0.6"), D("0.4"))
    assert pp46.DEFAULTS.time_factor == D("1.76")


def test_worked_example_quality_90_gives_88_67_baik():
    result = skp_value([activity(rk=90)])
    assert result.activities[0].aspects == {"kuantitas": 100, "kualitas": 90, "waktu": 76}
    assert round_half_up(result.value) == D("88.67")
    assert result.value == D(266) / D(3)
    assert result.category is Category.BAIK


def test_worked_example_quality_100_gives_92_sangat_baik():
    result = skp_value([activity(rk=100)])
    assert result.value == D(92)
    assert result.category is Category.SANGAT_BAIK


def test_worked_example_time_six_of_twelve_months_gives_50():
    assert efficiency_aspect(12, 6, aspect="waktu").value == D(50)


def test_worked_example_late_fourteen_of_twelve_months_gives_59_33():
    value = efficiency_aspect(12, 14, aspect="waktu").value
    assert round_half_up(value) == D("59.33")


def test_worked_example_efficiency_exactly_24_percent_gives_100():
    assert efficiency_aspect(12, "9.12", aspect="waktu").value == D(100)


def test_just_past_24_percent_efficiency_switches_to_the_second_formula():
    # RW = 9.11: e = 24.083…%; base = (21.12 − 9.11) / 12 × 100 = 100.083…; 76 − 0.083… = 75.916…
    value = efficiency_aspect(12, "9.11", aspect="waktu").value
    assert round_half_up(value) == D("75.92")


def test_a_value_exactly_on_the_90_edge_is_baik_not_sangat_baik():
    result = skp_value([activity(rk=94)])
    assert result.value == D(90)
    assert result.category is Category.BAIK


def test_an_exact_edge_reached_through_repeating_quotients_still_lands_on_the_edge():
    # (269 + 269 + 272) / 3 / 3 = 90 exactly, although each activity is a repeating decimal.
    activities = [activity(rk=93), activity(rk=93), activity(rk=96)]
    result = skp_value(activities)
    assert result.value == D(90)
    assert result.category is Category.BAIK


def test_cost_is_a_fourth_aspect_only_when_a_cost_target_is_given():
    with_cost = activity_value(activity(rk=100, target_cost=1000, realisation_cost=1000))
    assert set(with_cost.aspects) == {"kuantitas", "kualitas", "waktu", "biaya"}
    assert with_cost.value == D(352) / D(4)
    without = activity_value(activity(rk=100, target_cost=None, realisation_cost=None))
    assert without.value == D(92)


def test_a_cost_realisation_without_a_cost_target_is_refused():
    with pytest.raises(RuleInputError) as caught:
        activity_value(activity(realisation_cost=500))
    assert caught.value.field == "target_biaya"


def test_a_zero_quantity_target_is_refused():
    with pytest.raises(RuleInputError) as caught:
        activity_value(activity(target_quantity=0))
    assert caught.value.field == "target_kuantitas"


@pytest.mark.parametrize(
    ("count", "bonus"), [(0, 0), (1, 1), (3, 1), (4, 2), (6, 2), (7, 3), (20, 3)]
)
def test_additional_tasks_add_one_two_or_three_points(count, bonus):
    assert additional_task_bonus(count) == D(bonus)


@pytest.mark.parametrize(("level", "bonus"), [("unit", 3), ("organisasi", 6), ("nasional", 12)])
def test_creativity_adds_three_six_or_twelve_points(level, bonus):
    assert skp_value([activity(rk=100)], creativity=level).value == D(92 + bonus)


def test_additional_tasks_and_creativity_add_up():
    result = skp_value([activity(rk=90)], additional_tasks=4, creativity="unit")
    assert result.value == D(266) / D(3) + 5


def test_skp_value_is_the_mean_of_its_activities():
    result = skp_value([activity(rk=90), activity(rk=100)])
    # (266/3 + 92) / 2 = 542/6, rounded once (not 90.33…35 from rounding each step).
    assert result.value == D(542) / D(6)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("100", "sangat_baik"),
        ("90.01", "sangat_baik"),
        ("90", "baik"),
        ("75.001", "baik"),
        ("75", "cukup"),
        ("60.5", "cukup"),
        ("60", "kurang"),
        ("50.0001", "kurang"),
        ("50", "buruk"),
        ("0", "buruk"),
    ],
)
def test_bands_compare_the_unrounded_value_with_the_lower_edges(value, expected):
    assert category(value).value == Category(expected)


def test_prestasi_kerja_is_sixty_percent_skp_and_forty_percent_behaviour():
    result = prestasi_kerja(D(80), D(90))
    assert result.value == D(84)
    assert result.category is Category.BAIK


def test_prestasi_kerja_from_an_skp_value_compares_its_exact_value_on_the_edge():
    # 0.6 × 266/3 + 0.4 × 92 = 53.2 + 36.8 = 90 exactly → Baik.
    result = prestasi_kerja(skp_value([activity(rk=90)]), 92)
    assert result.value == D(90)
    assert result.category is Category.BAIK


def test_behaviour_is_the_mean_of_five_aspects_for_non_structural_positions():
    scores = dict(orientasi_pelayanan=80, integritas=90, komitmen=70, disiplin=60, kerja_sama=100)
    assert behaviour_value(scores, structural=False).value == D(80)


def test_behaviour_includes_leadership_for_structural_positions_only():
    scores = dict(
        orientasi_pelayanan=80,
        integritas=90,
        komitmen=70,
        disiplin=60,
        kerja_sama=100,
        kepemimpinan=86,
    )
    assert behaviour_value(scores, structural=True).value == D(81)
    with pytest.raises(RuleInputError, match="struktural"):
        behaviour_value(scores, structural=False)
    del scores["kepemimpinan"]
    with pytest.raises(RuleInputError, match="kepemimpinan"):
        behaviour_value(scores, structural=True)


@given(
    rk=st.integers(min_value=0, max_value=100),
    rw=st.decimals(min_value=0, max_value=24, places=2),
)
def test_skp_value_is_deterministic_and_its_category_matches_the_bands(rk, rw):
    first = skp_value([activity(rk=rk, rw=rw)])
    second = skp_value([activity(rk=rk, rw=rw)])
    assert (first.value, first.category) == (second.value, second.category)
    assert first.category is category(first.value).value
