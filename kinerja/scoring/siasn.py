"""A closed period's results in the shape of BKN's SIASN "kinerja periodik" (issue 22).

One place maps Kinerja's codes (the rule scheme's labels, :mod:`.rules.permenpanrb_6_2022`)
to the national reference codes, and builds the records and the ``{success, message, data}``
envelope that the API endpoint, the JSON download and the XLSX download all share, so the
three always carry the same rows.

Where each part comes from (docs/api.md, "Ekspor SIASN", has the same table):

- **Public source**: the field names of a kinerja periodik record (``hasilKinerjaNilai``,
  ``perilakuKerjaNilai``, ``kuadranKinerjaNilai``, ``periodikId``, ``pnsDinilaiId``,
  ``penilaiNipNrp`` …, ``statusPenilai`` "ASN"/"NON ASN", the months and years of the
  assessment) as the open-source SIASN web-service SDK documents them:
  https://github.com/black-coffee04/ws-siasn-php (README, "Kinerja Periodik"), which also
  says that ``hasilKinerjaNilai`` and ``perilakuKerjaNilai`` are integers of the reference
  ``perilakuDanKinerja``, ``kuadranKinerjaNilai`` one of ``kuadranNilai``, ``periodikId`` one
  of ``periodik`` and ``penilaiGolongan`` one of ``golonganPns``.
- **Assumptions to confirm with BKN** (the reference tables' numbers are not published; an
  agency reads them from SIASN's ``/referensi`` endpoints with its own credentials): every
  integer in :data:`HASIL_KINERJA`, :data:`PERILAKU_KERJA`, :data:`KUADRAN`, :data:`PERIODIK`
  and :data:`GOLONGAN`. Each table is one dict here: correcting a number is a one-line change,
  and the tests read the tables rather than repeating them.

Only the PermenPANRB 6/2022 scheme has hasil kerja, perilaku and a quadrant; a PP 46/2011
period is refused (:class:`SkemaTidakDidukung`). Results the rules could not rate (no
hasil kerja or perilaku) are skipped and counted in ``message``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kinerja.core.errors import DomainError
from kinerja.core.spreadsheet import Sheet
from kinerja.scoring import queries
from kinerja.scoring.models import Hasil
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.skp.models import Periode

Rating = pmp.Rating

SOURCE_FIELDS = "https://github.com/black-coffee04/ws-siasn-php (README, Kinerja Periodik)"

HASIL_KINERJA: dict[Rating, int] = {
    Rating.DI_BAWAH: 1,
    Rating.SESUAI: 2,
    Rating.DI_ATAS: 3,
}
"""Reference ``perilakuDanKinerja`` for ``hasilKinerjaNilai``. [assumption: confirm with BKN]"""

PERILAKU_KERJA: dict[Rating, int] = dict(HASIL_KINERJA)
"""The same reference for ``perilakuKerjaNilai`` (one reference for both, per the SDK).
[assumption: the numbers]"""

KUADRAN: dict[tuple[Rating, Rating], int] = {
    (work, behaviour): 3 * (HASIL_KINERJA[work] - 1) + PERILAKU_KERJA[behaviour]
    for work in Rating
    for behaviour in Rating
}
"""Reference ``kuadranNilai``: the cell of PermenPANRB 6/2022's 3×3 matrix (hasil kerja,
perilaku), numbered row by row from (di bawah, di bawah) = 1 to (di atas, di atas) = 9.
[assumption: confirm the numbering with BKN]"""

PERIODIK: dict[str, int] = {
    Periode.Kadens.BULANAN: 1,
    Periode.Kadens.TRIWULANAN: 2,
    Periode.Kadens.SEMESTERAN: 3,
    "tahunan": 4,
}
"""Reference ``periodik``: a slice by the period's cadence, the year's result as "tahunan".
[assumption: confirm with BKN]"""

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
GOLONGAN: dict[str, int] = {
    f"{g}/{r}": 10 * _ROMAN[g] + index + 1
    for g, letters in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde"))
    for index, r in enumerate(letters)
}
"""Reference ``golonganPns`` for ``penilaiGolongan``: I/a = 11 … IV/e = 45 (the numbering of
BKN's earlier SAPK). PPPK grades (I–XVII) have no number here and are sent as null.
[assumption: confirm with BKN]"""

STATUS_PENILAI = "ASN"
"""``statusPenilai``: every rater in Kinerja is an employee of the agency (public source)."""

PREDIKAT_OF_KUADRAN: dict[int, pmp.Predikat] = {
    code: pmp.PREDIKAT_MATRIX[cell] for cell, code in KUADRAN.items()
}
"""Each quadrant's predikat (PermenPANRB 6/2022 §2.1), for the XLSX's readable columns."""


class SkemaTidakDidukung(DomainError):
    """The period's scheme has no SIASN kinerja periodik shape (PP 46/2011)."""


class BelumDitutup(DomainError):
    """The period is still open: its results may change."""


@dataclass(frozen=True)
class Baris:
    """One result as SIASN expects it (``record``) and as a person reads it (the rest)."""

    hasil_id: int
    nip: str
    nama: str
    bagian: str
    hasil_kerja: str
    perilaku: str
    predikat: str
    sumber: str
    record: dict


def codes(hasil_kerja: str, perilaku: str) -> tuple[int, int, int]:
    """(hasilKinerjaNilai, perilakuKerjaNilai, kuadranKinerjaNilai) of two rating codes
    (``di_atas``, ``sesuai``, ``di_bawah``); KeyError for anything else."""
    work, behaviour = Rating(hasil_kerja), Rating(perilaku)
    return HASIL_KINERJA[work], PERILAKU_KERJA[behaviour], KUADRAN[(work, behaviour)]


def check_exportable(periode: Periode) -> None:
    if not periode.ditutup:
        raise BelumDitutup(
            f"Periode {periode.tahun} belum ditutup ({periode.get_status_display()}); hasilnya "
            "masih dapat berubah. Ekspor SIASN tersedia setelah periode ditutup."
        )
    if periode.skema != Periode.Skema.PERMENPANRB_6_2022:
        raise SkemaTidakDidukung(
            f"Periode {periode.tahun} memakai skema {periode.get_skema_display()}, yang tidak "
            "mengenal hasil kerja, perilaku dan kuadran; kinerja periodik SIASN hanya untuk "
            "PermenPANRB 6/2022."
        )


def results(periode: Periode, *, bagian: int | None = None, semua: bool = False):
    """The period's results in export order (NIP, then the slices, then the year): the year's
    only by default, slice ``bagian`` when given, every one with ``semua``."""
    qs = queries.hasil_list().select_related("skp__penilai__jabatan", "skp__penilai__unit")
    qs = qs.filter(periode=periode)
    if not semua:
        qs = (
            qs.filter(bagian__nomor=bagian)
            if bagian is not None
            else qs.filter(bagian__isnull=True)
        )
    return qs.order_by("skp__pegawai__nip", "bagian__nomor", "pk")


def rows(periode: Periode, hasil: Iterable[Hasil]) -> tuple[list[Baris], list[Hasil]]:
    """(exported rows, skipped results) of ``hasil`` (results of ``periode``). A year's result
    whose objection was upheld after the close carries the decision that holds now
    (``queries.later_finals``, one query), as every page and the curve do."""
    hasil = list(hasil)
    changed = queries.later_finals(periode, [h.pk for h in hasil if h.bagian_id is None])
    done, skipped = [], []
    for h in hasil:
        work, behaviour, sumber = h.final_hasil_kerja, h.final_perilaku, "penilaian"
        later = changed.get(h.pk)
        if later:
            work = later["hasil_kerja"] or work
            behaviour = later["perilaku"] or behaviour
            sumber = later["judul"]
        if work not in HASIL_KINERJA or behaviour not in PERILAKU_KERJA:
            skipped.append(h)
            continue
        done.append(_baris(periode, h, work, behaviour, sumber))
    return done, skipped


def _baris(periode: Periode, h: Hasil, work: str, behaviour: str, sumber: str) -> Baris:
    hasil_code, perilaku_code, kuadran = codes(work, behaviour)
    if h.bagian_id is None:
        mulai, selesai, periodik, bagian = (1, periode.tahun), (12, periode.tahun), "tahunan", ""
    else:
        b = h.bagian
        mulai, selesai = (b.mulai.month, b.mulai.year), (b.selesai.month, b.selesai.year)
        periodik, bagian = periode.kadens, b.nama
    pegawai, penilai = h.skp.pegawai, h.skp.penilai
    record = {
        "pnsDinilaiId": None,
        "nipBaru": pegawai.nip,
        "nama": pegawai.nama_lengkap,
        "tahun": periode.tahun,
        "periodikId": PERIODIK[periodik],
        "bulanMulaiPenilaian": mulai[0],
        "tahunMulaiPenilaian": mulai[1],
        "bulanSelesaiPenilaian": selesai[0],
        "tahunSelesaiPenilaian": selesai[1],
        "hasilKinerjaNilai": hasil_code,
        "perilakuKerjaNilai": perilaku_code,
        "kuadranKinerjaNilai": kuadran,
        "koefisienId": None,
        "statusPenilai": STATUS_PENILAI,
        "penilaiNipNrp": penilai.nip if penilai else None,
        "penilaiNama": penilai.nama_lengkap if penilai else None,
        "penilaiJabatanNama": penilai.jabatan.nama if penilai and penilai.jabatan else None,
        "penilaiUnorNama": penilai.unit.nama if penilai else None,
        "penilaiGolongan": GOLONGAN.get(penilai.golongan) if penilai else None,
    }
    return Baris(
        hasil_id=h.pk, nip=pegawai.nip, nama=pegawai.nama_lengkap, bagian=bagian or "Tahunan",
        hasil_kerja=Rating(work).label, perilaku=Rating(behaviour).label,
        predikat=PREDIKAT_OF_KUADRAN[kuadran].label, sumber=sumber, record=record,
    )  # fmt: skip


def message(periode: Periode, exported: int, skipped: int) -> str:
    text = f"{exported} hasil periode {periode.tahun} dalam format kinerja periodik SIASN."
    if skipped:
        text += (
            f" {skipped} hasil dilewati karena tidak berhasil kerja dan perilaku "
            "(aturan tidak dapat menghitungnya)."
        )
    return text


def envelope(periode: Periode, baris: list[Baris], skipped: int) -> dict:
    """SIASN's answer shape: ``{success, message, data}``."""
    return {
        "success": True,
        "message": message(periode, len(baris), skipped),
        "data": [b.record for b in baris],
    }


# --------------------------------------------------------------------------- the downloads

HEADER = [
    "NIP", "Nama", "Bagian", "Hasil kerja", "Perilaku kerja", "Predikat", "Sumber keputusan",
    "tahun", "periodikId", "bulanMulaiPenilaian", "tahunMulaiPenilaian",
    "bulanSelesaiPenilaian", "tahunSelesaiPenilaian", "hasilKinerjaNilai",
    "perilakuKerjaNilai", "kuadranKinerjaNilai", "statusPenilai", "penilaiNipNrp",
    "penilaiNama", "penilaiJabatanNama", "penilaiUnorNama", "penilaiGolongan",
]  # fmt: skip


def _cells(b: Baris) -> list:
    r = b.record
    return [
        b.nip, b.nama, b.bagian, b.hasil_kerja, b.perilaku, b.predikat, b.sumber,
        *(r[k] for k in HEADER[7:]),
    ]  # fmt: skip


def mapping_rows() -> Iterator[list]:
    """The code tables as rows: what, Kinerja's value, SIASN code, source."""
    assumed = "Asumsi: konfirmasi ke BKN"
    for rating, code in HASIL_KINERJA.items():
        yield ["hasilKinerjaNilai", rating.label, code, assumed]
    for rating, code in PERILAKU_KERJA.items():
        yield ["perilakuKerjaNilai", rating.label, code, assumed]
    for (work, behaviour), code in sorted(KUADRAN.items(), key=lambda item: item[1]):
        label = f"{work.label} × {behaviour.label} ({PREDIKAT_OF_KUADRAN[code].label})"
        yield ["kuadranKinerjaNilai", label, code, assumed]
    for kadens, code in PERIODIK.items():
        yield ["periodikId", str(kadens), code, assumed]
    yield ["penilaiGolongan", "I/a … IV/e", "11 … 45", assumed]
    yield ["statusPenilai", "pejabat penilai pegawai instansi", STATUS_PENILAI, SOURCE_FIELDS]
    yield ["nama kolom", "semua kolom camelCase", "", SOURCE_FIELDS]


def sheets(periode: Periode, baris: list[Baris], skipped: list[Hasil]) -> list[Sheet]:
    subtitle = f"Periode {periode.tahun}"
    return [
        Sheet("Kinerja periodik SIASN", HEADER, (_cells(b) for b in baris), subtitle=subtitle),
        Sheet(
            "Referensi kode",
            ["Kolom SIASN", "Nilai di Kinerja", "Kode SIASN", "Sumber"],
            mapping_rows(),
            subtitle=subtitle,
        ),  # fmt: skip
        Sheet(
            "Dilewati",
            ["NIP", "Nama", "Bagian", "Galat"],
            (
                [
                    h.skp.pegawai.nip,
                    h.skp.pegawai.nama_lengkap,
                    h.bagian.nama if h.bagian_id else "Tahunan",
                    h.galat,
                ]
                for h in skipped
            ),
            subtitle=subtitle,
        ),  # fmt: skip
    ]
