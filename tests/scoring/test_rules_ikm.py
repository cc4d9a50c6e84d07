"""§4: NRR, IKM, conversion, mutu bands and the Krejcie–Morgan sample."""

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.scoring.rules import ikm as rules
from kinerja.scoring.rules.common import RuleInputError, round_half_up
from kinerja.scoring.rules.ikm import band, ikm, ikm_from_responses, minimum_sample, nrr

WORKED = [[3, 3, 3, 3, 3, 3, 4, 3, 3]] * 10


def test_worked_example_ten_respondents_gives_ikm_3_1111_nilai_77_78_mutu_b():
    result = ikm_from_responses(WORKED)
    assert result.respondents == 10
    assert result.nrr == (3, 3, 3, 3, 3, 3, 4, 3, 3)
    assert result.ikm == D(28) / D(9)
    assert round_half_up(result.ikm, 4) == D("3.1111")
    assert round_half_up(result.nilai) == D("77.78")
    assert (result.mutu, result.kinerja) == ("B", "Baik")


def test_the_spreadsheet_weight_0_111_is_an_option():
    result = ikm_from_responses(WORKED, weight="0.111")
    assert result.ikm == D("3.108")
    assert result.nilai == D("77.7")
    assert result.mutu == "B"


def test_nrr_is_the_total_of_answers_divided_by_their_number():
    assert nrr(31, 10) == D("3.1")
    with pytest.raises(RuleInputError):
        nrr(0, 0)


def test_an_unanswered_question_is_left_out_of_that_elements_nrr():
    result = ikm_from_responses([[4] * 9, [2, None, 2, 2, 2, 2, 2, 2, 2]])
    assert result.nrr[1] == D(4)
    assert result.nrr[0] == D(3)


def test_ikm_from_nrr_values_matches_ikm_from_answers():
    assert ikm([3, 3, 3, 3, 3, 3, 4, 3, 3]).ikm == ikm_from_responses(WORKED).ikm


@pytest.mark.parametrize(
    ("nilai", "mutu", "kinerja"),
    [
        ("25", "D", "Tidak Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("64.994", "D", "Tidak Baik"),
        ("64.995", "C", "Kurang Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("76.6049", "C", "Kurang Baik"),
        ("76.605", "B", "Baik"),
        ("76.61", "B", "Baik"),
        ("88.30", "B", "Baik"),
        ("88.305", "A", "Sangat Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("100", "A", "Sangat Baik"),
    ],
)
def test_bands_compare_the_converted_value_rounded_half_up_to_two_decimals(nilai, mutu, kinerja):
    assert band(nilai).value == (mutu, kinerja)


def test_answers_outside_one_to_four_are_refused():
    with pytest.raises(RuleInputError) as caught:
        ikm_from_responses([[3, 3, 3, 3, 5, 3, 3, 3, 3]])
    assert caught.value.field == "u5"


@pytest.mark.parametrize(("population", "sample"), [(100, 80), (1000, 278), (10**6, 384)])
def test_krejcie_morgan_table_values(population, sample):
    assert minimum_sample(population).value == sample


@pytest.mark.parametrize(
    ("population", "sample"),
    # rows of Krejcie & Morgan (1970) Table 1 where rounding the formula up gives one more
    [(15, 14), (50, 44), (140, 103), (500, 217), (2000, 322), (9000, 368), (75000, 382)],
)
def test_published_table_rows_not_the_formula_rounded_up(population, sample):
    """Issue 24: PermenPANRB 14/2017 points to the published table, which rounds the formula
    to the nearest whole number; 1.0 rounded up (N = 50 → 45, N = 500 → 218)."""
    assert minimum_sample(population).value == sample


def test_every_row_of_the_table_is_its_formula_rounded_to_nearest():
    """The table as data in the code agrees with its own formula (so the interpolation between
    rows is the table's own rule); its last row is printed as N = 1,000,000 (383.85 → 384)."""
    table = rules.KREJCIE_MORGAN_TABLE
    assert len(table) == 90 and table[0] == (10, 10) and table[-1] == (1_000_000, 384)
    spread = Decimal("3.841") * Decimal("0.25")
    rounded_up_differs = 0
    for population, sample in table:
        exact = spread * population / (Decimal("0.0025") * (population - 1) + spread)
        assert int(exact.to_integral_value(rounding=ROUND_HALF_UP)) == sample, population
        rounded_up_differs += int(exact.to_integral_value(rounding=ROUND_CEILING)) != sample
        assert minimum_sample(population).value == sample
    assert rounded_up_differs == 45


@pytest.mark.parametrize(
    ("population", "sample"),
    [(51, 45), (105, 83), (501, 218), (100_000, 383), (999_999, 384), (1_000_001, 384)],
)
def test_between_rows_the_formula_is_rounded_to_nearest_within_the_rows(population, sample):
    """Between two rows the table's own formula rounded to nearest, never outside the two
    rows' samples (N = 100,000 is not a row of the 1970 table: 382.63 → 383)."""
    assert minimum_sample(population).value == sample


def test_sample_for_a_huge_population_stays_at_the_tables_384():
    assert minimum_sample(10**9).value == 384


def test_sample_never_exceeds_the_population():
    assert minimum_sample(1).value == 1
    assert minimum_sample(5).value == 5


def test_a_population_below_one_is_refused():
    with pytest.raises(RuleInputError):
        minimum_sample(0)


answer = st.integers(min_value=1, max_value=4)


@given(st.lists(st.lists(answer, min_size=9, max_size=9), min_size=1, max_size=30))
def test_ikm_is_within_one_and_four_and_nilai_within_25_and_100(responses):
    result = ikm_from_responses(responses)
    assert 1 <= result.ikm <= 4
    assert 25 <= result.nilai <= 100
    assert result.mutu in {"A", "B", "C", "D"}
    assert ikm_from_responses(responses) == result


@given(st.integers(min_value=1, max_value=5_000_000), st.integers(min_value=0, max_value=10**6))
def test_sample_size_is_monotone_in_population_and_at_most_384(population, extra):
    smaller = minimum_sample(population).value
    larger = minimum_sample(population + extra).value
    assert smaller <= larger <= rules.SAMPLE_MAX


def test_totals_give_the_same_ikm_as_the_answers_to_the_last_digit():
    from kinerja.scoring.rules.ikm import ikm_from_responses, ikm_from_totals

    answers = [
        [3, 4, 2, 3, 3, 4, 4, 3, 2],
        [4, 4, 3, 3, 2, 4, 3, 3, 3],
        [1, 3, 2, 4, 3, 3, 4, 2, 3],
    ]
    totals = [sum(column) for column in zip(*answers, strict=True)]
    from_totals = ikm_from_totals(totals, [3] * 9, respondents=3)
    from_answers = ikm_from_responses(answers)
    assert (from_totals.ikm, from_totals.nilai, from_totals.mutu) == (
        from_answers.ikm, from_answers.nilai, from_answers.mutu
    )  # fmt: skip
