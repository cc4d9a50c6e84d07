"""Fixtures of the organisation tests: the agency the import tests fill."""

import pytest

from tests.factories import InstansiFactory, UnitFactory


@pytest.fixture
def instansi(db):
    agency = InstansiFactory(kode="KOTA")
    UnitFactory(instansi=agency, kode="DINKES", nama="Dinas Kesehatan")
    UnitFactory(instansi=agency, kode="PUSKESMAS1", nama="Puskesmas Satu")
    return agency
