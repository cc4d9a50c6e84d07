"""Reading: the uploaded bytes into rows of trimmed text, or file-level errors.

The bytes are read by core's one reader (``kinerja.core.table_files``); this module checks the
header against the layout and keeps each row compact (bench/bench_import_memory.py).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings

from kinerja.core import table_files
from kinerja.core.angka import ribuan
from kinerja.core.spreadsheet import csv_cell_read
from kinerja.org.impor.tata_letak import (
    MAX_CELL,
    MAX_LENGTH,
    NIP_COLUMNS,
    TIDAK,
    UNIQUE_COLUMNS,
    YA,
    BarisSalah,
    Layout,
)

XLSX_SIGNATURE = table_files.XLSX_SIGNATURE
NIP_LOST_DIGITS = "NIP tersimpan sebagai angka dan kehilangan digit; format kolom NIP sebagai teks."


_NO_CELLS: frozenset[str] = frozenset()


class Baris:
    """A data row: its number as a spreadsheet shows it and its trimmed cells, in the order
    of the table's columns (``posisi``: column -> index, one dict shared by every row).

    Compact on purpose (slots, a tuple, no set unless a cell was reported): the largest
    allowed file holds 200,000 of these at once (bench/bench_import_memory.py --impor)."""

    __slots__ = ("nomor", "nilai", "posisi", "sel_salah")

    def __init__(
        self,
        nomor: int,
        nilai: tuple[str, ...],
        posisi: dict[str, int],
        sel_salah: frozenset[str] | set[str] = _NO_CELLS,  # cells already reported while reading
    ) -> None:
        self.nomor, self.nilai, self.posisi, self.sel_salah = nomor, nilai, posisi, sel_salah

    def get(self, kolom: str) -> str:
        position = self.posisi.get(kolom)
        return "" if position is None else self.nilai[position]


@dataclass
class Tabel:
    kolom: tuple[str, ...] = ()  # the layout's columns present in the file
    baris: list[Baris] = field(default_factory=list)
    kesalahan: list[BarisSalah] = field(default_factory=list)

    def ambil(self) -> Iterator[Baris]:
        """The rows in order, each released as the next is taken (the table is left
        empty): a planner holds its own compact form of a row, not both at once."""
        rows, self.baris = self.baris, []
        rows.reverse()
        while rows:
            yield rows.pop()


def read_table(content: bytes, filename: str, layout: Layout) -> Tabel:
    """Read a CSV or XLSX upload into rows (core's one reader, ``kinerja.core.table_files``);
    file-level problems come back as errors."""
    max_bytes = settings.KINERJA_IMPORT_MAX_BYTES
    if len(content) > max_bytes:
        return _fatal(
            f"Berkas terlalu besar ({ribuan(len(content))} byte); "
            f"batasnya {ribuan(max_bytes)} byte. Bagi berkas menjadi beberapa bagian."
        )
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in ("csv", "xlsx"):
        return _fatal("Berkas harus CSV (.csv) atau Excel (.xlsx).")
    if table_files.is_blank(content):
        return _fatal("Berkas kosong.")
    if extension == "xlsx":
        if not table_files.is_xlsx(content):
            return _fatal("Berkas berekstensi .xlsx tetapi isinya bukan berkas Excel (XLSX).")
        records = table_files.xlsx_records(content, limits=table_files.XlsxLimits.for_uploads())
    else:
        if table_files.is_xlsx(content):
            return _fatal(
                "Berkas berekstensi .csv tetapi isinya berkas Excel; unggah dengan ekstensi .xlsx."
            )
        records = table_files.csv_records(content, max_cell=max_bytes)
    try:
        return _table_from_records((values for _, values in records), layout)
    except (table_files.Utf16, table_files.NulCharacter, table_files.NotUtf8) as exc:
        return Tabel(kesalahan=[_encoding_error(exc)])
    except table_files.BadXlsx:
        return _fatal("Berkas XLSX rusak atau tidak dapat dibaca; simpan ulang dari Excel.")
    except table_files.XlsxTooBig as exc:
        return _fatal(_too_big_text(exc))
    except table_files.BadCsv as exc:
        return _fatal(
            f"Berkas CSV tidak dapat dibaca ({exc.detail}); periksa tanda kutip pada isinya."
        )


def _fatal(pesan: str, baris: int | None = None) -> Tabel:
    return Tabel(kesalahan=[BarisSalah(baris, "", pesan)])


def _encoding_error(exc: table_files.Unreadable) -> BarisSalah:
    """Why the bytes are not a UTF-8 text, on the line at fault."""
    save_as = "Simpan ulang dari Excel sebagai “CSV UTF-8 (dipisahkan koma)”."
    if isinstance(exc, table_files.NulCharacter):
        return BarisSalah(
            exc.line,
            "",
            "Baris ini berisi karakter NUL (byte 0), yang tidak boleh ada dalam teks; berkasnya "
            f"mungkin rusak atau bukan CSV. Hapus karakter itu atau ekspor ulang. {save_as}",
        )
    if isinstance(exc, table_files.NotUtf8):
        guess = " (tampaknya Windows-1252/ANSI, pengodean bawaan Excel lama)" if exc.cp1252 else ""
        return BarisSalah(
            exc.line,
            "",
            f"Berkas CSV harus UTF-8; baris ini berisi karakter yang bukan UTF-8{guess}. {save_as}",
        )
    return BarisSalah(None, "", f"Berkas CSV harus UTF-8; berkas ini UTF-16. {save_as}")


def _too_big_text(exc: table_files.XlsxTooBig) -> str:
    if exc.limit == "members":
        return (
            f"Berkas XLSX berisi {ribuan(exc.found)} bagian; batasnya {ribuan(exc.allowed)}. "
            "Simpan ulang hanya lembar datanya."
        )
    if exc.limit == "unpacked":
        return (
            f"Isi berkas XLSX setelah dibuka {ribuan(exc.found // (1024 * 1024))} MB; batasnya "
            f"{ribuan(exc.allowed // (1024 * 1024))} MB (batas ukuran tak-terkompresi). Hapus "
            "lembar, format dan gambar yang tidak perlu, atau bagi menjadi beberapa berkas."
        )
    return (
        f"Lembar pertama berisi lebih dari {ribuan(exc.allowed)} sel (batas jumlah "
        "sel); hapus kolom dan baris kosong yang berformat, atau bagi menjadi "
        "beberapa berkas."
    )


def _table_from_records(records: Iterable[list], layout: Layout) -> Tabel:
    iterator = iter(records)
    header = next(iterator, None)
    if header is not None and not any(_is_filled(c) for c in header):
        return _fatal("Baris pertama harus berisi judul kolom; baris ini kosong.", 1)
    if header is None:
        return _fatal("Berkas kosong.")
    names = [_cell_text(c).strip().lower() for c in header]
    known = set(layout.nama_kolom)
    errors: list[BarisSalah] = []
    unknown = [n if len(n) <= 40 else f"{n[:40]}…" for n in names if n and n not in known]
    if unknown:
        errors.append(
            BarisSalah(
                1,
                ", ".join(unknown),
                f"Kolom tidak dikenal: {', '.join(unknown)}. Kolom yang dikenal: "
                f"{', '.join(layout.nama_kolom)}.",
            )
        )
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    if repeated:
        errors.append(
            BarisSalah(
                1, ", ".join(repeated), f"Kolom muncul lebih dari sekali: {', '.join(repeated)}."
            )
        )
    missing = [n for n in layout.wajib if n not in names]
    if missing:
        errors.append(
            BarisSalah(1, ", ".join(missing), f"Kolom wajib tidak ada: {', '.join(missing)}.")
        )
    if errors:
        return Tabel(kesalahan=errors)

    max_rows = settings.KINERJA_IMPORT_MAX_ROWS
    table = Tabel(kolom=tuple(n for n in layout.nama_kolom if n in names))
    posisi = {name: i for i, name in enumerate(table.kolom)}
    blank = [""] * len(table.kolom)
    # One string object per distinct value of the repetitive columns (status, unit, position,
    # supervisor, ya/tidak): 200,000 rows need not hold 200,000 copies of "PNS".
    shared: dict[str, str] = {}
    for number, record in enumerate(iterator, start=2):
        if not any(_is_filled(c) for c in record):
            continue
        if len(table.baris) == max_rows:
            return _fatal(
                f"Berkas berisi lebih dari {ribuan(max_rows)} baris data; "
                "bagi menjadi beberapa berkas."
            )
        values = blank.copy()
        reported: set[str] | None = None
        for position, cell in enumerate(record):
            name = names[position] if position < len(names) else ""
            if not name:
                if _is_filled(cell):
                    table.kesalahan.append(
                        BarisSalah(
                            number,
                            f"ke-{position + 1}",
                            "Sel berisi data tetapi kolomnya tidak berjudul; "
                            "hapus isinya atau beri judul kolom.",
                        )
                    )
                continue
            if name in NIP_COLUMNS and isinstance(cell, float):
                if cell.is_integer() and abs(cell) < 2**53:
                    cell = int(cell)
                else:
                    reported = (reported or set()) | {name}
                    table.kesalahan.append(BarisSalah(number, name, NIP_LOST_DIGITS))
                    continue
            text = cell.strip() if type(cell) is str else _cell_text(cell).strip()
            if len(text) > MAX_CELL:
                reported = (reported or set()) | {name}
                limit = MAX_LENGTH.get(name, MAX_CELL)
                table.kesalahan.append(
                    BarisSalah(
                        number,
                        name,
                        f"Isian terlalu panjang ({ribuan(len(text))} karakter); maks. {limit}.",
                    )
                )
                if name in NIP_COLUMNS:
                    continue
                text = f"{text[:80]}…"  # the checks below quote an excerpt, not the whole cell
            text = csv_cell_read(text) if text[:1] == "'" else text
            values[posisi[name]] = text if name in UNIQUE_COLUMNS else shared.setdefault(text, text)
        table.baris.append(Baris(number, tuple(values), posisi, reported or _NO_CELLS))
    if not table.baris and not table.kesalahan:
        return _fatal("Berkas tidak berisi baris data; hanya ada judul kolom.")
    return table


def _is_filled(cell) -> bool:
    return cell is not None and str(cell).strip() != ""


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return YA if cell else TIDAK
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)
