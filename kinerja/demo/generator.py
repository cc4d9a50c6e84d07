"""A believable city government of any size, built from a seed.

``plan_agency`` is pure: from a size and a seed it lays out the units, the
people in them, their positions, titles, NIPs and supervisors, drawing every
random choice from one ``random.Random(seed)``. ``build_agency`` writes that
plan with a fixed number of bulk statements per table (plus one per batch),
so 100,000 employees take seconds, not hours. ``ensure_demo_agency`` is what
``manage.py demo`` calls: it leaves an existing agency alone unless asked to
rebuild it.

The organisation follows a kota's usual layout: the Sekretaris Daerah heads
the secretariat and rates the heads of the dinas and badan (the Wali Kota is
elected, not an employee); below them secretaries and heads of bidang
(administrator), then heads of seksi, subbagian, puskesmas and UPT
(pengawas) and school principals, then staff (pelaksana and fungsional).
Every employee but the Sekretaris Daerah has as supervisor the head of their
own unit or, for a head, of the parent unit.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import CASCADE, DO_NOTHING, SET_NULL
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone

from kinerja.core.audit import record
from kinerja.core.models import AuditEntry
from kinerja.demo.names import TEMPAT, L, P, person_name
from kinerja.org.models import (
    GOLONGAN_PNS,
    GOLONGAN_PPPK,
    Instansi,
    Jabatan,
    Pegawai,
    UnitKerja,
    User,
)
from kinerja.org.nip import format_nip

DEMO_PASSWORD = "demo12345"  # noqa: S105 - published on purpose: it is the demo's password
DEFAULT_KODE = "DEMO"
DEFAULT_NAMA = "Pemerintah Kota Demo"
MIN_PEGAWAI = 60
BATCH_SIZE = 5000
ACTION = "demo.bangun"
ACTOR = "generator data demo"

# The last year anyone was appointed. Fixed, so a seed gives the same agency in any year.
REFERENCE_YEAR = 2025
FIRST_PPPK_YEAR = 2019
PPPK_CODE = 21  # the two digits after the year in a Nomor Induk PPPK: never a month
STAFF_BIRTH = (1966, 2000)
PPPK_BIRTH = (1965, 2000)

Jenis = Jabatan.Jenis
PNS = Pegawai.Status.PNS.value
PPPK = Pegawai.Status.PPPK.value


class DemoError(Exception):
    """The demo cannot be built as asked; the message says what to do, in Indonesian."""


# --- Education, titles and rank --------------------------------------------------------------


@dataclass(frozen=True)
class Pendidikan:
    min_age: int  # youngest age at appointment with this education
    gol_start: int  # index into GOLONGAN_PNS on appointment
    gol_cap: int  # highest regular rank outside structural posts
    gol_pppk: int  # index into GOLONGAN_PPPK
    ahli: bool  # fungsional career line: ahli (S1/D4 and up) or terampil (D3)


PENDIDIKAN = {
    "sma": Pendidikan(18, 4, 10, 4, False),  # II/a .. III/c, PPPK V
    "d3": Pendidikan(21, 6, 11, 6, False),  # II/c .. III/d, PPPK VII
    "d4": Pendidikan(22, 8, 12, 8, True),  # III/a .. IV/a, PPPK IX
    "s1": Pendidikan(22, 8, 12, 8, True),
    "profesi": Pendidikan(24, 9, 13, 9, True),  # dokter, apoteker, ners: III/b, PPPK X
    "s2": Pendidikan(25, 9, 14, 9, True),
    "s3": Pendidikan(28, 10, 16, 10, True),
}

# profile: (weight, gelar depan, gelar belakang, pendidikan)
GELAR: dict[str, tuple[tuple[float, str, str, str], ...]] = {
    "pelaksana": (
        (5, "", "", "sma"), (2, "", "A.Md.", "d3"), (1, "", "S.E.", "s1"),
        (0.5, "", "S.Sos.", "s1"), (0.5, "", "S.Kom.", "s1"), (0.4, "", "S.M.", "s1"),
    ),
    "pelaksana_s1": (
        (2, "", "S.E.", "s1"), (2, "", "S.Sos.", "s1"), (1, "", "S.H.", "s1"),
        (1, "", "S.Kom.", "s1"), (1, "", "A.Md.", "d3"), (0.5, "", "S.A.P.", "s1"),
    ),
    "pelaksana_teknik": (
        (3, "", "", "sma"), (2, "", "A.Md.T.", "d3"), (1, "", "S.T.", "s1"),
        (1, "", "A.Md.Kom.", "d3"),
    ),
    "umum_s1": (
        (2, "", "S.E.", "s1"), (2, "", "S.Sos.", "s1"), (1.5, "", "S.H.", "s1"),
        (1.5, "", "S.I.P.", "s1"), (1, "", "S.A.P.", "s1"), (1, "", "S.Kom.", "s1"),
        (1, "", "S.Ak.", "s1"), (1, "", "S.E., M.M.", "s2"), (0.5, "", "S.Sos., M.Si.", "s2"),
    ),
    "umum_s2": (
        (3, "", "S.E., M.Si.", "s2"), (3, "", "S.Sos., M.Si.", "s2"), (2, "", "S.H., M.H.", "s2"),
        (2, "", "S.I.P., M.A.P.", "s2"), (1, "", "S.E., M.M.", "s2"), (1, "", "S.T., M.T.", "s2"),
        (0.5, "Dr.", "S.Sos., M.Si.", "s3"),
    ),
    "sekda": (
        (2, "Dr.", "S.H., M.Si.", "s3"), (2, "Dr.", "S.Sos., M.Si.", "s3"),
        (1, "Dr. Ir.", "M.M.", "s3"), (2, "", "S.E., M.Si.", "s2"),
    ),
    "sdm": (
        (2, "", "S.Psi.", "s1"), (2, "", "S.E.", "s1"), (2, "", "S.A.P.", "s1"),
        (1, "", "S.H.", "s1"), (1, "", "S.Sos., M.Si.", "s2"),
    ),
    "psikolog": ((3, "", "S.Psi., M.Psi., Psikolog", "s2"), (1, "", "S.Psi.", "s1")),
    "d3_umum": ((3, "", "A.Md.", "d3"), (1, "", "A.Md.Kom.", "d3")),
    "arsiparis": (
        (2, "", "A.Md.", "d3"), (1, "", "S.I.P.", "s1"), (1, "", "S.Hum.", "s1"),
        (1, "", "S.Sos.", "s1"),
    ),
    "informatika": ((2, "", "S.Kom.", "s1"), (1, "", "S.T.", "s1"), (1, "", "A.Md.Kom.", "d3")),
    "dokter": ((6, "dr.", "", "profesi"), (1, "dr.", "M.Kes.", "s2"), (0.5, "dr.", "M.K.M.", "s2")),
    "dokter_s2": (
        (3, "dr.", "M.Kes.", "s2"), (1, "dr.", "M.K.M.", "s2"), (1, "dr.", "M.M.", "s2"),
        (0.5, "dr.", "Sp.KKLP", "s2"),
    ),
    "dokter_gigi": ((4, "drg.", "", "profesi"), (1, "drg.", "M.Kes.", "s2")),
    "kepala_puskesmas": (
        (3, "dr.", "", "profesi"), (1, "dr.", "M.Kes.", "s2"), (2, "", "S.K.M.", "s1"),
        (1, "", "S.K.M., M.Kes.", "s2"), (1, "drg.", "", "profesi"),
        (0.5, "Ns.", "S.Kep.", "profesi"),
    ),
    "kesmas": (
        (3, "", "S.K.M.", "s1"), (1, "", "S.K.M., M.Kes.", "s2"), (1, "", "S.K.M., M.K.M.", "s2"),
    ),
    "kesmas_s2": (
        (3, "", "S.K.M., M.Kes.", "s2"), (1, "", "S.K.M., M.K.M.", "s2"),
        (1, "dr.", "M.Kes.", "s2"),
    ),
    "perawat": ((5, "", "A.Md.Kep.", "d3"), (4, "Ns.", "S.Kep.", "profesi")),
    "bidan": (
        (6, "", "A.Md.Keb.", "d3"), (2, "", "S.Tr.Keb.", "d4"), (1, "", "S.Keb., Bd.", "profesi"),
    ),
    "apoteker": ((1, "apt.", "S.Farm.", "profesi"),),
    "asisten_apoteker": ((1, "", "A.Md.Farm.", "d3"),),
    "sanitarian": ((3, "", "A.Md.KL.", "d3"), (1, "", "S.K.M.", "s1"), (1, "", "S.Tr.KL.", "d4")),
    "nutrisionis": ((3, "", "A.Md.Gz.", "d3"), (2, "", "S.Gz.", "s1")),
    "analis_lab": ((3, "", "A.Md.AK.", "d3"), (1, "", "S.Tr.Kes.", "d4")),
    "perekam_medis": ((3, "", "A.Md.Kes.", "d3"), (1, "", "S.Tr.Kes.", "d4")),
    "guru": (
        (8, "", "S.Pd.", "s1"), (2, "", "S.Pd., M.Pd.", "s2"), (1, "", "S.Pd.I.", "s1"),
        (0.5, "", "S.Ag.", "s1"), (0.5, "", "S.Si.", "s1"), (0.5, "", "S.Pd., Gr.", "profesi"),
    ),
    "kepala_sekolah": (
        (5, "", "S.Pd., M.Pd.", "s2"), (3, "", "S.Pd.", "s1"), (1, "", "S.Pd.I., M.Pd.I.", "s2"),
    ),
    "pendidikan_s2": (
        (3, "", "S.Pd., M.Pd.", "s2"), (1, "Dr.", "S.Pd., M.Pd.", "s3"),
        (1, "", "S.Sos., M.Si.", "s2"),
    ),
    "pustakawan": ((2, "", "A.Md.", "d3"), (1, "", "S.I.P.", "s1"), (1, "", "S.Hum.", "s1")),
    "perhubungan": ((3, "", "A.Md.T.", "d3"), (2, "", "S.Tr.T.", "d4"), (1, "", "S.T.", "s1")),
    "teknik_s2": (
        (3, "", "S.T., M.T.", "s2"), (1, "", "S.Si.T., M.T.", "s2"), (1, "", "S.E., M.Si.", "s2"),
        (1, "", "A.T.D., M.T.", "s2"),
    ),
}  # fmt: skip

_GELAR_CUM = {
    key: (options, tuple(sum(o[0] for o in options[: i + 1]) for i in range(len(options))))
    for key, options in GELAR.items()
}

# Structural posts: the rank range they are held at, and the birth years of who holds them.
GOL_JABATAN = {
    Jenis.JPT_MADYA: (14, 16),  # IV/c .. IV/e
    Jenis.JPT_PRATAMA: (13, 15),  # IV/b .. IV/d
    Jenis.ADMINISTRATOR: (11, 13),  # III/d .. IV/b
    Jenis.PENGAWAS: (9, 11),  # III/b .. III/d
    Jenis.FUNGSIONAL: (11, 14),  # a school principal: Guru Ahli Muda or Madya
}
GOL_PELAKSANA_MAX = 11  # III/d: the top of a pelaksana's regular promotions
LAHIR_JABATAN = {
    Jenis.JPT_MADYA: (1966, 1971),
    Jenis.JPT_PRATAMA: (1966, 1976),
    Jenis.ADMINISTRATOR: (1967, 1982),
    Jenis.PENGAWAS: (1968, 1990),
    Jenis.FUNGSIONAL: (1967, 1985),
}


def _jenjang(golongan: int, status: str, ahli: bool) -> str:
    """The level of a fungsional post that fits the rank (PermenPANRB 1/2023 levels)."""
    if status == PPPK:
        return "Ahli Pertama" if ahli else "Terampil"
    if ahli:
        if golongan <= 9:
            return "Ahli Pertama"
        if golongan <= 11:
            return "Ahli Muda"
        return "Ahli Madya" if golongan <= 14 else "Ahli Utama"
    if golongan <= 7:
        return "Terampil"
    return "Mahir" if golongan <= 9 else "Penyelia"


# --- Staff kinds and the unit tree -----------------------------------------------------------


@dataclass(frozen=True)
class StaffKind:
    nama: str  # the post, or for a fungsional career the name before its level
    jenis: str
    gelar: str  # key into GELAR
    female: float  # share of women
    pppk: float  # share of PPPK
    jenjang: bool = False


KINDS = {
    "arsiparis": StaffKind("Arsiparis", Jenis.FUNGSIONAL, "arsiparis", 0.5, 0.10, True),
    "pengadministrasi": StaffKind(
        "Pengadministrasi Perkantoran", Jenis.PELAKSANA, "pelaksana", 0.55, 0.08
    ),
    "operator": StaffKind("Operator Layanan Operasional", Jenis.PELAKSANA, "pelaksana", 0.3, 0.08),
    "pengolah_data": StaffKind(
        "Pengolah Data dan Informasi", Jenis.PELAKSANA, "pelaksana_s1", 0.5, 0.05
    ),
    "analis_kebijakan": StaffKind("Analis Kebijakan", Jenis.FUNGSIONAL, "umum_s1", 0.5, 0, True),
    "pranata_sdm": StaffKind(
        "Pranata Sumber Daya Manusia Aparatur", Jenis.FUNGSIONAL, "d3_umum", 0.6, 0.05, True
    ),
    "analis_sdm": StaffKind(
        "Analis Sumber Daya Manusia Aparatur", Jenis.FUNGSIONAL, "sdm", 0.55, 0.05, True
    ),
    "asesor_sdm": StaffKind(
        "Asesor Sumber Daya Manusia Aparatur", Jenis.FUNGSIONAL, "psikolog", 0.6, 0, True
    ),
    "dokter": StaffKind("Dokter", Jenis.FUNGSIONAL, "dokter", 0.6, 0.15, True),
    "dokter_gigi": StaffKind("Dokter Gigi", Jenis.FUNGSIONAL, "dokter_gigi", 0.7, 0.15, True),
    "perawat": StaffKind("Perawat", Jenis.FUNGSIONAL, "perawat", 0.72, 0.22, True),
    "bidan": StaffKind("Bidan", Jenis.FUNGSIONAL, "bidan", 1.0, 0.22, True),
    "apoteker": StaffKind("Apoteker", Jenis.FUNGSIONAL, "apoteker", 0.7, 0.15, True),
    "asisten_apoteker": StaffKind(
        "Asisten Apoteker", Jenis.FUNGSIONAL, "asisten_apoteker", 0.75, 0.2, True
    ),
    "sanitarian": StaffKind(
        "Tenaga Sanitasi Lingkungan", Jenis.FUNGSIONAL, "sanitarian", 0.55, 0.2, True
    ),
    "nutrisionis": StaffKind("Nutrisionis", Jenis.FUNGSIONAL, "nutrisionis", 0.85, 0.2, True),
    "pranata_lab": StaffKind(
        "Pranata Laboratorium Kesehatan", Jenis.FUNGSIONAL, "analis_lab", 0.7, 0.2, True
    ),
    "perekam_medis": StaffKind("Perekam Medis", Jenis.FUNGSIONAL, "perekam_medis", 0.65, 0.2, True),
    "administrator_kesehatan": StaffKind(
        "Administrator Kesehatan", Jenis.FUNGSIONAL, "kesmas", 0.6, 0, True
    ),
    "epidemiolog": StaffKind("Epidemiolog Kesehatan", Jenis.FUNGSIONAL, "kesmas", 0.55, 0.05, True),
    "guru": StaffKind("Guru", Jenis.FUNGSIONAL, "guru", 0.68, 0.22, True),
    "pustakawan": StaffKind("Pustakawan", Jenis.FUNGSIONAL, "pustakawan", 0.7, 0.1, True),
    "penguji_kendaraan": StaffKind(
        "Penguji Kendaraan Bermotor", Jenis.FUNGSIONAL, "perhubungan", 0.1, 0.05, True
    ),
    "petugas_lalu_lintas": StaffKind(
        "Petugas Pengatur Lalu Lintas", Jenis.PELAKSANA, "pelaksana", 0.15, 0.1
    ),
    "operator_atcs": StaffKind(
        "Operator Pengendalian Lalu Lintas (ATCS)", Jenis.PELAKSANA, "pelaksana_teknik", 0.3, 0.05
    ),
    "petugas_terminal": StaffKind("Petugas Terminal", Jenis.PELAKSANA, "pelaksana", 0.2, 0.1),
    "pengelola_angkutan": StaffKind(
        "Pengelola Angkutan Umum", Jenis.PELAKSANA, "pelaksana_teknik", 0.3, 0.05
    ),
    "loket_ktp": StaffKind(
        "Petugas Loket Pelayanan KTP-el", Jenis.PELAKSANA, "pelaksana", 0.6, 0.1
    ),
    "operator_ktp": StaffKind("Operator Perekaman KTP-el", Jenis.PELAKSANA, "pelaksana", 0.5, 0.1),
    "loket_kk": StaffKind(
        "Petugas Loket Pelayanan Kartu Keluarga", Jenis.PELAKSANA, "pelaksana", 0.6, 0.1
    ),
    "loket_akta": StaffKind(
        "Petugas Loket Pelayanan Akta Kelahiran dan Kematian",
        Jenis.PELAKSANA,
        "pelaksana",
        0.6,
        0.1,
    ),
    "verifikator": StaffKind(
        "Verifikator Berkas Kependudukan", Jenis.PELAKSANA, "pelaksana_s1", 0.55, 0.05
    ),
    "adminduk": StaffKind(
        "Administrator Database Kependudukan", Jenis.FUNGSIONAL, "informatika", 0.35, 0, True
    ),
}


@dataclass(frozen=True)
class Kepala:
    jabatan: str
    jenis: str
    gelar: str


@dataclass(frozen=True)
class UnitSpec:
    kode: str
    nama: str
    kepala: Kepala
    staf: tuple[tuple[str, float], ...] = ()  # (kind, weight within the unit)
    share: float = 0.0  # this unit's share of all staff; for a repeated unit, of all copies
    anak: tuple["UnitSpec", ...] = ()
    ulang: str = ""  # "puskesmas", "sd" or "smp": the unit is copied that many times


def _kasubbag(kode: str, nama: str, staf, share: float) -> UnitSpec:
    return UnitSpec(kode, nama, Kepala(f"Kepala {nama}", Jenis.PENGAWAS, "umum_s1"), staf, share)


_UMUM_STAF = (("pengadministrasi", 4), ("arsiparis", 1), ("pranata_sdm", 1), ("operator", 1))


def _sekretariat(prefix: str, dinas: str) -> UnitSpec:
    return UnitSpec(
        f"{prefix}-SEK", f"Sekretariat {dinas}",
        Kepala(f"Sekretaris {dinas}", Jenis.ADMINISTRATOR, "umum_s2"),
        anak=(_kasubbag(f"{prefix}-SEK-UM", "Subbagian Umum dan Kepegawaian", _UMUM_STAF, 0.007),),
    )  # fmt: skip


KOTA = UnitSpec(
    "SETDA", "Sekretariat Daerah", Kepala("Sekretaris Daerah", Jenis.JPT_MADYA, "sekda"),
    anak=(
        UnitSpec(
            "SETDA-UMUM", "Bagian Umum",
            Kepala("Kepala Bagian Umum", Jenis.ADMINISTRATOR, "umum_s2"),
            anak=(
                _kasubbag("SETDA-UMUM-TU", "Subbagian Tata Usaha dan Kearsipan",
                          (("arsiparis", 5), ("pengadministrasi", 3), ("pengolah_data", 1)), 0.016),
                _kasubbag("SETDA-UMUM-RT", "Subbagian Rumah Tangga",
                          (("operator", 3), ("pengadministrasi", 2)), 0.01),
            ),
        ),
        UnitSpec(
            "SETDA-ORG", "Bagian Organisasi",
            Kepala("Kepala Bagian Organisasi", Jenis.ADMINISTRATOR, "umum_s2"),
            anak=(
                _kasubbag("SETDA-ORG-KL", "Subbagian Kelembagaan dan Analisis Jabatan",
                          (("analis_kebijakan", 2), ("pengolah_data", 1)), 0.006),
                _kasubbag("SETDA-ORG-RB", "Subbagian Reformasi Birokrasi dan Akuntabilitas Kinerja",
                          (("analis_kebijakan", 2), ("pengadministrasi", 1)), 0.006),
            ),
        ),
        UnitSpec(
            "DINKES", "Dinas Kesehatan",
            Kepala("Kepala Dinas Kesehatan", Jenis.JPT_PRATAMA, "dokter_s2"),
            anak=(
                _sekretariat("DINKES", "Dinas Kesehatan"),
                UnitSpec(
                    "DINKES-YANKES", "Bidang Pelayanan Kesehatan",
                    Kepala("Kepala Bidang Pelayanan Kesehatan", Jenis.ADMINISTRATOR, "dokter_s2"),
                    anak=(
                        UnitSpec(
                            "DINKES-YANKES-PRIMER", "Seksi Pelayanan Kesehatan Primer",
                            Kepala("Kepala Seksi Pelayanan Kesehatan Primer", Jenis.PENGAWAS,
                                   "kesmas"),
                            (("administrator_kesehatan", 2), ("pengadministrasi", 1)), 0.006,
                        ),
                        UnitSpec(
                            "DINKES-PKM", "UPTD Puskesmas",
                            Kepala("Kepala UPTD Puskesmas", Jenis.PENGAWAS, "kepala_puskesmas"),
                            (("dokter", 3), ("dokter_gigi", 1), ("perawat", 9), ("bidan", 7),
                             ("apoteker", 1), ("asisten_apoteker", 1), ("sanitarian", 1),
                             ("nutrisionis", 1), ("pranata_lab", 1), ("perekam_medis", 1),
                             ("pengadministrasi", 2)),
                            0.21, ulang="puskesmas",
                        ),
                    ),
                ),
                UnitSpec(
                    "DINKES-P2P", "Bidang Pencegahan dan Pengendalian Penyakit",
                    Kepala("Kepala Bidang Pencegahan dan Pengendalian Penyakit",
                           Jenis.ADMINISTRATOR, "kesmas_s2"),
                    anak=(
                        UnitSpec(
                            "DINKES-P2P-SURV", "Seksi Surveilans dan Imunisasi",
                            Kepala("Kepala Seksi Surveilans dan Imunisasi", Jenis.PENGAWAS,
                                   "kesmas"),
                            (("epidemiolog", 3), ("sanitarian", 1), ("pengadministrasi", 1)), 0.006,
                        ),
                    ),
                ),
            ),
        ),
        UnitSpec(
            "DISDIK", "Dinas Pendidikan",
            Kepala("Kepala Dinas Pendidikan", Jenis.JPT_PRATAMA, "pendidikan_s2"),
            anak=(
                _sekretariat("DISDIK", "Dinas Pendidikan"),
                UnitSpec(
                    "DISDIK-SD", "Bidang Pembinaan Sekolah Dasar",
                    Kepala("Kepala Bidang Pembinaan Sekolah Dasar", Jenis.ADMINISTRATOR,
                           "pendidikan_s2"),
                    anak=(
                        UnitSpec(
                            "DISDIK-SDN", "SD Negeri",
                            Kepala("Kepala Sekolah", Jenis.FUNGSIONAL, "kepala_sekolah"),
                            (("guru", 10), ("pengadministrasi", 1)), 0.32, ulang="sd",
                        ),
                    ),
                ),
                UnitSpec(
                    "DISDIK-SMP", "Bidang Pembinaan Sekolah Menengah Pertama",
                    Kepala("Kepala Bidang Pembinaan Sekolah Menengah Pertama",
                           Jenis.ADMINISTRATOR, "pendidikan_s2"),
                    anak=(
                        UnitSpec(
                            "DISDIK-SMPN", "SMP Negeri",
                            Kepala("Kepala Sekolah", Jenis.FUNGSIONAL, "kepala_sekolah"),
                            (("guru", 20), ("pustakawan", 1), ("pengadministrasi", 2),
                             ("operator", 1)),
                            0.15, ulang="smp",
                        ),
                    ),
                ),
            ),
        ),
        UnitSpec(
            "DISHUB", "Dinas Perhubungan",
            Kepala("Kepala Dinas Perhubungan", Jenis.JPT_PRATAMA, "teknik_s2"),
            anak=(
                _sekretariat("DISHUB", "Dinas Perhubungan"),
                UnitSpec(
                    "DISHUB-LLA", "Bidang Lalu Lintas dan Angkutan",
                    Kepala("Kepala Bidang Lalu Lintas dan Angkutan", Jenis.ADMINISTRATOR,
                           "teknik_s2"),
                    anak=(
                        UnitSpec(
                            "DISHUB-LLA-MRLL", "Seksi Manajemen dan Rekayasa Lalu Lintas",
                            Kepala("Kepala Seksi Manajemen dan Rekayasa Lalu Lintas",
                                   Jenis.PENGAWAS, "perhubungan"),
                            (("petugas_lalu_lintas", 5), ("operator_atcs", 2)), 0.02,
                        ),
                        UnitSpec(
                            "DISHUB-LLA-ANG", "Seksi Angkutan",
                            Kepala("Kepala Seksi Angkutan", Jenis.PENGAWAS, "perhubungan"),
                            (("petugas_terminal", 3), ("pengelola_angkutan", 2)), 0.015,
                        ),
                        UnitSpec(
                            "DISHUB-PKB", "UPT Pengujian Kendaraan Bermotor",
                            Kepala("Kepala UPT Pengujian Kendaraan Bermotor", Jenis.PENGAWAS,
                                   "perhubungan"),
                            (("penguji_kendaraan", 5), ("pengadministrasi", 2)), 0.015,
                        ),
                    ),
                ),
            ),
        ),
        UnitSpec(
            "DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil",
            Kepala("Kepala Dinas Kependudukan dan Pencatatan Sipil", Jenis.JPT_PRATAMA, "umum_s2"),
            anak=(
                _sekretariat("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
                UnitSpec(
                    "DISDUKCAPIL-DAFDUK", "Bidang Pelayanan Pendaftaran Penduduk",
                    Kepala("Kepala Bidang Pelayanan Pendaftaran Penduduk", Jenis.ADMINISTRATOR,
                           "umum_s2"),
                    anak=(
                        UnitSpec(
                            "DISDUKCAPIL-DAFDUK-KTP", "Seksi Identitas Penduduk",
                            Kepala("Kepala Seksi Identitas Penduduk", Jenis.PENGAWAS, "umum_s1"),
                            (("loket_ktp", 4), ("operator_ktp", 2), ("adminduk", 1)), 0.03,
                        ),
                        UnitSpec(
                            "DISDUKCAPIL-DAFDUK-KK", "Seksi Pindah Datang dan Pendataan Penduduk",
                            Kepala("Kepala Seksi Pindah Datang dan Pendataan Penduduk",
                                   Jenis.PENGAWAS, "umum_s1"),
                            (("loket_kk", 4), ("verifikator", 2)), 0.025,
                        ),
                    ),
                ),
                UnitSpec(
                    "DISDUKCAPIL-CAPIL", "Bidang Pelayanan Pencatatan Sipil",
                    Kepala("Kepala Bidang Pelayanan Pencatatan Sipil", Jenis.ADMINISTRATOR,
                           "umum_s2"),
                    anak=(
                        UnitSpec(
                            "DISDUKCAPIL-CAPIL-AKTA", "Seksi Kelahiran dan Kematian",
                            Kepala("Kepala Seksi Kelahiran dan Kematian", Jenis.PENGAWAS,
                                   "umum_s1"),
                            (("loket_akta", 4), ("verifikator", 2)), 0.025,
                        ),
                    ),
                ),
            ),
        ),
        UnitSpec(
            "BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
            Kepala("Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
                   Jenis.JPT_PRATAMA, "umum_s2"),
            anak=(
                _sekretariat("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"),
                UnitSpec(
                    "BKPSDM-MUTASI", "Bidang Mutasi dan Promosi",
                    Kepala("Kepala Bidang Mutasi dan Promosi", Jenis.ADMINISTRATOR, "umum_s2"),
                    (("analis_sdm", 3), ("pranata_sdm", 2)), 0.008,
                ),
                UnitSpec(
                    "BKPSDM-KINERJA", "Bidang Penilaian Kinerja dan Penghargaan",
                    Kepala("Kepala Bidang Penilaian Kinerja dan Penghargaan", Jenis.ADMINISTRATOR,
                           "umum_s2"),
                    (("analis_sdm", 3), ("pranata_sdm", 2), ("asesor_sdm", 1)), 0.008,
                ),
                UnitSpec(
                    "BKPSDM-BANGKOM", "Bidang Pengembangan Kompetensi",
                    Kepala("Kepala Bidang Pengembangan Kompetensi", Jenis.ADMINISTRATOR, "sdm"),
                    (("analis_sdm", 3), ("pengadministrasi", 1)), 0.006,
                ),
            ),
        ),
    ),
)  # fmt: skip

# Staff per copy of a repeated unit, used to decide how many copies a size needs.
STAF_PER_SALINAN = {"puskesmas": 30, "sd": 12, "smp": 28}


# --- The plan --------------------------------------------------------------------------------


@dataclass(slots=True)
class UnitPlan:
    kode: str
    nama: str
    induk: int | None  # index into AgencyPlan.units
    kepala: int = -1  # index into AgencyPlan.people


@dataclass(slots=True)
class PersonPlan:
    unit: int
    atasan: int | None
    jabatan: tuple[str, str]  # (nama, jenis)
    nip: str
    gelar_depan: str
    nama: str
    gelar_belakang: str
    status: str
    golongan: str


@dataclass
class AgencyPlan:
    units: list[UnitPlan]
    people: list[PersonPlan]
    kepala_dinas: int  # the demo persona of each role, as indexes into people
    atasan: int
    pegawai: int


def copies_for(pegawai: int) -> dict[str, int]:
    """How many puskesmas, SD and SMP an agency of this size has."""
    shares = {"puskesmas": 0.21, "sd": 0.32, "smp": 0.15}
    return {
        key: max(1, round(pegawai * shares[key] / per)) for key, per in STAF_PER_SALINAN.items()
    }


def plan_agency(*, pegawai: int, seed: int) -> AgencyPlan:
    """Lay out an agency of ``pegawai`` employees; the same arguments give the same plan."""
    if pegawai < MIN_PEGAWAI:
        raise DemoError(f"Instansi demo membutuhkan paling sedikit {MIN_PEGAWAI} pegawai.")
    rng = random.Random(seed)
    builder = _PlanBuilder(rng)
    copies = copies_for(pegawai)
    slots: list[tuple[int, UnitSpec, float]] = []  # (unit index, spec, weight) for staff
    builder.add_units(KOTA, None, copies, slots)
    staff_total = pegawai - len(builder.people)
    if staff_total < 0:
        raise DemoError(f"Instansi demo membutuhkan paling sedikit {len(builder.people)} pegawai.")
    counts = _apportion(staff_total, [weight for _, _, weight in slots])
    for (unit, spec, _), count in zip(slots, counts, strict=True):
        builder.add_staff(unit, spec, count)
    return builder.finish()


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` by ``weights`` into whole numbers (largest remainder, stable)."""
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


