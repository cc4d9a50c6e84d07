"""API fixtures: a public service of the personas' agency (as tests/citizen has)."""

import pytest

from kinerja.citizen.models import PetugasLayanan
from tests.citizen.conftest import make_layanan


@pytest.fixture
def layanan(personas):
    service = make_layanan(personas.instansi, personas.pegawai_pegawai.unit, kode="ktp")
    PetugasLayanan.objects.create(
        instansi=personas.instansi, layanan=service, pegawai=personas.pegawai_pegawai, kode="p01"
    )
    return service
