"""Factories for the SKP year, built on tests.factories."""

from datetime import UTC, datetime
from decimal import Decimal

import factory

from kinerja.skp.models import (
    NILAI_INTI,
    BagianPeriode,
    Indikator,
    PenilaianPerilaku,
    Periode,
    Realisasi,
    Rhk,
    Skp,
)
from kinerja.skp.services.periode import clean_parameter, slices_for
from tests.factories import InstansiFactory, PegawaiFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
"""The smallest file the evidence upload accepts as a PDF."""
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
ALL_SESUAI = dict.fromkeys(NILAI_INTI, "sesuai")
"""Every BerAKHLAK value rated Sesuai Ekspektasi."""


class PeriodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Periode
        skip_postgeneration_save = True

    instansi = factory.SubFactory(InstansiFactory)
    tahun = 2026
    status = Periode.Status.PELAKSANAAN
    parameter = factory.LazyAttribute(lambda o: clean_parameter(o.skema, None))
    skema = Periode.Skema.PERMENPANRB_6_2022

    @factory.post_generation
    def bagian(obj, create, extracted, **kwargs):
        if create:
            BagianPeriode.objects.bulk_create(
                BagianPeriode(instansi=obj.instansi, periode=obj, nomor=n, mulai=a, selesai=b)
                for n, a, b in slices_for(obj.tahun, obj.kadens)
            )


class SkpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skp

    periode = factory.SubFactory(PeriodeFactory)
    instansi = factory.SelfAttribute("pegawai.instansi")
    pegawai = None
    penilai = factory.LazyAttribute(lambda o: o.pegawai.atasan)
    unit = factory.LazyAttribute(lambda o: o.pegawai.unit)
    jenis = Skp.Jenis.NON_JPT
    status = Skp.Status.DRAF


class RhkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rhk

    skp = None
    instansi = factory.SelfAttribute("skp.instansi")
    uraian = factory.Sequence(lambda n: f"Tersusunnya laporan uji {n}")
    jenis = Rhk.Jenis.UTAMA


class IndikatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indikator

    rhk = None
    instansi = factory.SelfAttribute("rhk.instansi")
    uraian = factory.Sequence(lambda n: f"Jumlah dokumen uji {n}")
    target = Decimal(12)
    satuan = "dokumen"


class RealisasiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Realisasi

    indikator = None
    skp = factory.SelfAttribute("indikator.rhk.skp")
    instansi = factory.SelfAttribute("indikator.instansi")
    bagian = factory.LazyAttribute(lambda o: o.skp.periode.bagian.get(nomor=1))
    nilai = Decimal(3)
    status = Realisasi.Status.DIAJUKAN


class PerilakuFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PenilaianPerilaku

    skp = None
    instansi = factory.SelfAttribute("skp.instansi")
    bagian = factory.LazyAttribute(lambda o: o.skp.periode.bagian.get(nomor=1))
    penilai = factory.SelfAttribute("skp.penilai")
    berorientasi_pelayanan = "sesuai"
    akuntabel = "sesuai"
    kompeten = "sesuai"
    harmonis = "sesuai"
    loyal = "sesuai"
    adaptif = "sesuai"
    kolaboratif = "sesuai"


def approved_skp(pegawai, periode, *, indicators: int = 1, intervensi=None) -> Skp:
    """An approved SKP with one main RHK and ``indicators`` indicators."""
    skp = SkpFactory(
        pegawai=pegawai,
        periode=periode,
        status=Skp.Status.DISETUJUI,
        disetujui_pada=datetime(periode.tahun, 1, 20, tzinfo=UTC),
    )
    rhk = RhkFactory(skp=skp, intervensi=intervensi)
    for _ in range(indicators):
        IndikatorFactory(rhk=rhk)
    return skp


def rater_team(personas, periode, atasan_skp, size: int) -> None:
    """``size`` more staff under the rater in the employee's unit, each with an approved SKP
    of two indicators cascaded from the rater's, one submitted realisation, and a behaviour
    rating for every second one: the load the list pages count their queries on."""
    for n in range(size):
        p = PegawaiFactory(
            instansi=personas.instansi,
            atasan=personas.atasan_pegawai,
            unit=personas.pegawai_pegawai.unit,
        )
        s = approved_skp(p, periode, indicators=2, intervensi=atasan_skp.rhk.get())
        ind = s.rhk.get().indikator.first()
        RealisasiFactory(indikator=ind)
        if n % 2:
            PerilakuFactory(skp=s)