class _PlanBuilder:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.units: list[UnitPlan] = []
        self.people: list[PersonPlan] = []
        self.nips: set[str] = set()
        self.staff_by_unit: dict[int, list[int]] = {}
        self.unit_by_kode: dict[str, int] = {}

    def add_units(self, spec: UnitSpec, induk: int | None, copies, slots) -> None:
        if spec.ulang:
            count = copies[spec.ulang]
            for n in range(1, count + 1):
                kode = f"{spec.kode}-{n:04d}"
                if spec.ulang == "puskesmas":
                    place = TEMPAT[(n - 1) % len(TEMPAT)]
                    round_ = (n - 1) // len(TEMPAT)
                    nama = f"{spec.nama} {place}" + (f" {round_ + 1}" if round_ else "")
                else:
                    nama = f"{spec.nama} {n}"
                weight = spec.share / count * self.rng.uniform(0.7, 1.3)
                unit = self._add_unit(spec, kode, nama, induk)
                slots.append((unit, spec, weight))
            return
        unit = self._add_unit(spec, spec.kode, spec.nama, induk)
        if spec.staf:
            slots.append((unit, spec, spec.share))
        for child in spec.anak:
            self.add_units(child, unit, copies, slots)

    def _add_unit(self, spec: UnitSpec, kode: str, nama: str, induk: int | None) -> int:
        index = len(self.units)
        self.units.append(UnitPlan(kode=kode, nama=nama, induk=induk))
        self.unit_by_kode[kode] = index
        atasan = self.units[induk].kepala if induk is not None else None
        head = spec.kepala
        person, _, _ = self._person(
            unit=index, atasan=atasan, gelar=head.gelar, female=0.35, status=PNS,
            birth=LAHIR_JABATAN[head.jenis], span=5, gol_range=GOL_JABATAN[head.jenis],
        )  # fmt: skip
        person.jabatan = (head.jabatan, str(head.jenis))
        self.units[index].kepala = len(self.people)
        self.people.append(person)
        return index

    def add_staff(self, unit: int, spec: UnitSpec, count: int) -> None:
        rng = self.rng
        kinds = [KINDS[key] for key, _ in spec.staf]
        cum = []
        running = 0.0
        for _, weight in spec.staf:
            running += weight
            cum.append(running)
        head = self.units[unit].kepala
        members = self.staff_by_unit.setdefault(unit, [])
        for _ in range(count):
            (kind,) = rng.choices(kinds, cum_weights=cum)
            status = PPPK if rng.random() < kind.pppk else PNS
            person, gol, ahli = self._person(
                unit=unit, atasan=head, gelar=kind.gelar, female=kind.female, status=status,
                birth=PPPK_BIRTH if status == PPPK else STAFF_BIRTH, span=15, gol_range=None,
                pelaksana=kind.jenis == Jenis.PELAKSANA,
            )  # fmt: skip
            if kind.jenjang:
                level = _jenjang(gol, status, ahli)
                person.jabatan = (f"{kind.nama} {level}", str(kind.jenis))
            else:
                person.jabatan = (kind.nama, str(kind.jenis))
            members.append(len(self.people))
            self.people.append(person)

    def _person(
        self, *, unit, atasan, gelar, female, status, birth, span, gol_range, pelaksana=False
    ) -> tuple[PersonPlan, int, bool]:
        """One person with a NIP unique in the plan; also their rank index and career line."""
        rng = self.rng
        options, cum = _GELAR_CUM[gelar]
        (_, depan, belakang, edu) = rng.choices(options, cum_weights=cum)[0]
        pendidikan = PENDIDIKAN[edu]
        sex = P if rng.random() < female else L
        nama = person_name(rng, sex)
        if status == PPPK:
            year = rng.randint(FIRST_PPPK_YEAR, REFERENCE_YEAR)
            born = _birth_date(rng, birth[0], min(birth[1], year - pendidikan.min_age - 1))
            block = PPPK_CODE
            gol = pendidikan.gol_pppk
            golongan = GOLONGAN_PPPK[gol]
        else:
            born = _birth_date(
                rng, birth[0], min(birth[1], REFERENCE_YEAR - pendidikan.min_age - 1)
            )
            # Months since year 0; the first month one may be appointed at this education.
            earliest = born.year * 12 + born.month - 1 + pendidikan.min_age * 12 + 1
            latest = min(REFERENCE_YEAR * 12 + 11, earliest + span * 12)
            year, month0 = divmod(rng.randint(earliest, latest), 12)
            block = month0 + 1
            gol = min(pendidikan.gol_start + (REFERENCE_YEAR - year) // 4, pendidikan.gol_cap)
            if pelaksana:
                gol = min(gol, GOL_PELAKSANA_MAX)
            if gol_range:
                gol = max(gol_range[0], min(gol, gol_range[1]))
            golongan = GOLONGAN_PNS[gol]
        serial = rng.randint(1, 120)
        nip = format_nip(born, year, block, sex, serial)
        while nip in self.nips:
            serial = serial % 999 + 1
            nip = format_nip(born, year, block, sex, serial)
        self.nips.add(nip)
        person = PersonPlan(
            unit=unit, atasan=atasan, jabatan=("", ""), nip=nip, gelar_depan=depan, nama=nama,
            gelar_belakang=belakang, status=status, golongan=golongan,
        )  # fmt: skip
        return person, gol, pendidikan.ahli

    def finish(self) -> AgencyPlan:
        kepala_dinas = self.units[self.unit_by_kode["DINKES"]].kepala
        atasan_unit = next(
            (u for u, staff in self.staff_by_unit.items()
             if staff and self.units[u].kode.startswith("DINKES-PKM")),
            next(u for u, staff in self.staff_by_unit.items() if staff),
        )  # fmt: skip
        return AgencyPlan(
            units=self.units,
            people=self.people,
            kepala_dinas=kepala_dinas,
            atasan=self.units[atasan_unit].kepala,
            pegawai=self.staff_by_unit[atasan_unit][0],
        )


def _birth_date(rng: random.Random, first_year: int, last_year: int) -> date:
    start = date(first_year, 1, 1)
    return start + timedelta(days=rng.randint(0, (date(last_year, 12, 31) - start).days))


# --- Writing the plan ------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoLogin:
    peran: str
    username: str
    nama: str
    password: str = DEMO_PASSWORD


@dataclass
class DemoResult:
    instansi: Instansi
    created: bool
    pegawai: int
    unit: int
    jabatan: int
    akun: int
    logins: list[DemoLogin] = field(default_factory=list)


def persona_usernames(kode: str) -> dict[str, str]:
    """Usernames of the demo's non-employee accounts; suffixed for any agency but the default,
    since usernames are unique across agencies."""
    suffix = "" if kode == DEFAULT_KODE else f".{kode.lower()}"
    return {
        "admin": f"admin.bkpsdm{suffix}",
        "pimpinan": f"walikota{suffix}",
        "auditor": f"inspektorat{suffix}",
    }


def build_agency(
    *,
    pegawai: int,
    seed: int,
    kode: str = DEFAULT_KODE,
    nama: str = DEFAULT_NAMA,
    with_accounts: bool = True,
) -> DemoResult:
    """Build a new agency ``kode`` from ``plan_agency(pegawai, seed)`` in one transaction.

    Every employee gets an account (username = NIP) when ``with_accounts``; the demo
    personas always do. All accounts share one password hash, made once here. Row ids are
    reserved up front, so supervisors and unit heads are written with the rows themselves:
    one statement per table and batch of rows, whatever the size. Writes one "demo.bangun"
    audit entry. Raises DemoError when the kode or a persona's username is taken.
    """
    plan = plan_agency(pegawai=pegawai, seed=seed)
    password = make_password(DEMO_PASSWORD)
    personas = persona_usernames(kode)
    with transaction.atomic():
        if Instansi.objects.filter(kode=kode).exists():
            raise DemoError(f"Instansi dengan kode {kode} sudah ada; pakai kode lain atau --reset.")
        account_people = (
            range(len(plan.people))
            if with_accounts
            else sorted({plan.kepala_dinas, plan.atasan, plan.pegawai})
        )
        _free_usernames(plan, account_people, list(personas.values()))
        instansi = Instansi.objects.create(
            kode=kode, nama=nama, tingkat=Instansi.Tingkat.KABUPATEN_KOTA
        )
        jabatan_ids = _create_jabatan(instansi, plan)
        unit_ids = _reserve_ids(UnitKerja, len(plan.units))
        pegawai_ids = _reserve_ids(Pegawai, len(plan.people))
        _insert_rows(
            UnitKerja,
            ("id", "kode", "nama", "induk", "kepala"),
            [
                (
                    unit_ids[i],
                    u.kode,
                    u.nama,
                    None if u.induk is None else unit_ids[u.induk],
                    pegawai_ids[u.kepala],
                )  # fmt: skip
                for i, u in enumerate(plan.units)
            ],
            instansi=instansi.pk,
        )
        _insert_rows(
            Pegawai,
            (
                "id",
                "nip",
                "gelar_depan",
                "nama",
                "gelar_belakang",
                "status",
                "golongan",
                "unit",
                "jabatan",
                "atasan",
            ),
            [
                (
                    pegawai_ids[i],
                    p.nip,
                    p.gelar_depan,
                    p.nama,
                    p.gelar_belakang,
                    p.status,
                    p.golongan,
                    unit_ids[p.unit],
                    jabatan_ids[p.jabatan],
                    None if p.atasan is None else pegawai_ids[p.atasan],
                )  # fmt: skip
                for i, p in enumerate(plan.people)
            ],
            instansi=instansi.pk,
        )
        accounts = [
            (personas["admin"], "Admin BKPSDM", None, True, False, False),
            (personas["pimpinan"], "Wali Kota", None, False, True, False),
            (personas["auditor"], "Inspektorat", None, False, False, True),
        ]
        accounts.extend(
            (plan.people[i].nip, "", pegawai_ids[i], False, False, False) for i in account_people
        )
        _insert_rows(
            User,
            ("username", "first_name", "pegawai", "is_admin_kepegawaian", "is_pimpinan",
             "is_auditor"),
            accounts,
            instansi=instansi.pk, password=password, date_joined=timezone.now(),
        )  # fmt: skip

        def login(peran: str, index: int) -> DemoLogin:
            person = plan.people[index]
            return DemoLogin(peran, person.nip, _nama_lengkap(person))

        logins = [
            DemoLogin("Admin kepegawaian (BKPSDM)", personas["admin"], "Admin BKPSDM"),
            DemoLogin("Pimpinan (Wali Kota)", personas["pimpinan"], "Wali Kota"),
            DemoLogin("Auditor (Inspektorat)", personas["auditor"], "Inspektorat"),
            login("Kepala dinas", plan.kepala_dinas),
            login("Atasan (kepala puskesmas)", plan.atasan),
            login("Pegawai", plan.pegawai),
        ]
        result = DemoResult(
            instansi=instansi, created=True, pegawai=len(plan.people), unit=len(plan.units),
            jabatan=len(jabatan_ids), akun=len(accounts), logins=logins,
        )  # fmt: skip
        record(
            instansi, actor=ACTOR, action=ACTION, obj=instansi,
            after={
                "seed": seed, "pegawai": result.pegawai, "unit": result.unit,
                "jabatan": result.jabatan, "akun": result.akun,
                "akun_demo": [{"peran": x.peran, "username": x.username} for x in logins],
            },
        )  # fmt: skip
    return result


def _nama_lengkap(person: PersonPlan) -> str:
    depan = f"{person.gelar_depan} " if person.gelar_depan else ""
    belakang = f", {person.gelar_belakang}" if person.gelar_belakang else ""
    return f"{depan}{person.nama}{belakang}"


def _chunks(items: list, size: int = BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _taken(usernames: list[str]) -> set[str]:
    """Those of ``usernames`` that accounts already have (plain SQL: the ORM would prepare
    each of 100,000 values one by one)."""
    quote = connection.ops.quote_name
    table = quote(User._meta.db_table)
    column = quote(User._meta.get_field("username").column)
    taken: set[str] = set()
    with connection.cursor() as cursor:
        for chunk in _chunks(usernames):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT {column} FROM {table} WHERE {column} IN ({marks})", chunk)  # noqa: S608
            taken.update(row[0] for row in cursor.fetchall())
    return taken


def _free_usernames(plan: AgencyPlan, account_people, personas: list[str]) -> None:
    """Refuse taken persona usernames; move a NIP that is another agency's username to the
    next free serial (usernames are unique across agencies, NIPs only within one)."""
    people = plan.people
    pending = [people[i].nip for i in account_people]
    taken = _taken(personas + pending)
    clash = [u for u in personas if u in taken]
    if clash:
        raise DemoError(
            f"Nama pengguna {', '.join(clash)} sudah dipakai; pilih kode instansi lain "
            "atau bangun ulang dengan --reset."
        )
    used = {p.nip for p in people}
    while taken:
        moved = []
        for i in account_people:
            person = people[i]
            if person.nip in taken:
                person.nip = _next_serial(person.nip, used | taken)
                used.add(person.nip)
                moved.append(person.nip)
        taken = _taken(moved)


def _next_serial(nip: str, used: set[str]) -> str:
    serial = int(nip[15:])
    for _ in range(999):
        serial = serial % 999 + 1
        candidate = f"{nip[:15]}{serial:03d}"
        if candidate not in used:
            return candidate
    raise DemoError(f"Tidak ada nomor urut NIP yang bebas untuk {nip[:15]}.")


def _create_jabatan(instansi: Instansi, plan: AgencyPlan) -> dict[tuple[str, str], int]:
    keys = list(dict.fromkeys(p.jabatan for p in plan.people))
    created = Jabatan.objects.bulk_create(
        [Jabatan(instansi_id=instansi.pk, nama=nama, jenis=jenis) for nama, jenis in keys],
        batch_size=BATCH_SIZE,
    )
    return {(j.nama, j.jenis): j.pk for j in created}


def _insert_rows(model, names: tuple[str, ...], rows: list[tuple], **constants) -> None:
    """Insert ``rows`` (values for the fields ``names``, ready for the database), one
    statement per batch: UNNEST of one array per column on PostgreSQL, executemany on SQLite.
    Every other field takes its value from ``constants`` or its default, prepared once: the
    per-row, per-field work of bulk_create is done once per column instead.
    """
    now = timezone.now()
    named = [model._meta.get_field(name) for name in names]
    fixed = []
    for f in model._meta.concrete_fields:
        if f in named or f.primary_key or f.db_default is not NOT_PROVIDED:
            continue
        if f.name in constants:
            value = constants[f.name]
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        else:
            value = f.get_default()
        fixed.append((f, f.get_db_prep_save(value, connection)))
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in [*named, *(f for f, _ in fixed)])
    head = f"INSERT INTO {quote(model._meta.db_table)} ({columns})"
    tail = [value for _, value in fixed]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Array types without length ("varchar", not "varchar(18)"), as Django's own
            # UNNEST bulk insert does; the columns still enforce their lengths.
            arrays = ", ".join(f"%s::{_base_type(f)}[]" for f in named)
            scalars = "".join(f", %s::{_base_type(f)}" for f, _ in fixed)
            sql = f"{head} SELECT *{scalars} FROM UNNEST({arrays})"  # noqa: S608 - our names
            for chunk in _chunks(rows):
                cursor.execute(sql, [*tail, *(list(column) for column in zip(*chunk, strict=True))])
        else:
            marks = ", ".join(["%s"] * (len(named) + len(fixed)))
            sql = f"{head} VALUES ({marks})"
            row_tail = tuple(tail)
            for chunk in _chunks(rows):
                cursor.executemany(sql, [row + row_tail for row in chunk])


def _base_type(f) -> str:
    return f.db_type(connection).split("(")[0]


def _reserve_ids(model, count: int) -> list[int]:
    """Ids no other row has or will get, so rows can point at each other before insertion.

    PostgreSQL draws them from the table's sequence (safe alongside other writers); SQLite
    continues after the highest id ever used, which is safe because the caller's transaction
    holds SQLite's single write lock (settings open write transactions IMMEDIATE).
    """
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        if connection.vendor == "sqlite":
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT MAX(x) FROM (SELECT MAX(id) AS x FROM {quoted} "  # noqa: S608 - our table
                "UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)",
                [table],
            )
            start = (cursor.fetchone()[0] or 0) + 1
            return list(range(start, start + count))
    raise DemoError(f"Generator demo belum mendukung basis data {connection.vendor}.")


# --- Idempotence -----------------------------------------------------------------------------


def ensure_demo_agency(
    *,
    pegawai: int,
    seed: int,
    kode: str = DEFAULT_KODE,
    nama: str = DEFAULT_NAMA,
    reset: bool = False,
    with_accounts: bool = True,
) -> DemoResult:
    """The demo agency ``kode``: left as it is when it exists (``created`` is False), rebuilt
    from scratch in one transaction when ``reset``, built when missing."""
    existing = Instansi.objects.filter(kode=kode).first()
    if existing is not None and not reset:
        return DemoResult(
            instansi=existing, created=False,
            pegawai=Pegawai.objects.filter(instansi=existing).count(),
            unit=UnitKerja.objects.filter(instansi=existing).count(),
            jabatan=Jabatan.objects.filter(instansi=existing).count(),
            akun=User.objects.filter(instansi=existing).count(),
            logins=demo_logins(existing),
        )  # fmt: skip
    with transaction.atomic():
        if existing is not None:
            delete_agency(existing)
        return build_agency(
            pegawai=pegawai, seed=seed, kode=kode, nama=nama, with_accounts=with_accounts
        )


def demo_logins(instansi: Instansi) -> list[DemoLogin]:
    """The demo accounts recorded when the agency was built, those that still exist."""
    entry = AuditEntry.objects.filter(instansi=instansi, action=ACTION).order_by("-seq").first()
    recorded = (entry.after or {}).get("akun_demo", []) if entry else []
    users = {
        u.username: u
        for u in User.objects.filter(
            instansi=instansi, username__in=[x["username"] for x in recorded]
        ).select_related("pegawai")
    }
    return [
        DemoLogin(x["peran"], x["username"], _account_name(users[x["username"]]))
        for x in recorded
        if x["username"] in users
    ]


def _account_name(user: User) -> str:
    return user.pegawai.nama_lengkap if user.pegawai_id else (user.first_name or user.username)


def delete_agency(instansi: Instansi) -> None:
    """Remove an agency and everything of it: accounts, employees, units, positions, audit,
    and the rows other apps keep for it.

    For demo and benchmark agencies only: the audit chain goes with it. Works by subquery,
    a few statements per related table, so 100,000 employees go in seconds; Django's
    collector would load every row and then ask per batch of 500 ids.
    """
    with transaction.atomic():
        # Links inside the agency that would otherwise protect its rows from deletion.
        UnitKerja.objects.filter(instansi=instansi).update(induk=None, kepala=None)
        Pegawai.objects.filter(instansi=instansi).update(atasan=None)
        _purge(User.objects.filter(instansi=instansi))
        _purge(User.objects.filter(pegawai__instansi=instansi))
        _purge(Pegawai.objects.filter(instansi=instansi))
        _purge(UnitKerja.objects.filter(instansi=instansi))
        _purge(Jabatan.objects.filter(instansi=instansi))
        _purge(Instansi.objects.filter(pk=instansi.pk))


def _purge(queryset, depth: int = 0) -> None:
    """Delete the rows of ``queryset`` as on_delete says for every relation pointing at them:
    CASCADE deletes the dependants first, SET_NULL unlinks them, PROTECT and RESTRICT refuse.
    Signals are not sent (none of these models has delete handlers)."""
    if depth > 10:
        raise DemoError("Rantai relasi terlalu dalam untuk dihapus.")
    model = queryset.model
    for rel in model._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        field = rel.field
        linked = rel.related_model._base_manager.filter(
            **{f"{field.name}__in": queryset.values(field.target_field.attname)}
        )
        on_delete = rel.on_delete
        if on_delete is DO_NOTHING:
            continue
        if on_delete is CASCADE:
            _purge(linked, depth + 1)
        elif on_delete is SET_NULL:
            linked.update(**{field.name: None})
        elif linked.exists():
            raise DemoError(
                f"{rel.related_model._meta.verbose_name} masih merujuk "
                f"{model._meta.verbose_name} yang akan dihapus; hapus data itu lebih dulu."
            )
    # The relations are dealt with above, so no collector is needed: one DELETE.
    queryset._raw_delete(queryset.db)
