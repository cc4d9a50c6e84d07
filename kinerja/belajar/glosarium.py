"""The glossary: each term written once, in plain Indonesian, with the regulation it comes from.

Pages put a "?" beside a term with ``{% istilah "rhk" %}`` (templatetags/belajar.py); it opens
the one entry at /belajar/istilah/<kode>/. Wording follows ../shared/spec/regulasi.md.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Istilah:
    kode: str
    judul: str
    isi: str
    rujukan: str


_ENTRI = (
    Istilah(
        "skp",
        "SKP (Sasaran Kinerja Pegawai)",
        "Rencana kinerja Anda untuk satu tahun: hasil kerja yang akan dicapai (RHK), indikator "
        "untuk mengukurnya beserta targetnya, dan perilaku kerja yang diharapkan. SKP disusun "
        "pegawai, disetujui pejabat penilai, lalu menjadi dasar penilaian akhir tahun.",
        "PermenPANRB Nomor 6 Tahun 2022; PP Nomor 30 Tahun 2019.",
    ),
    Istilah(
        "rhk",
        "RHK (Rencana Hasil Kerja)",
        "Hasil kerja yang akan Anda capai dalam setahun, ditulis sebagai hasil, bukan kegiatan. "
        "RHK Anda menurun (kaskade) dari RHK atasan yang Anda dukung, sehingga kerja setiap "
        "pegawai tersambung dengan tujuan instansi. RHK utama menentukan nilai; RHK tambahan "
        "hanya dapat menaikkan.",
        "PermenPANRB Nomor 6 Tahun 2022, Lampiran II.",
    ),
    Istilah(
        "iki",
        "IKI (Indikator Kinerja Individu)",
        "Ukuran keberhasilan satu RHK: apa yang dihitung, targetnya berapa, dan satuannya apa "
        "(mis. “Persentase layanan selesai tepat waktu, 90 %”). Indikator yang baik dapat "
        "dihitung oleh siapa pun dari bukti yang sama, sehingga penilaian menjadi objektif.",
        "PermenPANRB Nomor 6 Tahun 2022, Lampiran II.",
    ),
    Istilah(
        "indikator-terukur",
        "Indikator yang terukur",
        "Indikator terukur menyebut apa yang dihitung (jumlah, persentase, waktu, rupiah), "
        "memakai satuan yang dapat dihitung (dokumen, %, hari, orang) — bukan penilaian seperti "
        "“baik” atau “optimal” — dan memakai aspek yang cocok: persentase dan indeks dirata-rata "
        "antartriwulan (aspek Kualitas atau Waktu), hanya jumlah dan rupiah yang dijumlahkan "
        "(aspek Kuantitas atau Biaya). Kinerja memeriksa indikator Anda saat diketik dan "
        "menjelaskan yang kurang.",
        "PermenPANRB Nomor 6 Tahun 2022, Lampiran II; aturan pemeriksa: docs/indikator.md.",
    ),
    Istilah(
        "capaian",
        "Capaian",
        "Seberapa jauh realisasi memenuhi target, dalam persen. Bila makin tinggi makin baik: "
        "realisasi ÷ target × 100 %. Bila makin rendah makin baik (mis. waktu layanan): "
        "(1 + (1 − realisasi ÷ target)) × 100 %. Capaian RHK adalah rata-rata capaian "
        "indikatornya.",
        "PermenPANRB Nomor 6 Tahun 2022; rumus dan contoh dari PermenPANRB Nomor 8 Tahun 2021.",
    ),
    Istilah(
        "ekspektasi",
        "Ekspektasi (Di Atas, Sesuai, Di Bawah)",
        "Tiga tingkat penilaian untuk hasil kerja dan untuk perilaku kerja. Kinerja mengusulkan "
        "tingkat hasil kerja dari capaian (di atas bila capaian sekurang-kurangnya 110 %, di "
        "bawah bila kurang dari 90 %); pejabat penilai yang memutuskan dan menulis alasannya "
        "bila berbeda dari usulan.",
        "PermenPANRB Nomor 6 Tahun 2022, Lampiran II; ambang usulan: kebijakan instansi.",
    ),
    Istilah(
        "predikat",
        "Predikat kinerja",
        "Hasil akhir penilaian, dari gabungan hasil kerja dan perilaku kerja: Sangat Baik, Baik, "
        "Butuh Perbaikan, Kurang/Misconduct, atau Sangat Kurang. Contoh: hasil kerja Di Atas "
        "dan perilaku Di Atas memberi Sangat Baik; hasil kerja Di Bawah dan perilaku Sesuai "
        "memberi Butuh Perbaikan.",
        "PermenPANRB Nomor 6 Tahun 2022, Lampiran II (matriks predikat).",
    ),
    Istilah(
        "kurva-distribusi",
        "Kurva distribusi",
        "Aturan sebaran predikat pegawai dalam satu unit, mengikuti predikat unitnya. Misalnya "
        "unit berpredikat Baik: paling banyak 70 % pegawai Baik dan sekurang-kurangnya satu "
        "Butuh Perbaikan atau Kurang. Kinerja memeriksa sebaran ini sebelum periode ditutup dan "
        "tidak pernah mengubah nilai siapa pun dengan sendirinya.",
        "PermenPANRB Nomor 6 Tahun 2022, Lampiran II (kurva distribusi).",
    ),
    Istilah(
        "berakhlak",
        "BerAKHLAK",
        "Tujuh nilai dasar ASN yang menjadi ukuran perilaku kerja: Berorientasi Pelayanan, "
        "Akuntabel, Kompeten, Harmonis, Loyal, Adaptif, dan Kolaboratif. Pejabat penilai menilai "
        "setiap nilai; masukan rekan dan bawahan (360°) ditunjukkan kepadanya tetapi tidak "
        "dihitung otomatis.",
        "Surat Edaran MenPANRB Nomor 20 Tahun 2021; PermenPANRB Nomor 6 Tahun 2022.",
    ),
    Istilah(
        "ikm",
        "IKM (Indeks Kepuasan Masyarakat)",
        "Nilai kepuasan masyarakat atas satu layanan atau petugas, dari survei sembilan unsur "
        "(persyaratan, prosedur, waktu, biaya, produk, kompetensi, perilaku, pengaduan, sarana) "
        "berskala 1–4, dikonversi ke 25–100 dan diberi mutu A–D. IKM dapat menjadi realisasi "
        "indikator yang bergantung padanya.",
        "PermenPANRB Nomor 14 Tahun 2017.",
    ),
    Istilah(
        "keberatan",
        "Keberatan",
        "Bila Anda tidak setuju dengan hasil penilaian, ajukan keberatan dengan alasannya kepada "
        "atasan pejabat penilai paling lambat 14 hari setelah hasil Anda terima. Atasan itu "
        "meminta penjelasan kedua pihak lalu memutuskan; keputusannya final.",
        "PP Nomor 30 Tahun 2019, Pasal 59.",
    ),
)

ENTRI = {e.kode: e for e in _ENTRI}
URUTAN = [e.kode for e in _ENTRI]
