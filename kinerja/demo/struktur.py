"""The demo city's organisation: the kinds of staff (post, title profile, share of women and
of PPPK) and the unit tree of a kota, from the Sekretariat Daerah down to the puskesmas and
schools that are repeated as the size asks."""

from dataclasses import dataclass

from kinerja.demo.pangkat import Jenis


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
