"""A help page per role: a few short guides (what to do in the year, step by step) with
screenshots of the real pages.

Each step names the page it happens on (a URL name); the help page links it only when the
viewer may open that page (``kinerja.core.navigation.may_open``, the view's own check), so a
guide can be read by anyone and never offers a link that would be refused.

The screenshots are not drawn by hand: ``manage.py tangkap_layar`` logs in as each role's demo
persona and photographs the page each ``Layar`` names into ``static/belajar/layar/``
(docs/belajar.md). tests/belajar/test_panduan.py checks that every image named here exists and
that no image in that folder is left unnamed.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kinerja.core.permissions import PERAN_LABEL, Peran

LAYAR_DIR = Path(__file__).resolve().parent / "static" / "belajar" / "layar"
LEBAR_LAYAR = 1366  # the width every screenshot is taken at
TINGGI_LAYAR = 820


@dataclass(frozen=True, slots=True)
class Layar:
    """A screenshot of one real page, as the role's demo persona sees it."""

    berkas: str  # file name in static/belajar/layar/
    url_name: str  # the page photographed (no arguments)
    alt: str  # what the picture shows, for who cannot see it
    keterangan: str  # the caption under it
    ikuti: str = ""  # a link (CSS selector) to follow from that page before photographing

    @property
    def static_path(self) -> str:
        return f"belajar/layar/{self.berkas}"

    @property
    def ukuran(self) -> tuple[int, int] | None:
        return ukuran_png(LAYAR_DIR / self.berkas)


@dataclass(frozen=True, slots=True)
class Tahap:
    teks: str
    url_name: str = ""  # the page where the step is done; "" for a step with no page


@dataclass(frozen=True, slots=True)
class Panduan:
    kode: str
    judul: str
    kapan: str  # when in the year
    tahap: tuple[Tahap, ...]
    layar: Layar | None = None
    istilah: tuple[str, ...] = ()  # glossary codes worth reading first


@dataclass(frozen=True, slots=True)
class PanduanPeran:
    peran: Peran
    ringkas: str
    panduan: tuple[Panduan, ...]

    @property
    def label(self) -> str:
        return PERAN_LABEL[self.peran]


@cache
def ukuran_png(path: Path) -> tuple[int, int] | None:
    """Width and height from a PNG's header (IHDR), or None when the file is missing."""
    try:
        with path.open("rb") as f:
            head = f.read(24)
    except OSError:
        return None
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


