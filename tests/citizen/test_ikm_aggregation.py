"""The index aggregated in the database matches the spec's worked example and the band
edges computed by hand (spec §4)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kinerja.citizen.queries import ikm_rows, ikm_trend, result_from_totals
from kinerja.scoring.rules.common import round_half_up
from tests.citizen.conftest import add_answers, make_layanan

TODAY = timezone.localdate()
RANGE = (TODAY - timedelta(days=30), TODAY)


def test_worked_example_gives_77_78_mutu_b(layanan):
    add_answers(layanan, [[3, 3, 3, 3, 3, 3, 4, 3, 3]] * 10)
    (row,) = ikm_rows(layanan.instansi_id, *RANGE, per="layanan")
    assert row.responden == 10
    assert row.hasil.nrr[6] == 4 and row.hasil.nrr[0] == 3
    assert round_half_up(row.hasil.ikm, 4) == Decimal("3.1111")
    assert round_half_up(row.hasil.nilai) == Decimal("77.78")
    assert (row.hasil.mutu, row.hasil.kinerja) == ("B", "Baik")


def _rows_for_mean(mean_times_n: int, n: int) -> list[list[int]]:
    """n answer rows (all nine elements the same per row) summing to mean_times_n."""
    base, extra = divmod(mean_times_n, n)
    return [[base + (1 if i < extra else 0)] * 9 for i in range(n)]


@pytest.mark.parametrize(
    ("element_sum", "n", "nilai", "mutu"),
    [
        (500, 500, "25.00", "D"),  # every answer 1
        (2000, 500, "100.00", "A"),  # every answer 4
        (1299, 500, "64.95", "D"),  # 2.598 × 25
        (1300, 500, "65.00", "C"),  # lower edge of C
        (15322, 5000, "76.61", "B"),  # 3.0644 × 25 = 76.61, lower edge of B
        (15321, 5000, "76.61", "B"),  # 76.605 rounds half up to 76.61 → B
        (15320, 5000, "76.60", "C"),
        (17662, 5000, "88.31", "A"),  # 3.5324 × 25 = 88.31, lower edge of A
        (17661, 5000, "88.31", "A"),  # 88.305 → 88.31 → A
        (17660, 5000, "88.30", "B"),
    ],
)
def test_band_edges_through_the_database(layanan, element_sum, n, nilai, mutu):
    add_answers(layanan, _rows_for_mean(element_sum, n))
    (row,) = ikm_rows(layanan.instansi_id, *RANGE, per="layanan")
    assert round_half_up(row.hasil.nilai) == Decimal(nilai)
    assert row.hasil.mutu == mutu


def test_flagged_and_out_of_range_answers_are_left_out(layanan):
    add_answers(layanan, [[4] * 9] * 3)
    add_answers(layanan, [[1] * 9] * 3, ditandai=True, dihitung=False)
    add_answers(layanan, [[1] * 9], diterima_pada=timezone.now() - timedelta(days=90))
    (row,) = ikm_rows(layanan.instansi_id, *RANGE)
    assert row.responden == 3
    assert row.hasil.mutu == "A"


def test_minimum_sample_for_population_100_is_80(layanan):
    add_answers(layanan, [[3] * 9] * 79)
    (row,) = ikm_rows(layanan.instansi_id, *RANGE)
    assert (row.sampel_minimal, row.sampel_cukup) == (80, False)
    add_answers(layanan, [[3] * 9])
    (row,) = ikm_rows(layanan.instansi_id, *RANGE)
    assert row.sampel_cukup is True


def test_groups_per_unit_officer_and_agency(personas, layanan):
    other_unit_service = make_layanan(personas.instansi, personas.outsider_pegawai.unit, kode="x")
    add_answers(layanan, [[4] * 9] * 2, petugas=personas.pegawai_pegawai)
    add_answers(layanan, [[2] * 9] * 2)
    add_answers(other_unit_service, [[1] * 9])
    by_officer = {r.key: r for r in ikm_rows(personas.instansi.pk, *RANGE, per="petugas")}
    assert by_officer[personas.pegawai_pegawai.pk].hasil.nilai == 100
    assert by_officer[None].label == "Tanpa petugas"
    by_unit = {r.key: r.responden for r in ikm_rows(personas.instansi.pk, *RANGE, per="unit")}
    assert by_unit == {layanan.unit_id: 4, other_unit_service.unit_id: 1}
    (agency,) = ikm_rows(personas.instansi.pk, *RANGE, per="instansi")
    assert agency.responden == 5
    assert agency.hasil.nilai == Decimal(25 * 13) / 5  # mean answer 13/5 → ×25


def test_other_agencies_answers_never_count(personas, layanan):
    foreign = make_layanan(personas.outsider_pegawai.instansi, personas.outsider_pegawai.unit)
    add_answers(foreign, [[1] * 9] * 5)
    assert ikm_rows(personas.instansi.pk, *RANGE) == []


def test_spreadsheet_weight_is_an_option():
    exact = result_from_totals([30] * 6 + [40] + [30] * 2, 10)
    rounded = result_from_totals([30] * 6 + [40] + [30] * 2, 10, weight=Decimal("0.111"))
    assert exact.ikm == Decimal(28) / 9
    assert rounded.ikm == Decimal("28") * Decimal("0.111")


def test_trend_per_month(layanan):
    now = timezone.now()
    add_answers(layanan, [[4] * 9], diterima_pada=now)
    add_answers(layanan, [[2] * 9] * 2, diterima_pada=now - timedelta(days=40))
    rows = ikm_trend(layanan.instansi_id, TODAY - timedelta(days=60), TODAY, period="bulan")
    assert [r.responden for r in rows] == [2, 1]
    assert rows[-1].hasil.nilai == 100
