"""Rater calibration on hand-built results: leniency/severity, central tendency, overrides,
halo, and what is never flagged."""

import pytest

from kinerja.insight.calibration import calibrate
from kinerja.scoring.models import Hasil
from tests.insight.conftest import annual_result, new_rater, team
from tests.skp.factories import PerilakuFactory

SCORE = {5: "sangat_baik", 4: "baik", 3: "butuh_perbaikan", 2: "kurang", 1: "sangat_kurang"}


def _rate(skps, scores, **kw):
    for skp, score in zip(skps, scores, strict=True):
        annual_result(skp, SCORE[score], **kw)


def test_lenient_and_severe_raters_are_flagged_with_the_hand_computed_interval(personas, periode):
    lenient = new_rater(personas.instansi, "Penilai Murah")
    severe = new_rater(personas.instansi, "Penilai Ketat")
    _rate(team(personas.instansi, lenient, 4, periode), [5, 5, 5, 4])
    _rate(team(personas.instansi, severe, 4, periode), [3, 4, 4, 3])
    cal = calibrate(periode)
    rows = {r.nama: r for r in cal.raters}
    high, low = rows["Penilai Murah"], rows["Penilai Ketat"]
    assert high.rerata == 4.75 and low.rerata == 3.5
    assert high.interval.difference == pytest.approx(1.25)
    # the team's variance 0.25 is raised to the others' 0.333: se = √(0.333/4 + 0.333/4),
    # df = 6, t(0.975, 6) = 2.4469 → half-width 0.9989
    assert high.interval.low == pytest.approx(1.25 - 0.9989, abs=3e-3)
    assert low.interval.difference == pytest.approx(-1.25)
    assert any("murah hati" in t for t in high.tanda)
    assert any("ketat" in t for t in low.tanda)
    assert high.distribusi["sangat_baik"] == 0.75
    assert cal.agency.n == 8 and cal.agency.counts["baik"] == 3


def test_a_team_below_the_minimum_is_listed_but_never_flagged(personas, periode):
    small = new_rater(personas.instansi, "Tim Kecil")
    other = new_rater(personas.instansi, "Tim Besar")
    _rate(team(personas.instansi, small, 2, periode), [5, 5])
    _rate(team(personas.instansi, other, 6, periode), [3, 3, 4, 3, 3, 4])
    rows = {r.nama: r for r in calibrate(periode).raters}
    assert rows["Tim Kecil"].n == 2 and rows["Tim Kecil"].tanda == []


def test_a_small_team_rated_all_alike_is_not_certain(personas, periode):
    """Three people all "Baik" in an agency that is mostly "Sangat Baik": zero variance in the
    team must not make a 0.3-step gap look certain (it would, with the team's own variance)."""
    alike = new_rater(personas.instansi, "Tim Seragam")
    other = new_rater(personas.instansi, "Tim Lain")
    _rate(team(personas.instansi, alike, 3, periode), [4, 4, 4])
    _rate(team(personas.instansi, other, 10, periode), [5, 5, 4, 5, 4, 5, 5, 4, 5, 5])
    row = {r.nama: r for r in calibrate(periode).raters}["Tim Seragam"]
    assert row.interval.difference == pytest.approx(-0.7)
    assert row.interval.low < 0 < row.interval.high
    assert row.tanda == []


def test_equal_raters_are_not_flagged(personas, periode):
    a = new_rater(personas.instansi, "A")
    b = new_rater(personas.instansi, "B")
    _rate(team(personas.instansi, a, 4, periode), [4, 4, 3, 4])
    _rate(team(personas.instansi, b, 4, periode), [4, 3, 4, 4])
    cal = calibrate(periode)
    assert cal.standing_out == []
    assert cal.raters[0].interval.difference == pytest.approx(0.0)


def test_override_frequency_and_direction(personas, periode):
    rater = new_rater(personas.instansi, "Pengubah")
    skps = team(personas.instansi, rater, 4, periode)
    annual_result(skps[0], "sangat_baik", status="diubah", usulan="baik")  # up
    annual_result(skps[1], "baik", status="diubah", usulan="sangat_baik")  # down
    annual_result(skps[2], "baik", status="dikonfirmasi")
    annual_result(skps[3], "baik", status="dikonfirmasi")
    row = calibrate(periode).raters[0]
    assert (row.keputusan, row.diubah, row.naik, row.turun) == (4, 2, 1, 1)
    assert row.porsi_ubah == 0.5
    assert any("2 dari 4" in t for t in row.tanda)


