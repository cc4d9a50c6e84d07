"""Building blocks for the scoring app's tests: a period in its assessment stage and a
builder for SKPs with indicators, realisations per slice and behaviour ratings."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from kinerja.skp.models import NILAI_INTI, Periode, Realisasi, Skp
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
