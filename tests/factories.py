"""Factories: each test builds only what it needs."""

from datetime import date, timedelta

import factory
from django.test import Client

from kinerja.org.models import Instansi, Jabatan, Pegawai, UnitKerja, User
from kinerja.org.nip import format_nip

PASSWORD = "rahasia-uji-123"


def nip_for(n: int, *, pppk: bool = False, tahun: int = 2005) -> str:
    """A valid NIP for a test's n-th person. Tests that write NIPs themselves use the default
    appointment year; the factory sequence uses another (``_sequence_nip``), so a NIP a test
    writes can never already belong to a factory-made person, however long the suite runs."""
    born = date(1975, 1, 1) + timedelta(days=(n * 37) % 9000)
    if pppk:
        return format_nip(born, 2022, 21, "L" if n % 2 else "P", n % 999 + 1)
    return format_nip(born, tahun, (n % 12) + 1, "L" if n % 2 else "P", n % 999 + 1)


def _sequence_nip(n: int) -> str:
    return nip_for(n, tahun=2006)


class InstansiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instansi
        django_get_or_create = ("kode",)

    kode = factory.Sequence(lambda n: f"INS{n:03d}")
    nama = factory.Sequence(lambda n: f"Pemerintah Kota Uji {n}")
    tingkat = Instansi.Tingkat.KABUPATEN_KOTA


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitKerja

    instansi = factory.SubFactory(InstansiFactory)
    kode = factory.Sequence(lambda n: f"U{n:04d}")
    nama = factory.Sequence(lambda n: f"Bidang Uji {n}")


class JabatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jabatan

    instansi = factory.SubFactory(InstansiFactory)
    nama = factory.Sequence(lambda n: f"Analis Uji {n}")
    jenis = Jabatan.Jenis.PELAKSANA


class PegawaiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pegawai

    instansi = factory.SubFactory(InstansiFactory)
    nip = factory.Sequence(_sequence_nip)
    nama = factory.Sequence(lambda n: f"Pegawai Uji {n}")
    status = Pegawai.Status.PNS
    golongan = "III/a"
    unit = factory.LazyAttribute(lambda o: UnitFactory(instansi=o.instansi))
    jabatan = None
    atasan = None


class UserFactory(factory.django.DjangoModelFactory):
    """An account; pass pegawai= to make it an employee's (username = NIP)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    pegawai = None
    instansi = factory.LazyAttribute(
        lambda o: o.pegawai.instansi if o.pegawai else InstansiFactory()
    )
    username = factory.LazyAttributeSequence(
        lambda o, n: o.pegawai.nip if o.pegawai else f"staf{n}"
    )

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])


def logged_in(user) -> Client:
    """A test client signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


def post_json(client: Client, url: str, body, **headers):
    """POST ``body`` as JSON; ``headers`` by name (``If_Match=tag``)."""
    return client.post(url, body, content_type="application/json", headers=headers)