def test_central_tendency_counts_sesuai_among_the_core_values(personas, periode):
    rater = new_rater(personas.instansi, "Serba Sesuai")
    skps = team(personas.instansi, rater, 3, periode)
    _rate(skps, [4, 4, 4])
    for skp in skps:
        PerilakuFactory(skp=skp, penilai=rater)  # 7 × sesuai
    other = new_rater(personas.instansi, "Beragam")
    for skp in team(personas.instansi, other, 3, periode):
        annual_result(skp, "baik")
        PerilakuFactory(skp=skp, penilai=other, akuntabel="di_atas", loyal="di_atas",
                        kompeten="di_bawah", catatan_kompeten="terlambat")  # fmt: skip
    # agency: 21 + 12 of 42 = 78.6% sesuai; this rater 100%: ≥ 90% and ≥ 10 points above
    row = next(r for r in calibrate(periode).raters if r.nama == "Serba Sesuai")
    assert (row.nilai_perilaku, row.nilai_sesuai) == (21, 21)
    assert any("Kecenderungan tengah" in t for t in row.tanda)
    # a fourth rating with 4 of 7 values above: 24 of 28 = 85.7% "sesuai", under 90%
    PerilakuFactory(skp=skps[0], penilai=rater, bagian=skps[0].periode.bagian.get(nomor=2),
                    akuntabel="di_atas", loyal="di_atas", adaptif="di_atas",
                    kompeten="di_atas")  # fmt: skip
    row = next(r for r in calibrate(periode).raters if r.nama == "Serba Sesuai")
    assert (row.nilai_perilaku, row.nilai_sesuai) == (28, 24)
    assert not any("Kecenderungan tengah" in t for t in row.tanda)


def test_halo_is_the_correlation_of_behaviour_and_capaian(personas, periode):
    rater = new_rater(personas.instansi, "Halo")
    skps = team(personas.instansi, rater, 5, periode)
    levels = ["di_bawah", "sesuai", "sesuai", "di_atas", "di_atas"]
    capaian = ["70", "95", "100", "115", "118"]
    for skp, level, cap in zip(skps, levels, capaian, strict=True):
        annual_result(skp, "baik", capaian=cap)
        PerilakuFactory(skp=skp, penilai=rater, **dict.fromkeys(
            ["berorientasi_pelayanan", "akuntabel", "kompeten", "harmonis", "loyal", "adaptif",
             "kolaboratif"], level))  # fmt: skip
    row = calibrate(periode).raters[0]
    # x = 1,2,2,3,3; y = 70,95,100,115,118 → r = 0.9882 (by hand: sxy 63.4, sxx 2.8, syy 1473.2)
    assert row.halo == pytest.approx(63.4 / (2.8 * 1473.2) ** 0.5, abs=1e-9)
    assert any("halo" in t for t in row.tanda)


def test_calibration_runs_a_constant_number_of_queries(personas, periode,
                                                        django_assert_num_queries):  # fmt: skip
    def build(n):
        Hasil.objects.all().delete()
        for i in range(n):
            rater = new_rater(personas.instansi, f"R{i}")
            _rate(team(personas.instansi, rater, 3, periode), [4, 4, 3])

    build(1)
    with django_assert_num_queries(5):
        calibrate(periode)
    build(10)
    with django_assert_num_queries(5):
        assert len(calibrate(periode).raters) == 10


def test_a_year_in_progress_is_calibrated_on_its_latest_slice(personas, periode):
    rater = new_rater(personas.instansi, "Triwulan")
    skps = team(personas.instansi, rater, 3, periode)
    for nomor, code in ((1, "butuh_perbaikan"), (2, "sangat_baik")):
        for skp in skps:
            hasil = annual_result(skp, code)
            Hasil.objects.filter(pk=hasil.pk).update(bagian=periode.bagian.get(nomor=nomor))
    row = calibrate(periode).raters[0]
    assert row.n == 3 and row.counts["sangat_baik"] == 3


def test_central_tendency_is_not_flagged_when_the_whole_agency_rates_alike(personas, periode):
    for name in ("A", "B"):
        rater = new_rater(personas.instansi, name)
        for skp in team(personas.instansi, rater, 3, periode):
            annual_result(skp, "baik")
            PerilakuFactory(skp=skp, penilai=rater)
    assert calibrate(periode).standing_out == []
