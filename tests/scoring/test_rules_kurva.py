"""§2.5: the distribution curve: patterns, counting at the edges, advice, adjustments."""

import itertools
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.scoring.rules import kurva
from kinerja.scoring.rules.common import RuleInputError
from kinerja.scoring.rules.kurva import (
    PATTERNS,
    Bound,
    Employee,
    OrgPredikat,
    check_curve,
)
from kinerja.scoring.rules.permenpanrb_6_2022 import PREDIKAT_ORDER

SB, B, BP, K, SK = (p.value for p in PREDIKAT_ORDER)


def staff(*groups, capaian_start=100):
    """Employees from (predikat, how many) pairs; NIPs 001…, capaian rising with the NIP."""
    people = []
    for predikat, count in groups:
        for _ in range(count):
            number = len(people) + 1
            people.append(Employee.of(f"{number:03}", predikat, capaian_start + number))
    return people


def broken(check):
    return {(v.rule.bound, tuple(p.value for p in v.rule.predikat)) for v in check.violations}


def test_istimewa_allows_exactly_floor_of_70_percent_sangat_baik():
    assert check_curve("istimewa", staff((SB, 7), (B, 3))).compliant
    check = check_curve("istimewa", staff((SB, 8), (B, 2)))
    assert not check.compliant
    (violation,) = check.violations
    assert (violation.limit, violation.actual) == (7, 8)
    assert "kelebihan 1" in violation.describe()


def test_at_most_counts_round_down():
    # N = 13: 70% is 9.1 people, so at most 9.
    assert check_curve("istimewa", staff((SB, 9), (B, 4))).compliant
    assert not check_curve("istimewa", staff((SB, 10), (B, 3))).compliant


def test_at_least_counts_round_up():
    # N = 11: 60% is 6.6 people, so at least 7 Butuh Perbaikan.
    assert not check_curve("butuh_perbaikan", staff((BP, 6), (B, 5))).compliant
    assert check_curve("butuh_perbaikan", staff((BP, 7), (B, 4))).compliant


def test_baik_pattern_needs_at_most_70_percent_baik_and_one_butuh_perbaikan_or_kurang():
    assert check_curve("baik", staff((B, 7), (K, 1), (SB, 2))).compliant
    assert check_curve("baik", staff((B, 7), (BP, 1), (SK, 2))).compliant
    check = check_curve("baik", staff((B, 8), (SB, 2)))
    assert broken(check) == {(Bound.AT_MOST, (B,)), (Bound.AT_LEAST, (BP, K))}


def test_butuh_perbaikan_pattern_caps_sangat_baik_at_10_percent():
    assert check_curve("butuh_perbaikan", staff((BP, 6), (SB, 1), (B, 3))).compliant
    check = check_curve("butuh_perbaikan", staff((BP, 6), (SB, 2), (B, 2)))
    assert broken(check) == {(Bound.AT_MOST, (SB,))}


def test_kurang_pattern_reports_every_broken_rule_with_its_numbers():
    check = check_curve("kurang", staff((SB, 2), (B, 8)))
    assert broken(check) == {
        (Bound.AT_LEAST, (K,)),
        (Bound.AT_LEAST, (BP,)),
        (Bound.AT_MOST, (SB,)),
    }
    numbers = {v.rule.predikat[0].value: (v.limit, v.actual) for v in check.violations}
    assert numbers == {K: (6, 0), BP: (1, 0), SB: (1, 2)}


def test_kurang_pattern_is_met_by_60_percent_kurang_and_10_percent_butuh_perbaikan():
    assert check_curve("kurang", staff((K, 6), (BP, 1), (SB, 1), (B, 2))).compliant


def test_sangat_kurang_pattern_allows_no_sangat_baik_at_all():
    assert check_curve("sangat_kurang", staff((SK, 6), (K, 1), (B, 3))).compliant
    check = check_curve("sangat_kurang", staff((SK, 6), (BP, 1), (B, 2), (SB, 1)))
    assert broken(check) == {(Bound.AT_MOST, (SB,))}
    assert "tidak boleh ada Sangat Baik" in check.violations[0].describe()


def test_every_pattern_is_defined_for_each_organisation_predikat():
    assert set(PATTERNS) == set(OrgPredikat)


def test_fewer_than_ten_people_makes_the_check_advice_only():
    check = check_curve("istimewa", staff((SB, 9)))
    assert check.advisory is True
    assert check.compliant is False
    assert any("saran" in step for step in check.breakdown.steps)
    assert check_curve("istimewa", staff((SB, 7), (B, 3))).advisory is False


def test_adjustment_moves_the_lowest_capaian_sangat_baik_down_one_step():
    people = staff((B, 2), (SB, 8))  # NIPs 003–010 are Sangat Baik, 003 lowest capaian
    check = check_curve("istimewa", people)
    assert [m.as_dict() for m in check.proposal] == [{"nip": "003", "dari": SB, "ke": B}]


