"""The calibration statistics on hand-computed data."""

import math

import pytest

from kinerja.insight import stats


@pytest.mark.parametrize(
    ("df", "expected"),
    [(1, 12.706), (2, 4.303), (5, 2.571), (10, 2.228), (30, 2.042), (1000, 1.962)],
)
def test_t_quantile_matches_the_printed_table(df, expected):
    assert stats.t_quantile(0.975, df) == pytest.approx(expected, abs=5e-4)


def test_t_quantile_is_symmetric_and_the_median_is_zero():
    assert stats.t_quantile(0.025, 7) == pytest.approx(-stats.t_quantile(0.975, 7))
    assert stats.t_quantile(0.5, 7) == pytest.approx(0.0, abs=1e-9)
    assert stats.t_cdf(0.0, 3) == pytest.approx(0.5)


def test_summary_from_sums_equals_summary_of_values():
    values = [5, 5, 5, 4]
    direct = stats.Summary.of(values)
    sums = stats.Sums()
    for v in values:
        sums = sums.add(v)
    assert direct.mean == 4.75 and direct.variance == pytest.approx(0.25)
    assert sums.summary().mean == pytest.approx(4.75)
    assert sums.summary().variance == pytest.approx(0.25)


def test_welch_interval_on_hand_computed_teams():
    # Team A: 5,5,5,4 (mean 4.75, s² 0.25); team B: 3,4,4,3 (mean 3.5, s² 1/3).
    # se² = 0.25/4 + (1/3)/4 = 0.1458333; df = se⁴ / ((0.0625²)/3 + (0.0833²)/3) = 5.8801;
    # t(0.975; 5.88) ≈ 2.4557 → 1.25 ± 0.9378.
    iv = stats.welch_interval(stats.Summary.of([5, 5, 5, 4]), stats.Summary.of([3, 4, 4, 3]))
    assert iv.difference == pytest.approx(1.25)
    assert iv.df == pytest.approx(5.8801, abs=1e-3)
    half = 1.25 - iv.low
    assert half == pytest.approx(2.4557 * math.sqrt(0.1458333), abs=2e-3)
    assert iv.high == pytest.approx(1.25 + half)
    assert iv.excludes_zero


def test_a_smaller_team_gives_a_wider_interval():
    rest = stats.Summary(1000, 3.5, 0.5)
    small = stats.welch_interval(stats.Summary(3, 4.0, 0.5), rest)
    large = stats.welch_interval(stats.Summary(30, 4.0, 0.5), rest)
    assert (small.high - small.low) > 2 * (large.high - large.low)
    assert not small.excludes_zero and large.excludes_zero


def test_welch_needs_two_values_on_each_side():
    assert stats.welch_interval(stats.Summary.of([4]), stats.Summary.of([3, 4])) is None


def test_pearson_on_hand_computed_pairs():
    # x = 1,2,3,4; y = 2,4,5,4: sxy = 3.5, sxx = 5, syy = 4.75 → r = 3.5/√23.75 = 0.7182.
    assert stats.pearson([1, 2, 3, 4], [2, 4, 5, 4]) == pytest.approx(0.718185, abs=1e-6)
    assert stats.pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert stats.pearson([1, 1, 1], [1, 2, 3]) is None
    assert stats.pearson([1, 2], [1, 2]) is None


def test_shares_count_only_known_codes():
    assert stats.shares(["a", "b", "b", "x"], ["a", "b", "c"]) == {
        "a": pytest.approx(1 / 3), "b": pytest.approx(2 / 3), "c": 0.0,
    }  # fmt: skip


@pytest.mark.parametrize("df", [1, 2, 2.5, 3, 5.88, 17, 250.3])
@pytest.mark.parametrize("p", [0.9, 0.975, 0.995])
def test_t_quantile_inverts_the_cdf(df, p):
    assert stats.t_cdf(stats.t_quantile(p, df), df) == pytest.approx(p, abs=1e-9)
