"""Is an indicator measurable? A pure, documented rule set (docs/indikator.md).

An indicator can be assessed objectively only when its text says *what* is counted or measured,
its unit is a unit (not a judgement such as "baik"), and its aspect fits the unit: a percentage
or an index is averaged over the quarters, never summed (PermenPANRB 6/2022, lampiran II;
docs/penilaian.md "aspek yang dijumlahkan"). :func:`periksa` returns the findings in plain
Indonesian; nothing here reads the database, so the employee's form, the supervisor's review and
the benchmark on the labelled fixture (bench/bench_indikator.py) share one judgement.

Each rule is deliberately narrow: a finding nags a person, so a rule fires only on a pattern
that is almost never measurable (precision first; the goal is >= 0.9 on "tidak terukur").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher

# Verbs and nominalisations that state a wish, not a result ("meningkatkan kualitas ...").
KATA_KABUR = frozenset(
    {
        "meningkatkan",
        "meningkatnya",
        "peningkatan",
        "mengoptimalkan",
        "optimalisasi",
        "mengoptimalisasikan",
        "optimalnya",
        "memaksimalkan",
        "maksimalnya",
        "mendukung",
        "mendukungnya",
        "membantu",
        "memfasilitasi",
        "mengupayakan",
        "menjaga",
        "memantapkan",
        "pemantapan",
        "memperkuat",
        "penguatan",
        "mewujudkan",
        "terwujudnya",
        "terlaksananya",
        "tercapainya",
        "terjaminnya",
        "terselenggaranya",
        "meningkatkannya",
        "mengembangkan",
        "pengembangan",
        "menyukseskan",
        "suksesnya",
        "lancarnya",
        "memperlancar",
        "mengefektifkan",
    }
)

# Words that say how the result is counted or measured.
KATA_UKURAN = frozenset(
    {
        "jumlah",
        "banyaknya",
        "persentase",
        "persen",
        "proporsi",
        "rasio",
        "indeks",
        "ikm",
        "nilai",
        "skor",
        "rata-rata",
        "rerata",
        "waktu",
        "lama",
        "durasi",
        "frekuensi",
        "angka",
        "tingkat",
        "capaian",
        "realisasi",
        "kecepatan",
        "dokumen",
        "laporan",
        "berkas",
        "kali",
        "orang",
        "unit",
        "paket",
        "rekomendasi",
        "surat",
        "naskah",
        "peraturan",
        "kegiatan",
        "sertifikat",
        "hari",
        "jam",
        "menit",
        "rupiah",
    }
)

# "Units" that are judgements: a realisation cannot be counted against them.
SATUAN_KABUR = frozenset(
    {
        "baik",
        "sangat baik",
        "cukup",
        "optimal",
        "maksimal",
        "meningkat",
        "lancar",
        "sesuai",
        "terlaksana",
        "tercapai",
        "memuaskan",
        "efektif",
        "efisien",
        "berhasil",
        "kualitas",
        "kinerja",
        "tepat",
        "ada",
        "ya",
        "tuntas",
        "maju",
        "berkualitas",
    }
)

SATUAN_PERSEN = frozenset({"%", "persen", "persentase", "indeks", "nilai", "skor", "poin", "ikm"})
SATUAN_WAKTU = frozenset(
    {
        "detik",
        "menit",
        "jam",
        "hari",
        "hari kerja",
        "hk",
        "minggu",
        "pekan",
        "bulan",
        "triwulan",
        "semester",
        "tahun",
        "tanggal",
    }
)
SATUAN_UANG = frozenset(
    {"rupiah", "rp", "rp.", "ribu rupiah", "juta rupiah", "juta", "miliar", "%"}
)
ASPEK_DIJUMLAH = frozenset({"kuantitas", "biaya"})
SUMBER_INDEKS = frozenset({"ikm_layanan", "waktu_respons_aduan", "penyelesaian_aduan"})

# Codes whose finding means "this indicator cannot be assessed objectively as written".
TIDAK_TERUKUR = frozenset(
    {
        "kata_kabur",
        "satuan_kabur",
        "persen_dijumlah",
        "waktu_bukan_waktu",
        "biaya_bukan_uang",
        "target_beda",
    }
)


@dataclass(frozen=True, slots=True)
class Temuan:
    """One finding: a code for tests and statistics, and a sentence for the person."""

    kode: str
    pesan: str
    kolom: str

    @property
    def tidak_terukur(self) -> bool:
        return self.kode in TIDAK_TERUKUR


# "terwujudnya", "tersedianya", "terlaksananya": a state wished for, not a count.
_KEADAAN = re.compile(r"^ter[a-z]{3,}nya$")
_WORD = re.compile(r"[0-9a-z%][0-9a-z%\-]*")
_NUMBER_UNIT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(%|persen|dokumen|laporan|kali|orang|berkas|hari)")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def normal(text: str) -> str:
    """The indicator text without case, punctuation and repeated spaces (for duplicates)."""
    return " ".join(_words(text or ""))


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        return None


def _satuan(text: str) -> str:
    return " ".join((text or "").lower().split()).strip(" .")


def periksa(
    uraian: str,
    *,
    satuan: str = "",
    aspek: str = "kuantitas",
    target=None,
    sumber: str = "manual",
    lain: tuple[str, ...] | list[str] = (),
) -> list[Temuan]:
    """The findings on one indicator, most important first; an empty list means no finding.

    ``lain`` are the texts of the other indicators of the same SKP (for duplicates).
    """
    temuan: list[Temuan] = []
    words = _words(uraian or "")
    satuan_n = _satuan(satuan)
    if not words:
        return temuan

    kabur = [w for w in words if w in KATA_KABUR or _KEADAAN.match(w)]
    diukur = any(w in KATA_UKURAN for w in words) or any(ch.isdigit() for ch in uraian)
    if kabur and not diukur:
        temuan.append(
            Temuan(
                "kata_kabur",
                f"“{kabur[0]}” menyatakan keinginan, bukan hasil yang dapat dihitung. Tulis apa "
                "yang diukur dan bagaimana, mis. “Persentase layanan selesai tepat waktu” atau "
                "“Jumlah dokumen yang diverifikasi”.",
                "uraian",
            )
        )
    if satuan_n in SATUAN_KABUR:
        temuan.append(
            Temuan(
                "satuan_kabur",
                f"Satuan “{satuan}” adalah penilaian, bukan satuan ukur: realisasi tidak dapat "
                "dibandingkan dengannya. Pakai satuan yang dapat dihitung, mis. dokumen, %, hari, "
                "orang, kali.",
                "satuan",
            )
        )
    # A percentage of the budget is a fair "biaya" unit; any other index summed is not.
    if satuan_n in SATUAN_PERSEN and (
        aspek == "kuantitas" or (aspek == "biaya" and satuan_n != "%")
    ):
        temuan.append(
            Temuan(
                "persen_dijumlah",
                f"Satuan “{satuan}” adalah persentase/indeks, tetapi aspek "
                f"{aspek} menjumlahkan realisasi antartriwulan (mis. 90 % + 95 % = 185 %). "
                "Pilih aspek Kualitas (dirata-rata) atau ubah satuan menjadi jumlah.",
                "aspek",
            )
        )
    if sumber in SUMBER_INDEKS and aspek in ASPEK_DIJUMLAH:
        temuan.append(
            Temuan(
                "persen_dijumlah",
                "Indikator yang diisi sistem (IKM, waktu respons atau penyelesaian aduan) bernilai "
                "indeks atau rata-rata per triwulan dan tidak boleh dijumlahkan: pilih aspek "
                "Kualitas atau Waktu.",
                "aspek",
            )
        )
    if aspek == "waktu" and satuan_n and satuan_n not in SATUAN_WAKTU and satuan_n != "%":
        temuan.append(
            Temuan(
                "waktu_bukan_waktu",
                f"Aspek Waktu diukur dalam satuan waktu (hari, jam, bulan) atau persentase tepat "
                f"waktu, bukan “{satuan}”. Ubah satuan atau pilih aspek lain.",
                "satuan",
            )
        )
    if aspek == "biaya" and satuan_n and satuan_n not in SATUAN_UANG:
        temuan.append(
            Temuan(
                "biaya_bukan_uang",
                f"Aspek Biaya diukur dalam rupiah atau persentase anggaran, bukan “{satuan}”.",
                "satuan",
            )
        )
    nilai = _decimal(target)
    if nilai is not None:
        for angka, unit in _NUMBER_UNIT.findall((uraian or "").lower()):
            disebut = _decimal(angka)
            unit_sama = unit in ("%", "persen") and satuan_n in ("%", "persen")
            unit_sama = unit_sama or unit == satuan_n
            if disebut is not None and unit_sama and disebut != nilai:
                temuan.append(
                    Temuan(
                        "target_beda",
                        f"Teks indikator menyebut {angka} {unit}, tetapi targetnya "
                        f"{target} {satuan}. Samakan keduanya agar realisasi dapat diperiksa.",
                        "target",
                    )
                )
                break
    kunci = normal(uraian)
    for other in lain:
        other_n = normal(other)
        if other_n and SequenceMatcher(None, kunci, other_n).ratio() >= 0.9:
            temuan.append(
                Temuan(
                    "duplikat",
                    f"Indikator ini sama dengan “{other}” di SKP yang sama. Gabungkan, atau "
                    "bedakan apa yang diukur.",
                    "uraian",
                )
            )
            break
    return temuan


def tidak_terukur(temuan: list[Temuan]) -> bool:
    """Whether the findings say the indicator cannot be assessed objectively as written."""
    return any(t.tidak_terukur for t in temuan)