PANDUAN = (
    PanduanPeran(
        Peran.PEGAWAI,
        "Sebagai pegawai, Anda menyusun SKP di awal tahun, mencatat realisasi setiap triwulan, "
        "lalu melihat hasil penilaian di akhir tahun.",
        (
            Panduan(
                "susun-skp",
                "Menyusun SKP di awal tahun",
                "Januari, setelah admin kepegawaian membuka periode",
                (
                    Tahap(
                        "Buka “SKP saya” dan pilih “Susun SKP baru” bila SKP tahun ini belum ada.",
                        "skp_saya",
                    ),
                    Tahap(
                        "Tambahkan RHK: hasil kerja Anda, dan pilih RHK atasan yang didukungnya.",
                        "skp_saya",
                    ),
                    Tahap(
                        "Tulis indikator untuk setiap RHK dengan target dan satuan. Kinerja "
                        "menunjukkan yang kurang saat Anda mengetik.",
                        "skp_saya",
                    ),
                    Tahap("Ajukan SKP. Atasan menyetujui atau mengembalikannya dengan komentar."),
                ),
                Layar(
                    "pegawai-skp.png",
                    "skp_saya",
                    "Halaman SKP 2026 seorang pegawai berstatus Disetujui: NIP, unit, pejabat "
                    "penilai, tombol Ajukan revisi SKP, lalu RHK utama dengan tabel indikator "
                    "(aspek, target, arah dan sumber datanya).",
                    "Halaman “SKP saya” berisi RHK dan indikator Anda.",
                    ikuti="main table a",
                ),
                ("skp", "rhk", "iki", "indikator-terukur"),
            ),
            Panduan(
                "realisasi",
                "Mencatat realisasi setiap triwulan",
                "Akhir Maret, Juni, September dan Desember",
                (
                    Tahap(
                        "Buka “SKP saya” dan isi realisasi setiap indikator untuk triwulan itu.",
                        "skp_saya",
                    ),
                    Tahap(
                        "Unggah bukti dukung (dokumen, foto, tautan) untuk setiap realisasi.",
                        "skp_saya",
                    ),
                    Tahap(
                        "Atasan memverifikasi realisasi Anda; yang dikembalikan dapat Anda "
                        "perbaiki lalu ajukan lagi."
                    ),
                ),
                Layar(
                    "pegawai-beranda.png",
                    "home",
                    "Beranda pegawai: kartu Kinerja saya 2026 (status SKP, realisasi "
                    "terverifikasi per bagian, tenggat berikutnya), Menunggu saya, Predikat "
                    "terakhir dan Tindak lanjut penilaian.",
                    "Beranda menunjukkan apa yang perlu Anda kerjakan berikutnya.",
                ),
                ("capaian",),
            ),
            Panduan(
                "hasil",
                "Melihat hasil penilaian",
                "Setelah periode ditutup",
                (
                    Tahap(
                        "Buka “Hasil saya” untuk melihat capaian, predikat dan cara nilainya "
                        "dihitung.",
                        "scoring_saya",
                    ),
                    Tahap(
                        "Bila tidak sepakat, ajukan keberatan dalam 14 hari dengan alasannya.",
                        "followup_keberatan_list",
                    ),
                ),
                Layar(
                    "pegawai-hasil.png",
                    "scoring_saya",
                    "Halaman Hasil penilaian saya 2026: tabel per bagian triwulan dan tahunan "
                    "dengan capaian dalam persen, predikat dan status penilaiannya.",
                    "“Hasil saya” menjelaskan setiap angka penilaian Anda.",
                ),
                ("predikat", "ekspektasi", "keberatan"),
            ),
        ),
    ),
    PanduanPeran(
        Peran.ATASAN,
        "Sebagai atasan (pejabat penilai), Anda menyetujui rencana bawahan, memverifikasi "
        "realisasinya, menilai perilaku kerja, dan memberi penilaian akhir.",
        (
            Panduan(
                "setujui",
                "Menyetujui rencana bawahan",
                "Januari",
                (
                    Tahap("Buka “Rencana & realisasi tim” dan pilih SKP yang diajukan.", "skp_tim"),
                    Tahap(
                        "Periksa RHK dan indikatornya; temuan “tidak terukur” tampil di "
                        "samping indikator.",
                        "skp_tim",
                    ),
                    Tahap("Setujui, atau kembalikan dengan komentar yang jelas."),
                ),
                Layar(
                    "atasan-tim.png",
                    "skp_tim",
                    "Halaman Tim saya 2026: empat bawahan dengan status SKP, jumlah realisasi "
                    "bagian ini, yang terverifikasi, tautan menilai perilaku, dan tombol Setujui "
                    "SKP untuk SKP yang diajukan.",
                    "Status SKP setiap bawahan dalam satu daftar.",
                ),
                ("rhk", "indikator-terukur"),
            ),
            Panduan(
                "verifikasi",
                "Memverifikasi realisasi dan menilai perilaku",
                "Setiap triwulan",
                (
                    Tahap(
                        "Buka bukti dukung realisasi bawahan, lalu verifikasi beberapa sekaligus.",
                        "skp_tim",
                    ),
                    Tahap("Beri penilaian tujuh nilai BerAKHLAK untuk setiap bawahan.", "skp_tim"),
                    Tahap("Catat umpan balik singkat agar bawahan tahu yang perlu diperbaiki."),
                ),
                None,
                ("berakhlak",),
            ),
            Panduan(
                "nilai-akhir",
                "Memberi penilaian akhir dan berlatih",
                "Desember, sebelum periode ditutup",
                (
                    Tahap(
                        "Ikuti latihan penilai: sepuluh kasus dengan umpan balik atas "
                        "jawaban Anda sendiri.",
                        "belajar_latihan",
                    ),
                    Tahap(
                        "Buka “Penilaian tim” dan tetapkan penilaian hasil kerja dan perilaku "
                        "setiap bawahan.",
                        "scoring_tim",
                    ),
                    Tahap("Bandingkan dengan usulan aturan; tulis alasan bila Anda berbeda."),
                ),
                Layar(
                    "atasan-penilaian.png",
                    "scoring_tim",
                    "Halaman Penilaian tim 2026: setiap bawahan dengan capaiannya, usulan "
                    "predikat dari sistem, status keputusan, dan tombol Konfirmasi atau tautan "
                    "Ubah dengan alasan.",
                    "“Penilaian tim” menampilkan usulan aturan di samping penilaian Anda.",
                ),
                ("predikat", "kurva-distribusi"),
            ),
        ),
    ),
    PanduanPeran(
        Peran.ADMIN,
        "Sebagai admin kepegawaian, Anda menyiapkan data instansi, membuka dan menutup periode, "
        "dan menjaga penilaian tetap adil.",
        (
            Panduan(
                "siapkan",
                "Menyiapkan pegawai dan akun",
                "Sebelum periode dibuka, dan setiap ada mutasi",
                (
                    Tahap(
                        "Impor unit kerja dan pegawai dari berkas XLSX/CSV; kesalahan "
                        "ditunjukkan per baris.",
                        "org_import",
                    ),
                    Tahap("Periksa susunan atasan di struktur organisasi.", "org_tree"),
                    Tahap("Buat akun pegawai sekaligus dan cetak slip kata sandinya.", "akun_list"),
                ),
                Layar(
                    "admin-impor.png",
                    "org_import",
                    "Halaman Impor unit dan pegawai: pilihan jenis data, kolom unggah berkas CSV "
                    "atau XLSX dengan tombol Impor, dan tautan unduh data serta templat "
                    "kosong.",
                    "Impor pegawai memeriksa setiap baris sebelum menyimpan.",
                ),
            ),
            Panduan(
                "periode",
                "Membuka dan menutup periode",
                "Awal dan akhir tahun",
                (
                    Tahap(
                        "Buat periode tahun ini dengan tenggat perencanaan, realisasi dan "
                        "penilaian.",
                        "skp_periode_list",
                    ),
                    Tahap("Pantau peringatan data sepanjang tahun.", "insight_peringatan"),
                    Tahap(
                        "Di akhir tahun, tutup periode: hasil dihitung dan dikunci.",
                        "scoring_tutup",
                    ),
                ),
                Layar(
                    "admin-periode.png",
                    "skp_periode_list",
                    "Halaman Periode kinerja: tabel periode 2026 (Pelaksanaan) dan 2025 "
                    "(Ditutup), lalu formulir Buka periode baru dengan tahun, skema aturan dan "
                    "tiga tenggat.",
                    "Setiap periode menunjukkan status dan tenggatnya.",
                ),
            ),
            Panduan(
                "adil",
                "Menjaga penilaian tetap adil",
                "Sebelum dan sesudah penilaian akhir",
                (
                    Tahap(
                        "Buka kalibrasi penilai untuk melihat penilai yang terlalu murah hati "
                        "atau terlalu ketat.",
                        "insight_kalibrasi",
                    ),
                    Tahap(
                        "Undang penilai yang ditandai ke latihan penilai dan lihat siapa yang "
                        "sudah selesai.",
                        "belajar_latihan_peserta",
                    ),
                ),
                None,
                ("kurva-distribusi",),
            ),
        ),
    ),
    PanduanPeran(
        Peran.PIMPINAN,
        "Sebagai pimpinan, Anda membaca kinerja instansi, memastikan sebaran predikat wajar, "
        "dan memutuskan tindak lanjutnya.",
        (
            Panduan(
                "dasbor",
                "Membaca dasbor instansi",
                "Setiap triwulan",
                (
                    Tahap(
                        "Buka dasbor: capaian, sebaran predikat dan kepuasan masyarakat per unit.",
                        "insight_dasbor",
                    ),
                    Tahap("Pilih unit yang tertinggal untuk melihat rinciannya."),
                ),
                Layar(
                    "pimpinan-dasbor.png",
                    "insight_dasbor",
                    "Dasbor kinerja 2026: kartu rencana disetujui, realisasi terverifikasi, "
                    "perilaku dinilai dan IKM, lalu grafik batang kemajuan periode per "
                    "tahap.",
                    "Dasbor merangkum kinerja seluruh unit.",
                ),
                ("capaian", "ikm"),
            ),
            Panduan(
                "kurva",
                "Memeriksa kurva distribusi",
                "Desember, sebelum periode ditutup",
                (
                    Tahap(
                        "Buka kurva distribusi dan bandingkan sebaran predikat setiap unit "
                        "dengan yang diizinkan.",
                        "scoring_kurva",
                    ),
                    Tahap("Minta atasan meninjau unit yang melampaui batas."),
                ),
                Layar(
                    "pimpinan-kurva.png",
                    "scoring_kurva",
                    "Halaman Kurva distribusi predikat 2026: jumlah pegawai seluruh instansi "
                    "per predikat, dan grafik batang yang membandingkan jumlah itu dengan "
                    "batas yang diizinkan.",
                    "Kurva distribusi menandai unit yang melampaui batas.",
                ),
                ("kurva-distribusi", "predikat"),
            ),
            Panduan(
                "tindak-lanjut",
                "Memutuskan tindak lanjut",
                "Setelah periode ditutup",
                (
                    Tahap("Tinjau kandidat penghargaan.", "followup_kandidat"),
                    Tahap(
                        "Lihat kotak manajemen talenta untuk pengembangan pegawai.",
                        "followup_talenta",
                    ),
                ),
            ),
        ),
    ),
    PanduanPeran(
        Peran.AUDITOR,
        "Sebagai auditor, Anda membaca tanpa mengubah: siapa mengubah apa dan kapan, dan data "
        "yang janggal.",
        (
            Panduan(
                "log",
                "Menelusuri log audit",
                "Kapan saja",
                (
                    Tahap(
                        "Buka log audit; setiap perubahan tercatat dengan pelaku, waktu, "
                        "sebelum dan sesudah.",
                        "audit_log",
                    ),
                    Tahap(
                        "Saring menurut jenis tindakan atau pelaku untuk menelusuri satu "
                        "perubahan.",
                        "audit_log",
                    ),
                ),
                Layar(
                    "auditor-log.png",
                    "audit_log",
                    "Halaman Log audit: tombol Periksa rantai sekarang, jumlah percobaan masuk "
                    "yang gagal, saringan menurut tanggal, pelaku, tindakan dan unit, lalu "
                    "tabel entri dengan waktu, pelaku, tindakan, objek dan perubahan.",
                    "Log audit mencatat setiap perubahan dan tidak dapat diubah.",
                ),
            ),
            Panduan(
                "penilai",
                "Memeriksa penilai dan penutupan periode",
                "Sebelum dan sesudah periode ditutup",
                (
                    Tahap(
                        "Buka kalibrasi penilai: penilai yang nilainya jauh dari usulan aturan "
                        "ditandai.",
                        "insight_kalibrasi",
                    ),
                    Tahap("Periksa kurva distribusi setiap unit.", "scoring_kurva"),
                    Tahap(
                        "Baca halaman penutupan periode: siapa menutup, kapan, dan sidik hasilnya.",
                        "scoring_tutup",
                    ),
                ),
                Layar(
                    "auditor-kalibrasi.png",
                    "insight_kalibrasi",
                    "Halaman Kalibrasi penilai 2026: penjelasan cara membaca ukuran (murah "
                    "hati, kecenderungan tengah, halo) dan daftar penilai yang menonjol beserta "
                    "alasannya.",
                    "Kalibrasi membandingkan setiap penilai dengan usulan aturan.",
                ),
                ("kurva-distribusi",),
            ),
        ),
    ),
)

BY_PERAN = {p.peran.value: p for p in PANDUAN}


def semua_layar() -> list[Layar]:
    return [g.layar for p in PANDUAN for g in p.panduan if g.layar is not None]
