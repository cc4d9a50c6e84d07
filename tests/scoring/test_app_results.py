"""Results on hand-computed data: per indicator, per RHK, per SKP, per slice and the year."""

from decimal import Decimal
from fractions import Fraction

import pytest

from kinerja.core.errors import NotAllowed
from kinerja.core.models import AuditEntry
from kinerja.scoring import services
from kinerja.scoring.models import Hasil, PredikatOrganisasi
from kinerja.scoring.rules.common import round_half_up
from kinerja.skp.models import Skp
from tests.scoring.conftest import A, B, D, S, V, build_skp, simple_skp


def close_to(value: Decimal, exact: Fraction) -> bool:
    return abs(Fraction(value) - exact) < Fraction(1, 10**24)


@pytest.fixture
def siti(personas, periode):
    """The worked example of docs/penilaian.md."""
    return build_skp(
        personas.pegawai_pegawai, periode,
        [
            ("utama", [
                {"aspek": "kuantitas", "target": 12,
                 "real": {1: (3, V), 2: (3, V), 3: (4, V), 4: (2, D)}},
                {"aspek": "kualitas", "target": 90, "real": {1: (95, V), 2: (85, V)}},
            ]),
            ("utama", [{"aspek": "waktu", "arah": "turun", "target": 5, "real": {1: (4, V)}}]),
            ("tambahan", [{"aspek": "kuantitas", "target": 2, "real": {2: (3, V)}}]),
        ],
        perilaku={1: [A, A, A, A, S, S, S], 2: [S] * 7, 3: [A, A, A, A, A, S, S]},
    )  # fmt: skip


def test_annual_result_combines_verified_realisations_as_documented(personas, periode, siti):
    services.compute_results(periode, by=personas.admin)
    hasil = Hasil.objects.get(skp=siti, bagian__isnull=True)
    # kuantitas 3+3+4 = 10 of 12 (slice 4 not verified) = 83.33%; kualitas mean(95, 85) = 90
    # of 90 = 100%; RHK 1 = 91.67%. RHK 2: (1 + (1 − 4/5)) × 100 = 120%. Main mean 105.83%;
    # the additional RHK (3 of 2 = 150%, capped 120%) raises it: (91.67 + 120 + 120) / 3.
    expected = (Fraction(1000, 12) + 100) / 2
    expected = (expected + 120 + 120) / 3
    assert close_to(hasil.capaian, expected)
    assert hasil.capaian_bulat == Decimal("110.56")
    assert (hasil.usulan_hasil_kerja, hasil.usulan_perilaku, hasil.usulan_predikat) == (
        "di_atas", "di_atas", "sangat_baik",
    )  # fmt: skip
    assert hasil.tertunda == 1
    assert hasil.masukan["rhk"][0]["indikator"][0]["realisasi"] == "10"
    assert [p["penilaian"] for p in hasil.masukan["perilaku_periodik"]] == [A, S, A]
    assert hasil.skema == "permenpanrb-6-2022" and hasil.versi_aturan == "1.1"
    assert len(hasil.hash_masukan) == 64


def test_slice_result_uses_pro_rata_quantity_target_and_full_quality_target(
    personas, periode, siti
):
    bagian = periode.bagian.get(nomor=1)
    services.compute_results(periode, by=personas.admin, bagian=bagian)
    hasil = Hasil.objects.get(skp=siti, bagian=bagian)
    # A: 3 of 12/4 = 100%; B: 95 of 90 = 105.56%; RHK 1 = 102.78%; RHK 2 = 120%;
    # the additional RHK has nothing verified in slice 1 (0%), so it does not count.
    expected = ((100 + Fraction(9500, 90)) / 2 + 120) / 2
    assert close_to(hasil.capaian, expected)
    assert round_half_up(hasil.capaian) == Decimal("111.39")
    assert (hasil.usulan_hasil_kerja, hasil.usulan_perilaku, hasil.usulan_predikat) == (
        "di_atas", "di_atas", "sangat_baik",
    )  # fmt: skip


def test_only_verified_realisations_count_and_pending_ones_are_counted_apart(personas, periode):
    skp = build_skp(
        personas.pegawai_pegawai,
        periode,
        [("utama", [{"target": 10, "real": {1: (10, D)}}])],
        perilaku={1: [S] * 7},
    )
    bagian = periode.bagian.get(nomor=1)
    services.compute_results(periode, by=personas.admin, bagian=bagian)
    hasil = Hasil.objects.get(skp=skp, bagian=bagian)
    assert hasil.capaian == 0 and hasil.tertunda == 1
    assert hasil.usulan_hasil_kerja == B and hasil.usulan_predikat == "butuh_perbaikan"
    assert hasil.masukan["rhk"][0]["indikator"][0]["realisasi"] is None


def test_range_and_exact_targets_and_thresholds_from_the_period(personas, periode):
    periode.parameter = {"batas_atas": "105", "batas_bawah": "95", "batas_capaian": "120"}
    periode.save()
    skp = build_skp(
        personas.pegawai_pegawai, periode,
        [("utama", [
            {"aspek": "kualitas", "target": 80, "target_atas": 90, "real": {1: (70, V)}},
            {"aspek": "kualitas", "arah": "tepat", "target": 50, "real": {1: (55, V)}},
        ])],
        perilaku={1: [S] * 7},
    )  # fmt: skip
    services.compute_results(periode, by=personas.admin)
    hasil = Hasil.objects.get(skp=skp, bagian__isnull=True)
    # range 80–90, realisation 70 → 87.5% (spec §2.2); exact 55 of 50 → 90%; mean 88.75%.
    assert hasil.capaian == Decimal("88.75")
    assert hasil.usulan_hasil_kerja == B  # below 95 with this period's thresholds


