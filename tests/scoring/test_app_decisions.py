"""The rater confirms or overrides (with a reason); who may; version conflicts; audit."""

import pytest

from kinerja.core.errors import DomainError, NotAllowed, VersionConflict
from kinerja.core.models import AuditEntry
from kinerja.scoring import services
from kinerja.scoring.models import Hasil
from kinerja.skp.services.common import PeriodClosed
from tests.scoring.conftest import simple_skp


@pytest.fixture
def hasil(personas, periode):
    simple_skp(personas.pegawai_pegawai, periode)  # 40 of 40 → sesuai, behaviour sesuai
    services.compute_results(periode, by=personas.admin)
    return Hasil.objects.select_related("skp", "periode").get(bagian__isnull=True)


def test_rater_confirms_the_proposal(personas, hasil):
    services.confirm_result(hasil, by=personas.atasan, version=hasil.version)
    hasil.refresh_from_db()
    assert hasil.status == Hasil.Status.DIKONFIRMASI
    assert (hasil.akhir_hasil_kerja, hasil.akhir_perilaku, hasil.akhir_predikat) == (
        "sesuai", "sesuai", "baik",
    )  # fmt: skip
    assert hasil.diputuskan_oleh == personas.atasan and hasil.hash_keputusan == hasil.hash_masukan
    assert AuditEntry.objects.filter(action="penilaian.konfirmasi").count() == 1


def test_override_without_a_reason_is_refused(personas, hasil):
    for reason in ("", "   ", "singkat"):
        with pytest.raises(DomainError, match="alasan"):
            services.override_result(
                hasil, by=personas.atasan, alasan=reason, hasil_kerja="di_atas", perilaku="sesuai"
            )
    hasil.refresh_from_db()
    assert hasil.status == Hasil.Status.MENUNGGU
    assert not AuditEntry.objects.filter(action="penilaian.ubah").exists()


def test_override_with_a_reason_sets_the_matrix_predikat_and_is_audited(personas, hasil):
    services.override_result(
        hasil,
        by=personas.atasan,
        alasan="Memimpin penanganan wabah di luar target SKP.",
        hasil_kerja="di_atas",
        perilaku="di_atas",
        version=hasil.version,
    )
    hasil.refresh_from_db()
    assert hasil.status == Hasil.Status.DIUBAH
    assert hasil.akhir_predikat == "sangat_baik" and hasil.usulan_predikat == "baik"
    assert hasil.alasan.startswith("Memimpin")
    entry = AuditEntry.objects.get(action="penilaian.ubah")
    assert entry.before["predikat"] == "baik" and entry.after["predikat"] == "sangat_baik"


def test_override_equal_to_the_proposal_is_refused(personas, hasil):
    with pytest.raises(DomainError, match="Konfirmasi"):
        services.override_result(
            hasil,
            by=personas.atasan,
            alasan="alasan yang cukup panjang",
            hasil_kerja="sesuai",
            perilaku="sesuai",
        )


@pytest.mark.parametrize("who", ["pegawai", "rekan", "admin", "pimpinan", "auditor", "outsider"])
def test_only_the_rater_decides(personas, hasil, who):
    user = getattr(personas, who)
    with pytest.raises(NotAllowed):
        services.confirm_result(hasil, by=user)
    with pytest.raises(NotAllowed):
        services.override_result(
            hasil,
            by=user,
            alasan="alasan yang cukup panjang",
            hasil_kerja="di_atas",
            perilaku="di_atas",
        )


def test_a_stale_version_is_a_conflict_and_nothing_is_overwritten(personas, hasil):
    stale = hasil.version
    services.confirm_result(hasil, by=personas.atasan, version=stale)
    again = Hasil.objects.select_related("skp", "periode").get(pk=hasil.pk)
    with pytest.raises(VersionConflict):
        services.override_result(
            again,
            by=personas.atasan,
            alasan="alasan yang cukup panjang",
            hasil_kerja="di_atas",
            perilaku="di_atas",
            version=stale,
        )
    again.refresh_from_db()
    assert again.status == Hasil.Status.DIKONFIRMASI


def test_closed_period_is_read_only_for_decisions_and_predikat(personas, periode, hasil):
    services.close_period(periode, by=personas.admin)
    hasil = Hasil.objects.select_related("skp", "periode").get(pk=hasil.pk)
    with pytest.raises(PeriodClosed):
        services.confirm_result(hasil, by=personas.atasan)
    with pytest.raises(PeriodClosed):
        services.override_result(
            hasil,
            by=personas.atasan,
            alasan="alasan yang cukup panjang",
            hasil_kerja="di_atas",
            perilaku="di_atas",
        )
    with pytest.raises(PeriodClosed):
        services.set_org_predikat(periode, by=personas.pimpinan, predikat="baik")
    with pytest.raises(PeriodClosed):
        services.compute_results(periode, by=personas.admin)


def test_a_deleted_account_leaves_the_decision_without_its_rater(personas, hasil):
    """The rater's column has no database constraint (a close inserts 500,000 rows that
    would each queue its check): Django's SET_NULL empties it when the account goes."""
    services.confirm_result(hasil, by=personas.atasan, version=hasil.version)
    personas.atasan.delete()
    hasil.refresh_from_db()
    assert hasil.diputuskan_oleh_id is None
    assert hasil.status == Hasil.Status.DIKONFIRMASI and hasil.akhir_predikat == "baik"
