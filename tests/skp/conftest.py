from datetime import UTC, datetime

import pytest

from kinerja.skp.models import Periode
from tests.skp.factories import (
    PeriodeFactory,
    RealisasiFactory,
    RhkFactory,
    SkpFactory,
    approved_skp,
)


@pytest.fixture
def periode(personas) -> Periode:
    return PeriodeFactory(instansi=personas.instansi, tahun=2026)


@pytest.fixture
def atasan_skp(personas, periode):
    """The rater's approved SKP with one main RHK the staff can cascade from."""
    skp = SkpFactory(
        pegawai=personas.atasan_pegawai,
        periode=periode,
        status="disetujui",
        penilai=None,
        disetujui_pada=datetime(2026, 1, 15, tzinfo=UTC),
    )
    RhkFactory(skp=skp, uraian="Meningkatnya cakupan layanan kesehatan")
    return skp


@pytest.fixture
def draft(personas, periode, atasan_skp):
    """The employee's draft SKP, rated by Budi Atasan."""
    return SkpFactory(pegawai=personas.pegawai_pegawai, periode=periode)


@pytest.fixture
def skp(personas, periode, atasan_skp):
    """The employee's approved SKP: one main RHK cascaded from the rater's, one indicator."""
    return approved_skp(personas.pegawai_pegawai, periode, intervensi=atasan_skp.rhk.get())


@pytest.fixture
def realisasi(skp):
    """A submitted realisation of ``skp``'s indicator in the first slice."""
    return RealisasiFactory(indikator=skp.rhk.get().indikator.get())


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
