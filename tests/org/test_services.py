import pytest

from kinerja.core.errors import VersionConflict
from kinerja.org import services
from kinerja.org.services import OrgError
from tests.factories import PegawaiFactory


def test_a_supervisor_below_the_employee_would_close_a_cycle(personas):
    atasan = personas.atasan_pegawai
    with pytest.raises(OrgError, match="lingkaran"):
        services.set_atasan(atasan, atasan=personas.pegawai_pegawai, by=personas.admin, version=1)
    atasan.refresh_from_db()
    assert atasan.atasan_id is None


def test_a_cycle_further_down_the_chain_is_refused_too(personas):
    cucu = PegawaiFactory(instansi=personas.instansi, atasan=personas.pegawai_pegawai)
    with pytest.raises(OrgError, match="lingkaran"):
        services.set_atasan(personas.atasan_pegawai, atasan=cucu, by=personas.admin, version=1)


def test_oneself_is_not_a_supervisor(personas):
    p = personas.pegawai_pegawai
    with pytest.raises(OrgError, match="dirinya sendiri"):
        services.set_atasan(p, atasan=p, by=personas.admin, version=1)


def test_a_supervisor_must_be_of_the_same_agency(personas):
    with pytest.raises(OrgError, match="instansi yang sama"):
        services.set_atasan(
            personas.pegawai_pegawai, atasan=personas.outsider_pegawai, by=personas.admin,
            version=1,
        )  # fmt: skip


def test_a_stale_version_is_refused_and_nothing_is_overwritten(personas):
    p = personas.pegawai_pegawai
    services.set_atasan(p, atasan=personas.rekan_pegawai, by=personas.admin, version=1)
    with pytest.raises(VersionConflict, match="sudah diubah orang lain"):
        services.set_atasan(p, atasan=None, by=personas.admin, version=1)
    p.refresh_from_db()
    assert p.atasan_id == personas.rekan_pegawai.pk and p.version == 2


def test_only_hr_changes_supervisors(personas):
    with pytest.raises(OrgError):
        services.set_atasan(personas.pegawai_pegawai, atasan=None, by=personas.atasan, version=1)
