"""The rater training's designed cases: employees' years written to make the common rater errors
visible (a strong or weak last quarter, a colleague "like you"), and the background note shown
beside the similar-to-me case."""


def _ind(uraian, satuan, aspek, target, triwulan, arah="naik", catatan=()):
    return {
        "uraian": uraian,
        "satuan": satuan,
        "aspek": aspek,
        "arah": arah,
        "target": str(target),
        "triwulan": [
            {"nomor": n + 1, "nilai": str(v), "catatan": catatan[n] if n < len(catatan) else ""}
            for n, v in enumerate(triwulan)
        ],
    }


def _rhk(uraian, *indikator, jenis="utama"):
    return {"uraian": uraian, "jenis": jenis, "indikator": list(indikator)}


def _perilaku(*per_triwulan):
    """Each quarter as (rating, note) of the rater's BerAKHLAK assessment summary."""
    return [
        {"triwulan": n + 1, "penilaian": r, "catatan": c} for n, (r, c) in enumerate(per_triwulan)
    ]


S = ("sesuai", "")
A = ("di_atas", "Menonjol dalam melayani dan membantu rekan.")

CONTOH = (
    {
        "pola": "",
        "latar": "",
        "rhk": [
            _rhk(
                "Layanan administrasi kependudukan yang cepat dan tepat",
                _ind(
                    "Jumlah dokumen kependudukan yang diterbitkan",
                    "dokumen",
                    "kuantitas",
                    1200,
                    (340, 350, 330, 360),
                ),
                _ind(
                    "Persentase dokumen terbit tanpa perbaikan",
                    "%",
                    "kualitas",
                    95,
                    (97, 98, 99, 98),
                ),
            ),
        ],
        "perilaku": _perilaku(A, A, A, A),
    },
    {
        "pola": "",
        "latar": "",
        "rhk": [
            _rhk(
                "Laporan keuangan unit yang tepat waktu",
                _ind("Jumlah laporan keuangan bulanan", "laporan", "kuantitas", 12, (3, 3, 3, 3)),
                _ind(
                    "Rata-rata keterlambatan penyampaian laporan",
                    "hari",
                    "waktu",
                    2,
                    (2, 2, 2, 2),
                    arah="turun",
                ),
            ),
        ],
        "perilaku": _perilaku(S, S, S, S),
    },
    {
        "pola": "",
        "latar": "",
        "rhk": [
            _rhk(
                "Verifikasi berkas kenaikan pangkat",
                _ind(
                    "Jumlah berkas yang diverifikasi",
                    "berkas",
                    "kuantitas",
                    200,
                    (40, 35, 45, 40),
                    catatan=("", "Dua minggu cuti sakit.", "", ""),
                ),
                _ind(
                    "Persentase berkas tanpa kesalahan verifikasi",
                    "%",
                    "kualitas",
                    95,
                    (88, 90, 86, 90),
                ),
            ),
        ],
        "perilaku": _perilaku(S, S, S, S),
    },
    {
        "pola": "",
        "latar": "",
        "rhk": [
            _rhk(
                "Pelayanan pasien rawat jalan",
                _ind(
                    "Jumlah pasien yang dilayani", "orang", "kuantitas", 2000, (500, 490, 520, 510)
                ),
                _ind("Persentase pasien puas", "%", "kualitas", 85, (84, 86, 85, 85)),
            ),
        ],
        "perilaku": _perilaku(A, A, A, S),
    },
    {
        "pola": "",
        "latar": "",
        "rhk": [
            _rhk(
                "Penyusunan naskah kebijakan daerah",
                _ind("Jumlah naskah akademik yang selesai", "naskah", "kuantitas", 4, (1, 1, 2, 1)),
                _ind(
                    "Persentase naskah diterima tanpa revisi besar",
                    "%",
                    "kualitas",
                    80,
                    (100, 100, 100, 100),
                ),
            ),
        ],
        "perilaku": _perilaku(S, S, S, S),
    },
    {
        "pola": "akhir_kuat",
        "latar": "",
        "rhk": [
            _rhk(
                "Penagihan retribusi pasar",
                _ind(
                    "Jumlah wajib retribusi yang ditagih",
                    "orang",
                    "kuantitas",
                    800,
                    (120, 130, 140, 320),
                    catatan=("", "", "", "Penagihan besar-besaran menjelang akhir tahun."),
                ),
            ),
        ],
        "perilaku": _perilaku(S, S, S, A),
    },
    {
        "pola": "akhir_lemah",
        "latar": "",
        "rhk": [
            _rhk(
                "Pemeliharaan jaringan dan aplikasi kantor",
                _ind(
                    "Persentase waktu layanan aplikasi tersedia",
                    "%",
                    "kualitas",
                    98,
                    (100, 100, 100, 84),
                    catatan=("", "", "", "Server mati tiga hari pada bulan November."),
                ),
                _ind(
                    "Jumlah permintaan dukungan yang diselesaikan",
                    "tiket",
                    "kuantitas",
                    400,
                    (120, 120, 110, 80),
                ),
            ),
        ],
        "perilaku": _perilaku(S, S, S, S),
    },
    {
        "pola": "",
        "latar": "",
        "rhk": [
            _rhk(
                "Pengawasan mutu pangan",
                _ind(
                    "Jumlah sampel pangan yang diuji", "sampel", "kuantitas", 240, (60, 58, 56, 60)
                ),
                _ind(
                    "Rata-rata waktu terbit hasil uji",
                    "hari",
                    "waktu",
                    5,
                    (5, 5, 6, 5),
                    arah="turun",
                ),
            ),
        ],
        "perilaku": _perilaku(S, S, S, S),
    },
    {
        "pola": "",
        "latar": "similar",
        "rhk": [
            _rhk(
                "Pengelolaan arsip dinamis",
                _ind(
                    "Jumlah arsip yang didigitalkan",
                    "berkas",
                    "kuantitas",
                    6000,
                    (1000, 1100, 1050, 1100),
                ),
                _ind(
                    "Persentase arsip dengan metadata lengkap",
                    "%",
                    "kualitas",
                    95,
                    (80, 82, 85, 84),
                ),
            ),
        ],
        "perilaku": _perilaku(S, S, S, S),
    },
    {
        "pola": "",
        "latar": "similar",
        "rhk": [
            _rhk(
                "Pelatihan teknis aparatur",
                _ind("Jumlah peserta pelatihan", "orang", "kuantitas", 120, (30, 30, 30, 30)),
                _ind("Rata-rata nilai evaluasi peserta", "nilai", "kualitas", 80, (80, 81, 79, 80)),
            ),
        ],
        "perilaku": _perilaku(S, S, S, S),
    },
)

LATAR = {
    "similar": "Catatan pribadi: pegawai ini lulusan kampus yang sama dengan Anda dan sering "
    "bersepeda bersama Anda di akhir pekan.",
}