def test_behaviour_below_with_a_note_makes_the_proposal_below(personas, periode):
    ratings = [B, S, S, S, S, S, S]
    skp = build_skp(
        personas.pegawai_pegawai,
        periode,
        [("utama", [{"target": 4, "real": {1: (1, V)}}])],
        perilaku={1: (ratings, {"berorientasi_pelayanan": "sering terlambat"})},
    )
    bagian = periode.bagian.get(nomor=1)
    services.compute_results(periode, by=personas.admin, bagian=bagian)
    hasil = Hasil.objects.get(skp=skp, bagian=bagian)
    assert (hasil.usulan_hasil_kerja, hasil.usulan_perilaku, hasil.usulan_predikat) == (
        S, B, "kurang",
    )  # fmt: skip


def test_no_behaviour_rating_leaves_the_predikat_open(personas, periode):
    skp = build_skp(
        personas.pegawai_pegawai, periode, [("utama", [{"target": 4, "real": {1: (1, V)}}])]
    )
    services.compute_results(periode, by=personas.admin)
    hasil = Hasil.objects.get(skp=skp, bagian__isnull=True)
    assert hasil.usulan_hasil_kerja == B and hasil.usulan_perilaku == ""  # 1 of 4 = 25%
    assert hasil.usulan_predikat == ""


def test_jpt_annual_proposal_follows_the_units_recorded_result(personas, periode):
    skp = build_skp(
        personas.atasan_pegawai,
        periode,
        [("utama", [{"target": 4, "real": {1: (4, V)}}])],
        perilaku={1: [S] * 7},
        jenis=Skp.Jenis.JPT,
        penilai=None,
    )
    services.set_org_predikat(
        periode, by=personas.pimpinan, predikat="baik", unit=skp.unit, hasil_kerja_unit="di_atas"
    )
    services.compute_results(periode, by=personas.admin)
    hasil = Hasil.objects.get(skp=skp, bagian__isnull=True)
    assert hasil.capaian == 100  # would be "sesuai" ...
    assert hasil.usulan_hasil_kerja == A  # ... but the unit's recorded result decides
    assert hasil.masukan["hasil_unit"] == A
    assert "JPT" in str(services.explain(hasil.masukan).sections[1])


def test_a_broken_skp_is_stored_with_the_rules_message(personas, periode):
    skp = build_skp(personas.pegawai_pegawai, periode, [("tambahan", [{"target": 4}])])
    services.compute_results(periode, by=personas.admin)
    hasil = Hasil.objects.get(skp=skp, bagian__isnull=True)
    assert "RHK utama" in hasil.galat and hasil.capaian is None


def test_computing_twice_changes_nothing_and_a_change_updates_the_proposal(personas, periode):
    skp = simple_skp(personas.pegawai_pegawai, periode)
    first = services.compute_results(periode, by=personas.admin)
    row = Hasil.objects.get(skp=skp, bagian__isnull=True)
    again = services.compute_results(periode, by=personas.admin)
    assert (first.baru, again.baru, again.diubah, again.tetap) == (1, 0, 0, 1)
    same = Hasil.objects.get(pk=row.pk)
    assert (same.hash_masukan, same.version, same.dihitung_pada) == (
        row.hash_masukan, row.version, row.dihitung_pada,
    )  # fmt: skip
    services.confirm_result(same, by=personas.atasan)
    skp.realisasi.filter(bagian__nomor=4).update(nilai=30)
    changed = services.compute_results(periode, by=personas.admin)
    assert changed.diubah == 1
    updated = Hasil.objects.get(pk=row.pk)
    assert updated.hash_masukan != row.hash_masukan
    assert updated.status == Hasil.Status.MENUNGGU  # the confirmation was of other numbers
    assert updated.akhir_predikat == "" and updated.diputuskan_oleh is None


def test_only_hr_computes_and_it_is_audited(personas, periode):
    simple_skp(personas.pegawai_pegawai, periode)
    with pytest.raises(NotAllowed):
        services.compute_results(periode, by=personas.atasan)
    services.compute_results(periode, by=personas.admin)
    assert AuditEntry.objects.filter(action="penilaian.hitung").count() == 1


def test_explain_gives_the_same_outcome_as_the_bulk_path(personas, periode, siti):
    services.compute_results(periode, by=personas.admin)
    hasil = Hasil.objects.get(skp=siti, bagian__isnull=True)
    explanation = services.explain(hasil.masukan)
    assert explanation.outcome.key() == services.evaluate(hasil.masukan).key()
    assert str(explanation.outcome.capaian) == str(hasil.capaian)
    data = explanation.as_dict()
    assert len(data["indikator"]) == 4 and data["ringkasan"][0]["aturan"].startswith("PermenPANRB")


def test_org_predikat_is_set_by_pimpinan_and_audited(personas, periode):
    with pytest.raises(NotAllowed):
        services.set_org_predikat(periode, by=personas.atasan, predikat="baik")
    row = services.set_org_predikat(periode, by=personas.pimpinan, predikat="Istimewa")
    assert row.predikat == "istimewa"
    assert PredikatOrganisasi.objects.count() == 1
    assert AuditEntry.objects.filter(action="penilaian.predikat_organisasi").exists()
