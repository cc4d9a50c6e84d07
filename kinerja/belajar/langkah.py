"""The first week per role: a short checklist of first steps, each ticked when it is done.

A step is done when the data says so (an indicator written, a plan approved) or, for steps that
are only "open this page", when the person opened it from the checklist (``/belajar/langkah/``
records the visit). Roles come from kinerja.core.permissions; one query per data step.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse

from kinerja.core.permissions import Peran


@dataclass(frozen=True, slots=True)
class Langkah:
    kode: str
    peran: Peran
    judul: str
    penjelasan: str
    url_name: str
    selesai: Callable | None = None  # (user) -> bool; None: done when opened from the list

    @property
    def url(self) -> str:
        return reverse(self.url_name)


def _m(label):
    return apps.get_model(*label.split("."))


def _punya_skp(user) -> bool:
    return _m("skp.Skp").objects.filter(pegawai_id=user.pegawai_id).exists()


def _punya_indikator(user) -> bool:
    return _m("skp.Indikator").objects.filter(rhk__skp__pegawai_id=user.pegawai_id).exists()


def _punya_realisasi(user) -> bool:
    return (
        _m("skp.Realisasi")
        .objects.filter(skp__pegawai_id=user.pegawai_id, dihitung_sistem=False)
        .exists()
    )


def _menyetujui(user) -> bool:
    return _m("skp.SkpRevisi").objects.filter(disetujui_oleh=user).exists()


def _memverifikasi(user) -> bool:
    return _m("skp.Realisasi").objects.filter(diverifikasi_oleh=user).exists()


def _menilai_perilaku(user) -> bool:
    return _m("skp.PenilaianPerilaku").objects.filter(penilai_id=user.pegawai_id).exists()


def _impor(user) -> bool:
    return _m("org.Pegawai").objects.filter(instansi_id=user.instansi_id).count() > 1


def _akun(user) -> bool:
    User = _m("org.User")
    return User.objects.filter(instansi_id=user.instansi_id, pegawai__isnull=False).count() > 1


def _periode(user) -> bool:
    return _m("skp.Periode").objects.filter(instansi_id=user.instansi_id).exists()


LANGKAH = (
    Langkah(
        "baca_skp",
        Peran.PEGAWAI,
        "Buka SKP Anda",
        "Lihat rencana hasil kerja (RHK) Anda tahun ini, atau buat SKP bila belum ada.",
        "skp_saya",
        _punya_skp,
    ),
    Langkah(
        "tulis_indikator",
        Peran.PEGAWAI,
        "Tulis indikator untuk setiap RHK",
        "Indikator menyebut apa yang dihitung, targetnya dan satuannya; Kinerja memeriksanya "
        "saat Anda mengetik.",
        "skp_saya",
        _punya_indikator,
    ),
    Langkah(
        "isi_realisasi",
        Peran.PEGAWAI,
        "Catat realisasi pertama beserta buktinya",
        "Setiap triwulan, isi realisasi tiap indikator dan unggah buktinya.",
        "skp_saya",
        _punya_realisasi,
    ),
    Langkah(
        "setujui_rencana",
        Peran.ATASAN,
        "Setujui rencana SKP bawahan",
        "Periksa RHK dan indikator bawahan, lalu setujui atau kembalikan dengan komentar.",
        "skp_tim",
        _menyetujui,
    ),
    Langkah(
        "verifikasi",
        Peran.ATASAN,
        "Verifikasi realisasi bawahan",
        "Buka bukti dukung, lalu verifikasi beberapa realisasi sekaligus.",
        "skp_tim",
        _memverifikasi,
    ),
    Langkah(
        "nilai_perilaku",
        Peran.ATASAN,
        "Nilai perilaku kerja (BerAKHLAK)",
        "Beri penilaian tujuh nilai BerAKHLAK untuk setiap bawahan pada setiap triwulan.",
        "skp_tim",
        _menilai_perilaku,
    ),
    Langkah(
        "latihan_penilai",
        Peran.ATASAN,
        "Ikuti latihan penilai",
        "Sepuluh kasus latihan: putuskan nilainya, lalu bandingkan dengan usulan aturan.",
        "belajar_latihan",
    ),
    Langkah(
        "impor",
        Peran.ADMIN,
        "Impor unit kerja dan pegawai",
        "Unggah berkas XLSX/CSV unit kerja dan pegawai (NIP); kesalahan ditunjukkan per baris.",
        "org_import",
        _impor,
    ),
    Langkah(
        "akun",
        Peran.ADMIN,
        "Buat akun pegawai",
        "Buat akun untuk semua pegawai sekaligus dan cetak slip kata sandinya.",
        "akun_list",
        _akun,
    ),
    Langkah(
        "periode",
        Peran.ADMIN,
        "Buka periode penilaian",
        "Buat periode tahun ini dengan tenggat perencanaan, realisasi dan penilaian.",
        "skp_periode_list",
        _periode,
    ),
    Langkah(
        "dasbor",
        Peran.PIMPINAN,
        "Lihat dasbor kinerja instansi",
        "Capaian, sebaran predikat dan kepuasan masyarakat per unit.",
        "insight_dasbor",
    ),
    Langkah(
        "kurva",
        Peran.PIMPINAN,
        "Periksa kurva distribusi",
        "Sebaran predikat pegawai per unit dibandingkan dengan yang diizinkan.",
        "scoring_kurva",
    ),
    Langkah(
        "log_audit",
        Peran.AUDITOR,
        "Buka log audit",
        "Setiap perubahan tercatat: siapa, kapan, sebelum dan sesudah.",
        "audit_log",
    ),
)

BY_KODE = {step.kode: step for step in LANGKAH}


def untuk(user, roles, orientasi=None) -> list[tuple[Langkah, bool]]:
    """The steps for the user's roles with whether each is done, in the order above
    (``orientasi``: the person's row when the caller has read it already)."""
    if orientasi is None:
        orientasi = _m("belajar.Orientasi").objects.filter(user=user).first()
    dikunjungi = set(orientasi.dikunjungi) if orientasi else set()
    hasil = []
    for step in LANGKAH:
        if step.peran not in roles:
            continue
        done = step.selesai(user) if step.selesai else step.kode in dikunjungi
        hasil.append((step, done))
    return hasil
