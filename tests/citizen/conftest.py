"""Citizen-voice fixtures: a service with an officer in the personas' agency."""

import pytest

from kinerja.citizen.models import ELEMENT_FIELDS, JawabanSurvei, Layanan, PetugasLayanan
from kinerja.citizen.register import claim_public_code


def make_layanan(instansi, unit, *, kode="ktp", **extra) -> Layanan:
    """A service with its public code ``<agency>-<kode>`` entered in the code directory."""
    return Layanan.objects.create(
        instansi=instansi, unit=unit, nama=extra.pop("nama", f"Loket {kode.upper()}"),
        kode=kode, kode_publik=claim_public_code(instansi, kode), **extra,
    )  # fmt: skip


def add_answers(layanan, rows, **extra) -> list[JawabanSurvei]:
    """Store answers directly (bypassing the public protections), one per row of 9."""
    return JawabanSurvei.objects.bulk_create(
        JawabanSurvei(
            instansi_id=layanan.instansi_id,
            layanan=layanan,
            **dict(zip(ELEMENT_FIELDS, row, strict=True)),
            **extra,
        )  # fmt: skip
        for row in rows
    )


@pytest.fixture
def layanan(personas):
    service = make_layanan(
        personas.instansi, personas.pegawai_pegawai.unit, kode="ktp", populasi=100
    )
    PetugasLayanan.objects.create(
        instansi=personas.instansi, layanan=service, pegawai=personas.pegawai_pegawai, kode="p01"
    )
    return service


@pytest.fixture(autouse=True)
def _remove_writer_queue_file():
    """The SQLite writer queue's lock file lives beside the database; the test database is
    deleted at the end, so is its lock file."""
    yield
    import contextlib
    import os

    from django.db import connection

    from kinerja.citizen.write_queue import lock_path

    if connection.vendor == "sqlite":
        with contextlib.suppress(FileNotFoundError):
            os.remove(lock_path(str(connection.settings_dict["NAME"])))
