"""The words of the demo's plans: RHK and indicator templates, and the topics each unit's
plans are about (by unit code)."""

from decimal import Decimal

RHK_TEMPLATES = (
    "Terlaksananya {x} sesuai standar pelayanan",
    "Tersusunnya laporan {x} tepat waktu",
    "Meningkatnya kualitas {x}",
    "Terselenggaranya koordinasi {x}",
    "Tertanganinya pengaduan terkait {x}",
    "Terdokumentasinya data {x}",
)
TOPIK = (
    "pelayanan kesehatan dasar",
    "administrasi kepegawaian",
    "pengelolaan keuangan",
    "pelayanan perizinan",
    "pembelajaran di sekolah",
    "pengelolaan aset",
    "pelayanan kependudukan",
    "program prioritas daerah",
    "pengawasan internal",
)
"""Topics for a unit the demo's organisation does not know (any other agency)."""
TOPIK_SEKRETARIAT = ("administrasi kepegawaian", "pengelolaan keuangan", "pengelolaan aset")
TOPIK_UNIT = (  # (unit code prefix, topics): the first prefix that matches, longest first
    ("DINKES-PKM", ("pelayanan kesehatan di puskesmas", "upaya kesehatan masyarakat")),
    ("DINKES-P2P", ("pencegahan dan pengendalian penyakit", "surveilans dan imunisasi")),
    ("DINKES", ("pelayanan kesehatan dasar", "mutu fasilitas kesehatan")),
    ("DISDIK", ("pembelajaran di sekolah", "mutu pendidikan dasar")),
    ("DISHUB", ("pelayanan perhubungan", "manajemen lalu lintas dan angkutan")),
    ("DISDUKCAPIL", ("pelayanan kependudukan", "pencatatan sipil")),
    ("BKPSDM", ("manajemen kepegawaian", "penilaian kinerja pegawai")),
    ("SETDA-ORG", ("reformasi birokrasi", "akuntabilitas kinerja instansi")),
    ("SETDA-UMUM", ("ketatausahaan dan kearsipan", "rumah tangga pemerintah daerah")),
    ("SETDA", ("program prioritas daerah",)),
)
"""A plausible cascade: an employee's RHK speak of their own unit's work (a nurse's of the
puskesmas, a clerk's at a dinas secretariat of its administration), so they cascade from
their head's RHK on the same subject; the heads of the dinas cascade from the regional
priorities of the sekda."""


def topics_for(kode: str) -> tuple[str, ...]:
    """The RHK topics of a unit from its code (the demo organisation's unit codes)."""
    if "-SEK" in kode:
        return TOPIK_SEKRETARIAT
    for prefix, topics in TOPIK_UNIT:
        if kode == prefix or kode.startswith(prefix + "-"):
            return topics
    return TOPIK


# (uraian, aspek, target, satuan, arah, per-slice realisation as a share of target range)
INDIKATOR_TEMPLATES = (
    ("Jumlah dokumen {x} yang diselesaikan", "kuantitas", Decimal(12), "dokumen", "naik"),
    ("Persentase {x} sesuai standar", "kualitas", Decimal(90), "%", "naik"),
    ("Rata-rata waktu penyelesaian {x}", "waktu", Decimal(5), "hari", "turun"),
    ("Jumlah kegiatan {x} yang terlaksana", "kuantitas", Decimal(8), "kegiatan", "naik"),
    ("Tingkat kepuasan atas {x}", "kualitas", Decimal(85), "%", "naik"),
)
