"""Each data-error warning fires at its edge and not just below it; dismissal is reasoned,
audited, and limited to HR and the rater."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from kinerja.citizen.models import JawabanSurvei
from kinerja.core.errors import DomainError, NotAllowed
from kinerja.core.models import AuditEntry
from kinerja.insight import warnings as checks
from kinerja.insight.models import PeringatanDitutup
from kinerja.skp.models import BuktiDukung, Indikator, Realisasi, Skp, SkpRevisi
from tests.citizen.conftest import add_answers, make_layanan
from tests.factories import PegawaiFactory
from tests.skp.factories import IndikatorFactory, RealisasiFactory, RhkFactory, SkpFactory

V = Realisasi.Status.DIVERIFIKASI


def _skp(personas, periode, pegawai=None):
    return SkpFactory(pegawai=pegawai or personas.pegawai_pegawai, periode=periode,
                      status=Skp.Status.DISETUJUI,
                      disetujui_pada=datetime(2026, 1, 20, tzinfo=UTC))  # fmt: skip


def _indikator(skp, **kw):
    return IndikatorFactory(rhk=RhkFactory(skp=skp), **kw)


def _real(ind, value, nomor=1, status=V, **kw):
    bagian = ind.rhk.skp.periode.bagian.get(nomor=nomor)
    return RealisasiFactory(indikator=ind, bagian=bagian, nilai=Decimal(str(value)),
                            status=status, **kw)  # fmt: skip


def _codes(periode, **kw):
    return [(w.kode, w.kunci) for w in checks.find_warnings(periode, **kw)]


def _evidence(real, sha="", name="bukti.pdf"):
    return BuktiDukung.objects.create(
        instansi=real.instansi, realisasi=real, nama=name, sha256=sha,
        tautan="" if sha else "https://arsip.example/x", berkas=f"bukti/{sha}" if sha else "",
    )  # fmt: skip


@pytest.mark.parametrize(("value", "fires"), [("30", False), ("30.01", True)])
def test_realisation_beyond_three_times_the_slice_target(personas, periode, value, fires):
    ind = _indikator(_skp(personas, periode), target=Decimal(40), aspek="kuantitas")  # 10/slice
    real = _real(ind, value)
    _evidence(real)
    found = checks.beyond_target(periode)
    assert bool(found) is fires
    if fires:
        assert found[0].kunci == f"realisasi:{real.pk}" and "3×" in found[0].alasan


def test_the_factor_is_a_period_parameter(personas, periode):
    ind = _indikator(_skp(personas, periode), target=Decimal(40))
    _real(ind, "25")
    assert checks.beyond_target(periode) == []
    periode.parameter = {**periode.parameter, "faktor_realisasi": "2"}
    assert len(checks.beyond_target(periode)) == 1


def test_quality_targets_are_not_divided_by_slices(personas, periode):
    ind = _indikator(_skp(personas, periode), target=Decimal(10), aspek="kualitas", satuan="nilai")
    _real(ind, "30")
    assert checks.beyond_target(periode) == []
    _real(ind, "30.5", nomor=2)
    assert len(checks.beyond_target(periode)) == 1


@pytest.mark.parametrize(("value", "satuan", "fires"), [
    ("100", "%", False), ("100.01", "%", True), ("100.01", "persen", True),
    ("250", "dokumen", False), ("-1", "dokumen", True), ("0", "dokumen", False),
])  # fmt: skip
def test_implausible_for_the_unit_of_measure(personas, periode, value, satuan, fires):
    ind = _indikator(_skp(personas, periode), target=Decimal(100), aspek="kualitas", satuan=satuan)
    _real(ind, value)
    assert bool(checks.implausible(periode)) is fires


def _people(personas, periode, n, atasan=None):
    atasan = atasan or personas.atasan_pegawai
    return [_skp(personas, periode, PegawaiFactory(instansi=personas.instansi, atasan=atasan))
            for _ in range(n)]  # fmt: skip


@pytest.mark.parametrize(("people", "fires"), [(4, False), (5, True)])
def test_same_fractional_value_across_people(personas, periode, people, fires):
    for skp in _people(personas, periode, people):
        _real(_indikator(skp, satuan="%", target=Decimal(90)), "87.35")
    found = checks.same_across_people(periode)
    assert bool(found) is fires
    if fires:
        assert len(found[0].skp_ids) == 5 and "87,35" in found[0].alasan


def test_the_same_value_under_different_raters_does_not_fire(personas, periode):
    """Across a large agency a percentage to two decimals is shared by chance; five people
    only count when one rater rates them all."""
    for skp in _people(personas, periode, 3):
        _real(_indikator(skp, satuan="%", target=Decimal(90)), "87.35")
    other = PegawaiFactory(instansi=personas.instansi)
    for skp in _people(personas, periode, 3, atasan=other):
        _real(_indikator(skp, satuan="%", target=Decimal(90)), "87.35")
    assert checks.same_across_people(periode) == []


def test_whole_numbers_shared_by_many_people_do_not_fire(personas, periode):
    for skp in _people(personas, periode, 6):
        _real(_indikator(skp), "3")
    assert checks.same_across_people(periode) == []


@pytest.mark.parametrize(("slices", "fires"), [(2, False), (3, True)])
def test_same_fractional_value_across_slices(personas, periode, slices, fires):
    ind = _indikator(_skp(personas, periode), satuan="%", target=Decimal(90))
    for nomor in range(1, slices + 1):
        _real(ind, "92.5", nomor=nomor)
    _real(ind, "93", nomor=4)
    assert bool(checks.same_across_slices(periode)) is fires


def test_missing_evidence_fires_for_submitted_manual_values_only(personas, periode):
    ind = _indikator(_skp(personas, periode))
    submitted = _real(ind, "3", nomor=1, status=Realisasi.Status.DIAJUKAN)
    draft = _real(ind, "3", nomor=2, status=Realisasi.Status.DRAF)
    fed = _real(ind, "3", nomor=3, dihitung_sistem=True)
    keys = {w.kunci for w in checks.missing_evidence(periode)}
    assert keys == {f"realisasi:{submitted.pk}"}
    _evidence(submitted)
    assert checks.missing_evidence(periode) == []
    assert draft and fed


def test_the_same_file_from_two_employees_fires_but_twice_from_one_does_not(personas, periode):
    mine = _indikator(_skp(personas, periode))
    _evidence(_real(mine, "3", nomor=1), sha="a" * 64)
    _evidence(_real(mine, "3", nomor=2), sha="a" * 64)
    assert checks.duplicated_evidence(periode) == []
    other = _indikator(_skp(personas, periode, personas.rekan_pegawai))
    _evidence(_real(other, "3"), sha="a" * 64, name="salinan.pdf")
    found = checks.duplicated_evidence(periode)
    assert len(found) == 1 and found[0].kunci == "sha256:" + "a" * 64
    assert "Rina Rekan" in found[0].alasan and "Siti Pegawai" in found[0].alasan


def _revision(skp, ind, target):
    SkpRevisi.objects.create(
        instansi=skp.instansi, skp=skp, nomor=0, disetujui_pada=skp.disetujui_pada,
        isi={"rhk": [{"indikator": [{"id": ind.pk, "target": target, "target_atas": None}]}]},
    )  # fmt: skip


def test_target_changed_after_approval(personas, periode):
    skp = _skp(personas, periode)
    ind = _indikator(skp, target=Decimal(12))
    _revision(skp, ind, "12.0000")
    assert checks.target_changed(periode) == []
    Indikator.objects.filter(pk=ind.pk).update(target=Decimal(6))
    found = checks.target_changed(periode)
    assert len(found) == 1 and "disetujui 12" in found[0].alasan and "sekarang 6" in found[0].alasan


def test_flagged_survey_answers_waiting_for_review(personas, periode):
    service = make_layanan(personas.instansi, personas.pegawai_pegawai.unit)
    when = datetime(2026, 3, 3, 9, tzinfo=UTC)
    add_answers(service, [[4] * 9] * 3, diterima_pada=when, ditandai=True, dihitung=False,
                alasan_tanda="lonjakan jawaban identik")  # fmt: skip
    found = checks.survey_bursts(periode)
    assert len(found) == 1 and "3 jawaban" in found[0].alasan
    JawabanSurvei.objects.update(review="diterima", dihitung=True)
    assert checks.survey_bursts(periode) == []


@pytest.mark.parametrize(("respondents", "minimum", "fires"), [
    (79, 80, True), (80, 80, False), (29, None, True), (30, None, False),
])  # fmt: skip
def test_indicator_fed_by_too_few_respondents(personas, periode, respondents, minimum, fires):
    ind = _indikator(_skp(personas, periode), sumber="ikm_layanan", sumber_kode="ktp", satuan="")
    _real(ind, "80", dihitung_sistem=True,
          penjelasan_sistem={"responden": respondents, "sampel_minimal": minimum})  # fmt: skip
    assert bool(checks.small_sample(periode)) is fires


def test_the_rater_sees_only_warnings_about_the_realisations_checked(personas, periode):
    ind = _indikator(_skp(personas, periode), target=Decimal(40))
    bad, fine = _real(ind, "99", nomor=1), _real(ind, "10", nomor=2)
    _evidence(bad), _evidence(fine)
    skp = bad.skp
    grouped = checks.warnings_for_verification(skp, realisasi_ids=[bad.pk, fine.pk])
    assert set(grouped) == {bad.pk}
    assert checks.warnings_for_verification(skp, realisasi_ids=[fine.pk]) == {}


def test_dismissal_needs_a_reason_is_audited_and_hides_the_warning(personas, periode):
    ind = _indikator(_skp(personas, periode), target=Decimal(40))
    real = _real(ind, "99")
    _evidence(real)
    key = f"realisasi:{real.pk}"
    with pytest.raises(DomainError):
        checks.dismiss_warning(periode, kode="realisasi_melampaui_target", kunci=key,
                               by=personas.admin, alasan="ok")  # fmt: skip
    with pytest.raises(NotAllowed):
        checks.dismiss_warning(periode, kode="realisasi_melampaui_target", kunci=key,
                               by=personas.rekan, alasan="bukan urusan saya menutup")  # fmt: skip
    reason = "Memang ada kegiatan luar biasa."
    checks.dismiss_warning(
        periode, kode="realisasi_melampaui_target", kunci=key, by=personas.atasan, alasan=reason
    )
    assert ("realisasi_melampaui_target", key) not in _codes(periode)
    assert PeringatanDitutup.objects.get().oleh == personas.atasan
    entry = AuditEntry.objects.get(action="peringatan.tutup")
    assert entry.after["alasan"] == "Memang ada kegiatan luar biasa."
