from datetime import UTC, datetime

import pytest

from kinerja.skp.models import Periode
from tests.skp.factories import PeriodeFactory, RhkFactory, SkpFactory


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


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
