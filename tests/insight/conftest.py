"""Insight fixtures: a period in assessment with results stored through the scoring app, and
a direct builder of annual results for hand-computed calibration data."""

from datetime import UTC, datetime

import pytest

from kinerja.scoring.models import Hasil
from kinerja.skp.models import Periode, Skp
from tests.factories import PegawaiFactory, UnitFactory
from tests.skp.factories import PeriodeFactory, SkpFactory


@pytest.fixture
def periode(personas) -> Periode:
    return PeriodeFactory(instansi=personas.instansi, tahun=2026, status=Periode.Status.PENILAIAN)


def annual_result(skp: Skp, predikat: str, *, capaian="100", status="menunggu", usulan=None,
                  perilaku="sesuai") -> Hasil:  # fmt: skip
    """An annual result written directly, with exactly the predikat the test needs."""
    decided = status != Hasil.Status.MENUNGGU
    return Hasil.objects.create(
        instansi=skp.instansi, periode=skp.periode, skp=skp, bagian=None,
        skema="permenpanrb-6-2022", versi_aturan="1.0", capaian=capaian, capaian_bulat=capaian,
        usulan_hasil_kerja="sesuai", usulan_perilaku=perilaku,
        usulan_predikat=usulan or predikat, masukan={}, hash_masukan="0" * 64,
        status=status, akhir_predikat=predikat if decided else "",
        akhir_hasil_kerja="sesuai" if decided else "", akhir_perilaku=perilaku if decided else "",
        alasan="diubah karena bukti tambahan" if status == Hasil.Status.DIUBAH else "",
        dihitung_pada=datetime(2026, 12, 31, tzinfo=UTC),
    )  # fmt: skip


def team(instansi, rater, n: int, periode, *, unit=None):
    """``n`` employees under ``rater`` with an approved SKP each; returns the SKPs."""
    unit = unit or rater.unit
    skps = []
    for _ in range(n):
        person = PegawaiFactory(instansi=instansi, unit=unit, atasan=rater)
        skps.append(SkpFactory(pegawai=person, periode=periode, status=Skp.Status.DISETUJUI,
                               disetujui_pada=datetime(2026, 1, 20, tzinfo=UTC)))  # fmt: skip
    return skps


def new_rater(instansi, name: str, unit=None):
    unit = unit or UnitFactory(instansi=instansi)
    return PegawaiFactory(instansi=instansi, unit=unit, nama=name)
