"""Ready personas, as healthchecks' base test case has: for us pegawai, atasan,
admin kepegawaian, pimpinan, auditor, and an outsider of another agency."""

from dataclasses import dataclass

import pytest

from kinerja.org.models import Instansi, Pegawai, User
from tests.factories import (
    InstansiFactory,
    PegawaiFactory,
    UnitFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (tested in test_accounts); tests use a fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _own_audit_checkpoint_file(settings, tmp_path):
    """Each test's audit checkpoints go to its own file, never the server's var/."""
    settings.KINERJA_AUDIT_CHECKPOINT_FILE = tmp_path / "audit" / "titik-periksa.jsonl"


@pytest.fixture(autouse=True)
def _fresh_code_memory():
    """Each test starts with the process's memory of the code directory empty, so query
    counts do not depend on which tests ran before (each test's database is rolled back)."""
    from kinerja.citizen import directory

    directory._REMEMBERED.clear()
    yield
    directory._REMEMBERED.clear()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts and ends with Django's cache empty: each test's database is rolled
    back, and its ids may be reused by the next test's rows, which must not meet a cached
    figure of another test (the period report, cached by data version; the close preview)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_immediately():
    """Tasks run inside ``enqueue``, in the test's own transaction (a worker process would
    not see the test's uncommitted rows); the real worker has its own test
    (tests/notify/test_worker.py). Session-wide, so module-scoped fixtures are covered too.
    Email goes to pytest-django's locmem outbox."""
    from django.test import override_settings

    immediate = override_settings(
        TASKS={
            "default": {
                "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                "QUEUES": ["default"],
            }
        }
    )
    immediate.enable()
    yield
    immediate.disable()


@dataclass
class Personas:
    instansi: Instansi
    atasan_pegawai: Pegawai
    pegawai_pegawai: Pegawai
    rekan_pegawai: Pegawai
    pegawai: User
    atasan: User
    rekan: User
    admin: User
    pimpinan: User
    auditor: User
    outsider: User
    outsider_pegawai: Pegawai


@pytest.fixture
def personas(db) -> Personas:
    instansi = InstansiFactory(kode="KOTA", nama="Pemerintah Kota Uji")
    unit = UnitFactory(instansi=instansi, kode="DINKES", nama="Dinas Kesehatan")
    atasan_p = PegawaiFactory(instansi=instansi, unit=unit, nama="Budi Atasan")
    pegawai_p = PegawaiFactory(instansi=instansi, unit=unit, atasan=atasan_p, nama="Siti Pegawai")
    rekan_p = PegawaiFactory(instansi=instansi, unit=unit, atasan=atasan_p, nama="Rina Rekan")
    other = InstansiFactory(kode="LAIN", nama="Pemerintah Kabupaten Lain")
    outsider_p = PegawaiFactory(instansi=other, nama="Orang Luar")
    return Personas(
        instansi=instansi,
        atasan_pegawai=atasan_p,
        pegawai_pegawai=pegawai_p,
        rekan_pegawai=rekan_p,
        pegawai=UserFactory(pegawai=pegawai_p),
        atasan=UserFactory(pegawai=atasan_p),
        rekan=UserFactory(pegawai=rekan_p),
        admin=UserFactory(username="admin.bkpsdm", instansi=instansi, is_admin_kepegawaian=True),
        pimpinan=UserFactory(username="walikota", instansi=instansi, is_pimpinan=True),
        auditor=UserFactory(username="inspektorat", instansi=instansi, is_auditor=True),
        outsider=UserFactory(pegawai=outsider_p),
        outsider_pegawai=outsider_p,
    )


@pytest.fixture
def login(client):
    """Log a persona in on the test client and return the client."""

    def _login(user: User):
        client.force_login(user)
        return client

    return _login
