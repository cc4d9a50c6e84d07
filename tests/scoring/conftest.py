"""Building blocks for the scoring app's tests: a period in its assessment stage, a builder
for SKPs with indicators, realisations per slice and behaviour ratings, a random agency of
them, and two computed results."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from kinerja.scoring import services
from kinerja.scoring.models import Hasil
from kinerja.skp.models import NILAI_INTI, Periode, Realisasi, Skp
from tests.factories import PegawaiFactory
from tests.skp.factories import (
    IndikatorFactory,
    PerilakuFactory,
    PeriodeFactory,
    RealisasiFactory,
    RhkFactory,
    SkpFactory,
)

V = Realisasi.Status.DIVERIFIKASI
D = Realisasi.Status.DIAJUKAN


@pytest.fixture(autouse=True)
def _after_the_year(monkeypatch):
    """The scoring tests decide the 2026 results in the assessment stage, after the year's
    last slice ended (an earlier annual decision needs an acknowledgement: issue 19)."""
    from kinerja.scoring.services import decisions

    monkeypatch.setattr(decisions, "today_local", lambda: date(2027, 1, 15))


@pytest.fixture
def periode(personas) -> Periode:
    return PeriodeFactory(instansi=personas.instansi, tahun=2026, status=Periode.Status.PENILAIAN)


def build_skp(pegawai, periode, rhk, *, perilaku=None, jenis=Skp.Jenis.NON_JPT, penilai="atasan"):
    """An approved SKP. ``rhk`` is a list of (jenis, [indicator]), an indicator a dict with
    aspek, arah, target, target_atas, bobot and ``real`` {slice number: (value, status)}.
    ``perilaku`` maps a slice number to 7 ratings (BerAKHLAK order) or (ratings, notes)."""
    kwargs = {} if penilai == "atasan" else {"penilai": penilai}
    skp = SkpFactory(
        pegawai=pegawai, periode=periode, status=Skp.Status.DISETUJUI, jenis=jenis,
        disetujui_pada=datetime(periode.tahun, 1, 20, tzinfo=UTC), **kwargs,
    )  # fmt: skip
    slices = {b.nomor: b for b in periode.bagian.all()}
    for urutan, (rjenis, indicators) in enumerate(rhk):
        row = RhkFactory(skp=skp, jenis=rjenis, urutan=urutan)
        for n, spec in enumerate(indicators):
            ind = IndikatorFactory(
                rhk=row, urutan=n, aspek=spec.get("aspek", "kuantitas"),
                arah=spec.get("arah", "naik"), target=Decimal(str(spec["target"])),
                target_atas=(Decimal(str(spec["target_atas"])) if spec.get("target_atas")
                             else None),
                bobot=Decimal(str(spec.get("bobot", 1))),
            )  # fmt: skip
            for nomor, (value, status) in spec.get("real", {}).items():
                RealisasiFactory(indikator=ind, bagian=slices[nomor],
                                 nilai=Decimal(str(value)), status=status)  # fmt: skip
    for nomor, given in (perilaku or {}).items():
        values, notes = given if isinstance(given[0], list | tuple) else (given, {})
        PerilakuFactory(
            skp=skp, bagian=slices[nomor], **dict(zip(NILAI_INTI, values, strict=True)),
            **{f"catatan_{k}": v for k, v in notes.items()},
        )  # fmt: skip
    return skp


A, S, B = "di_atas", "sesuai", "di_bawah"


def simple_skp(pegawai, periode, *, real=(10, 10, 10, 10), perilaku=(S,) * 7, target=40):
    """One RHK, one quantity indicator (target ``target``), verified realisations per slice,
    the same behaviour ratings in every slice."""
    spec = {"target": target, "real": {n + 1: (v, V) for n, v in enumerate(real)}}
    return build_skp(pegawai, periode, [("utama", [spec])],
                     perilaku={n: list(perilaku) for n in range(1, 5)})  # fmt: skip


def random_agency(personas, periode, rng, count=30):
    """``count`` SKPs with every kind of input the rules see, drawn from ``rng``."""
    unit = personas.pegawai_pegawai.unit
    skps = []
    for k in range(count):
        person = PegawaiFactory(instansi=personas.instansi, unit=unit,
                                atasan=personas.atasan_pegawai)  # fmt: skip
        rhk = []
        for r in range(rng.randint(1, 3)):
            indicators = []
            for _ in range(rng.randint(1, 3)):
                target = Decimal(rng.randint(1, 400)) / rng.choice([1, 4, 10])
                real = {
                    nomor: (Decimal(rng.randint(-3 if rng.random() < 0.05 else 0, 500))
                            / rng.choice([1, 3, 8]), rng.choice([V, V, V, D]))
                    for nomor in range(1, 5) if rng.random() < 0.8
                }  # fmt: skip
                indicators.append({
                    "aspek": rng.choice(["kuantitas", "kualitas", "waktu", "biaya"]),
                    "arah": rng.choice(["naik", "naik", "turun", "tepat"]),
                    "target": target,
                    "target_atas": target + rng.randint(1, 20) if rng.random() < 0.2 else None,
                    "bobot": rng.choice([1, 1, 2, Decimal("0.5")]), "real": real,
                })  # fmt: skip
            first = "tambahan" if k % 13 == 5 else "utama"  # now and then no main RHK
            rhk.append((first if r == 0 else rng.choice(["utama", "tambahan"]), indicators))
        perilaku = {
            nomor: ([rng.choice([A, S, S, B]) for _ in NILAI_INTI],
                    {c: rng.choice(["catatan", "  "]) for c in NILAI_INTI if rng.random() < 0.3})
            for nomor in range(1, 5) if rng.random() < 0.85
        }  # fmt: skip
        jenis = Skp.Jenis.JPT if k % 7 == 3 else Skp.Jenis.NON_JPT
        skps.append(build_skp(person, periode, rhk, perilaku=perilaku, jenis=jenis))
    services.set_org_predikat(periode, by=personas.pimpinan, predikat="baik", unit=unit,
                              hasil_kerja_unit="di_atas")  # fmt: skip
    return skps


@pytest.fixture
def computed(personas, periode):
    """Two computed results (the employee's and a colleague's), by pegawai id."""
    simple_skp(personas.pegawai_pegawai, periode, real=(10, 10, 10, 14))
    simple_skp(personas.rekan_pegawai, periode)
    services.compute_results(periode, by=personas.admin)
    return {h.skp.pegawai_id: h for h in Hasil.objects.select_related("skp").all()}


@pytest.fixture
def team(personas, periode):
    """Twelve approved SKPs under the rater (the two personas and ten more), each with a
    verified realisation in every slice and behaviour rated in each: 60 results at close."""
    people = [personas.pegawai_pegawai, personas.rekan_pegawai]
    for _ in range(10):
        people.append(PegawaiFactory(instansi=personas.instansi, unit=personas.pegawai_pegawai.unit,
                                     atasan=personas.atasan_pegawai))  # fmt: skip
    for n, person in enumerate(people):
        simple_skp(person, periode, real=(10 + n % 2, 10, 10, 10), perilaku=(A,) * 4 + (S,) * 3)
    return people


def snapshot(periode) -> list[tuple]:
    """The period's stored results as the close left them, in id order: what must not move."""
    return list(
        Hasil.objects.filter(periode=periode)
        .order_by("pk")
        .values_list(
            "skp_id",
            "bagian_id",
            "hash_masukan",
            "capaian",
            "usulan_predikat",
            "status",
            "version",
            "dihitung_pada",
        )
    )
