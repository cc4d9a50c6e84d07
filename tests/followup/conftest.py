"""A closed period with a small team: the employee (Siti), a colleague, the rater (Budi) and
the rater's own supervisor (Kepala), who decides objections."""

from dataclasses import dataclass

import pytest

from kinerja.org.models import Pegawai, User
from kinerja.scoring import services as scoring
from kinerja.skp.models import Periode
from tests.factories import PegawaiFactory, UserFactory
from tests.scoring.conftest import A, B, S, simple_skp
from tests.skp.factories import PeriodeFactory

__all__ = ["A", "B", "S", "TOP", "closed_with"]


def closed_with(personas, people):
    """``people``: list of (unit, name, quarterly realisation, behaviour ratings)."""
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2025,
                             status=Periode.Status.PENILAIAN)  # fmt: skip
    made = {}
    for unit, name, real, perilaku in people:
        person = PegawaiFactory(instansi=personas.instansi, unit=unit, nama=name,
                                atasan=personas.atasan_pegawai)  # fmt: skip
        made[name] = simple_skp(person, periode, real=(real,) * 4, perilaku=perilaku)
    scoring.close_period(periode, by=personas.admin)
    periode.refresh_from_db()
    return periode, made


TOP = (A,) * 4 + (S,) * 3
"""Behaviour rated above expectations on four values: with capaian over 100, Sangat Baik."""


@dataclass
class Closed:
    periode: Periode
    kepala: Pegawai
    kepala_user: User
    skp: dict


def make_team(personas, periode, extra: int = 0):
    """Siti (Baik), Rina (Sangat Baik) and ``extra`` more, all rated by Budi."""
    skp = {
        "siti": simple_skp(personas.pegawai_pegawai, periode, real=(10, 10, 10, 10)),
        "rina": simple_skp(personas.rekan_pegawai, periode, real=(12, 12, 12, 12),
                           perilaku=(A,) * 4 + (S,) * 3),
    }  # fmt: skip
    for n in range(extra):
        person = PegawaiFactory(instansi=personas.instansi, unit=personas.pegawai_pegawai.unit,
                                atasan=personas.atasan_pegawai)  # fmt: skip
        skp[f"p{n}"] = simple_skp(person, periode, real=(11, 11, 11, 11 + n % 3),
                                  perilaku=(A,) * 4 + (S,) * 3)  # fmt: skip
    return skp


@pytest.fixture
def kepala(personas):
    boss = PegawaiFactory(instansi=personas.instansi, unit=personas.pegawai_pegawai.unit,
                          nama="Kepala Dinas")  # fmt: skip
    personas.atasan_pegawai.atasan = boss
    personas.atasan_pegawai.save(update_fields=["atasan"])
    return boss, UserFactory(pegawai=boss)


@pytest.fixture
def closed(personas, kepala) -> Closed:
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2025,
                             status=Periode.Status.PENILAIAN)  # fmt: skip
    skp = make_team(personas, periode)
    scoring.close_period(periode, by=personas.admin)
    periode.refresh_from_db()
    return Closed(periode, kepala[0], kepala[1], skp)


def annual(skp):
    return skp.hasil.get(bagian__isnull=True)