def test_adjustment_ties_on_capaian_are_broken_by_lowest_behaviour_then_nip():
    people = [
        Employee.of("005", SB, 90, "di_atas"),
        Employee.of("004", SB, 90, "sesuai"),
        Employee.of("003", SB, 90, "sesuai"),
        *[Employee.of(f"1{i:02}", SB, 100) for i in range(5)],
        *[Employee.of(f"2{i:02}", B, 100) for i in range(2)],
    ]
    check = check_curve("istimewa", people)  # 8 Sangat Baik of 10: one must move
    assert [m.nip for m in check.proposal] == ["003"]
    people[2] = Employee.of("003", SB, 90, "di_atas")
    assert [m.nip for m in check_curve("istimewa", people).proposal] == ["004"]


def test_adjustment_moves_the_fewest_people():
    # 10 Baik under a Baik organisation: 3 must leave Baik, and moving them down to Butuh
    # Perbaikan also satisfies "at least one Butuh Perbaikan or Kurang": 3 moves, not 4.
    check = check_curve("baik", staff((B, 10)))
    assert len(check.proposal) == 3
    assert [m.nip for m in check.proposal] == ["001", "002", "003"]
    assert {(m.source.value, m.target.value) for m in check.proposal} == {(B, BP)}


def test_adjustment_for_a_large_scope_is_exact():
    check = check_curve("butuh_perbaikan", staff((B, 100)))
    assert len(check.proposal) == 60
    assert [m.nip for m in check.proposal] == [f"{i:03}" for i in range(1, 61)]


def test_no_adjustment_is_proposed_when_one_step_each_cannot_meet_the_pattern():
    check = check_curve("sangat_kurang", staff((SB, 10)))
    assert not check.compliant
    assert check.adjustable is False
    assert check.proposal == ()


def test_a_compliant_scope_gets_no_proposal():
    check = check_curve("istimewa", staff((SB, 5), (B, 5)))
    assert check.compliant and check.adjustable and check.proposal == ()


def test_the_result_does_not_depend_on_the_order_of_the_input():
    people = staff((B, 6), (SB, 3), (K, 2))
    forward = check_curve("kurang", people)
    backward = check_curve("kurang", list(reversed(people)))
    assert forward.proposal == backward.proposal
    assert forward.violations == backward.violations


def test_a_duplicate_nip_is_refused():
    with pytest.raises(RuleInputError, match="lebih dari sekali"):
        check_curve("baik", [Employee.of("001", B), Employee.of("001", SK)])


# Brute force over every way of moving each person at most one step.


def _satisfies(org, levels):
    total = len(levels)
    for rule in PATTERNS[org]:
        wanted = {p.rank for p in rule.predikat}
        actual = sum(1 for level in levels if level in wanted)
        limit = rule.limit(total)
        if (rule.bound is Bound.AT_MOST and actual > limit) or (
            rule.bound is Bound.AT_LEAST and actual < limit
        ):
            return False
    return True


def _brute_force(org, people):
    """Every minimal solution, as sorted priority positions of the people moved."""
    ordered = sorted(
        people, key=lambda e: (e.capaian is None, e.capaian or D(0), e.behaviour is None, e.nip)
    )
    best, solutions = None, []
    for steps in itertools.product((-1, 0, 1), repeat=len(ordered)):
        levels = [e.predikat.rank + s for e, s in zip(ordered, steps, strict=True)]
        if any(not 0 <= level <= 4 for level in levels) or not _satisfies(org, levels):
            continue
        moved = tuple(i for i, s in enumerate(steps) if s)
        if best is None or len(moved) < best:
            best, solutions = len(moved), [moved]
        elif len(moved) == best:
            solutions.append(moved)
    return ordered, best, solutions


people_strategy = st.lists(
    st.tuples(st.sampled_from([p.value for p in PREDIKAT_ORDER]), st.integers(50, 130)),
    min_size=1,
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(org=st.sampled_from(list(OrgPredikat)), rows=people_strategy)
def test_proposal_is_minimal_valid_and_prefers_the_lowest_capaian(org, rows):
    people = [Employee.of(f"{i:03}", p, c) for i, (p, c) in enumerate(rows)]
    check = check_curve(org, people)
    ordered, best, solutions = _brute_force(org, people)
    if check.compliant:
        assert best == 0 and check.proposal == ()
        return
    if best is None:
        assert check.adjustable is False and check.proposal == ()
        return
    assert len(check.proposal) == best
    moves = {m.nip: m.target.rank for m in check.proposal}
    assert all(abs(moves[m.nip] - m.source.rank) == 1 for m in check.proposal)
    after = [moves.get(e.nip, e.predikat.rank) for e in people]
    assert _satisfies(org, after)
    position = {e.nip: i for i, e in enumerate(ordered)}
    assert tuple(sorted(position[nip] for nip in moves)) == min(solutions)


def test_the_organisation_label_butuh_perbaikan_cukup_is_accepted():
    """Issue 24: "Butuh Perbaikan/Cukup" names the Butuh Perbaikan level; spaces around the
    slash and case do not matter; an unknown label is still refused."""
    for text in ("Butuh Perbaikan/Cukup", "BUTUH PERBAIKAN / CUKUP", "butuh_perbaikan"):
        assert kurva.parse_org_predikat(text) is kurva.OrgPredikat.BUTUH_PERBAIKAN
    assert check_curve("Butuh Perbaikan/Cukup", staff((BP, 7), (B, 4))).compliant
    with pytest.raises(RuleInputError):
        kurva.parse_org_predikat("Cukup Baik")
