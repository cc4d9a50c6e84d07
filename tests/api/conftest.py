"""API fixtures: a public service of the personas' agency (as tests/citizen has), Siti's
approved SKP of an open period, and results decided after the year."""

from datetime import UTC, datetime

import pytest

from kinerja.citizen.models import PetugasLayanan
from tests.citizen.conftest import make_layanan
from tests.skp.factories import PeriodeFactory, RhkFactory, SkpFactory, approved_skp


@pytest.fixture
def layanan(personas):
    service = make_layanan(personas.instansi, personas.pegawai_pegawai.unit, kode="ktp")
    PetugasLayanan.objects.create(
        instansi=personas.instansi, layanan=service, pegawai=personas.pegawai_pegawai, kode="p01"
    )
    return service


@pytest.fixture
def after_the_year(monkeypatch):
    """The 2026 results are decided after the year's last slice ended (issue 19)."""
    from kinerja.scoring.services import decisions

    monkeypatch.setattr(decisions, "today_local", lambda: datetime(2027, 1, 15).date())


@pytest.fixture
def skp_disetujui(personas):
    """Siti's approved SKP of the open period 2026 (her rater: Budi, whose own SKP it
    intervenes in)."""
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026)
    atasan_skp = SkpFactory(
        pegawai=personas.atasan_pegawai, periode=periode, status="disetujui", penilai=None,
        disetujui_pada=datetime(2026, 1, 15, tzinfo=UTC),
    )  # fmt: skip
    RhkFactory(skp=atasan_skp, uraian="Meningkatnya cakupan layanan kesehatan")
    return approved_skp(personas.pegawai_pegawai, periode, intervensi=atasan_skp.rhk.get())
