"""The command line's table: reading CSV/XLSX into rows, reading and checking cells, the
report of problems, and the JSON written per line."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from kinerja.core import table_files
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp

Cell = str | int | float | Decimal | None

EXIT_OK = 0
EXIT_BAD_DATA = 1
EXIT_USAGE = 2
MAX_REASON = 300  # characters of one problem's reason; longer ones are cut
MAX_DIGITS = 15  # digits of a number before the decimal separator (Excel keeps 15)


def excerpt(text: str, limit: int = 40) -> str:
    """A cell as a message quotes it: whole when short, its start otherwise."""
    return text if len(text) <= limit else f"{text[:limit]}…"


class UsageError(Exception):
    """A problem with how the command was called (exit status 2)."""


class FileProblem(Exception):
    """The file as a whole cannot be read (exit status 1)."""


class CellError(Exception):
    """One cell's value is wrong; the message says what to fix, ``column`` which cell."""

    def __init__(self, message: str, column: str | None = None) -> None:
        super().__init__(message)
        self.column = column


@dataclass
class Row:
    number: int
    values: dict[str, Cell]

    def text(self, name: str) -> str:
        value = self.values.get(name)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()


@dataclass
class Table:
    columns: list[str]
    rows: list[Row]


@dataclass
class Report:
    """What a command produced: output lines by group, and the problems found."""

    problems: list[tuple[int, str, str]] = field(default_factory=list)
    bad_groups: set[object] = field(default_factory=set)
    output: list[tuple[object, dict[str, object]]] = field(default_factory=list)

    def problem(self, row: Row, column: str, reason: str, group: object = None) -> None:
        if len(reason) > MAX_REASON:  # a rule quoting a huge cell back
            reason = f"{reason[:MAX_REASON]}…"
        self.problems.append((row.number, column, reason))
        self.bad_groups.add(group)


# ---------------------------------------------------------------- reading files


SAVE_AS_UTF8 = (
    "simpan ulang sebagai 'CSV UTF-8 (Comma delimited)' di Excel atau pilih set karakter UTF-8 "
    "di LibreOffice"
)


def read_table(path: Path) -> Table:
    """Read the first sheet of an XLSX, or a CSV in UTF-8 (with or without BOM), with the
    project's one reader (``kinerja.core.table_files``)."""
    if not path.exists():
        raise UsageError(f"berkas {path} tidak ditemukan; periksa nama dan foldernya")
    if path.is_dir():
        raise UsageError(f"{path} adalah folder; sebutkan berkas CSV atau XLSX")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise FileProblem(
            "format .xls (Excel lama) tidak didukung; simpan sebagai .xlsx atau CSV UTF-8"
        )
    try:
        raw = path.read_bytes()
    except PermissionError:
        raise FileProblem(f"berkas {path} tidak dapat dibaca (izin ditolak)") from None
    try:
        if suffix in {".xlsx", ".xlsm"}:
            records = [
                (number, [_xlsx_cell(value) for value in values])
                for number, values in table_files.xlsx_records(raw)
            ]
        else:
            records = [(line, list(values)) for line, values in table_files.csv_records(raw)]
    except table_files.BadXlsx:
        raise FileProblem(
            f"berkas {path.name} bukan XLSX yang dapat dibaca atau rusak; simpan ulang dari "
            "Excel atau LibreOffice sebagai .xlsx"
        ) from None
    except table_files.Utf16:
        raise FileProblem(f"berkas berenkode UTF-16, bukan UTF-8; {SAVE_AS_UTF8}") from None
    except table_files.NulCharacter as error:
        raise FileProblem(
            f"berkas berisi karakter NUL (byte 0) di baris {error.line}, yang tidak boleh ada "
            f"dalam teks; berkasnya mungkin rusak atau bukan CSV; {SAVE_AS_UTF8}"
        ) from None
    except table_files.NotUtf8 as error:
        raise FileProblem(
            f"berkas bukan UTF-8 (karakter tidak sah di baris {error.line}, mungkin Latin-1/"
            f"Windows-1252); {SAVE_AS_UTF8}"
        ) from None
    except table_files.BadCsv as error:
        raise FileProblem(f"baris {error.line}: CSV tidak sah ({error.detail})") from None
    return _table(records)


def _xlsx_cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | Decimal):
        return value  # type: ignore[return-value]
    return str(value)


def is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(records: Sequence[tuple[int, list[Cell]]]) -> Table:
    content = [(number, values) for number, values in records if not all(map(is_blank, values))]
    if not content:
        raise FileProblem("berkas kosong; baris pertama harus berisi judul kolom, lalu baris data")
    header_number, header = content[0]
    columns: list[str] = []
    for index, name in enumerate(header):
        key = "_".join(str(name).split()).casefold() if not is_blank(name) else ""
        if key and key in columns:
            raise FileProblem(
                f"baris {header_number}: kolom {key}: nama kolom ganda; hapus salah satunya"
            )
        columns.append(key or f"#{index + 1}")
    rows = []
    for number, values in content[1:]:
        row = Row(number, {})
        for index, value in enumerate(values):
            if index < len(columns):
                row.values[columns[index]] = value
            else:
                row.values.setdefault("#lebih", value)
        rows.append(row)
    if not rows:
        raise FileProblem("tidak ada baris data di bawah baris judul; isi minimal satu baris")
    return Table([c for c in columns if not c.startswith("#")], rows)


# ---------------------------------------------------------------- reading cells

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?$")
_RANGE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%?\s*[-–]\s*(\d+(?:[.,]\d+)?)\s*%?\s*$")


def parse_decimal_text(text: str, *, percent: bool = False) -> Decimal:
    """A number written with a decimal point or an Indonesian decimal comma ("87,5")."""
    value = text.strip()
    if percent and value.endswith("%"):
        value = value[:-1].strip()
    if _NUMBER.match(value):
        return Decimal(value.replace(",", "."))
    if _GROUPED.match(value) and ("," in value and "." in value):
        raise CellError(
            f"{excerpt(text)!r} memakai pemisah ribuan; tulis tanpa pemisah ribuan, misalnya 1234,5"
        )
    raise CellError(f"{excerpt(text)!r} bukan angka; tulis misalnya 87,5 atau 87.5")


def number_cell(
    row: Row, column: str, *, optional: bool = False, percent: bool = False
) -> Decimal | None:
    value = row.values.get(column)
    if is_blank(value):
        if optional:
            return None
        raise CellError("wajib diisi dengan angka", column)
    if isinstance(value, bool):
        raise CellError("harus angka, bukan TRUE/FALSE", column)
    if isinstance(value, int | Decimal):
        return _bounded(Decimal(value), column)
    if isinstance(value, float):
        return _bounded(Decimal(repr(value)), column)
    try:
        return _bounded(parse_decimal_text(str(value), percent=percent), column)
    except CellError as error:
        raise CellError(str(error), column) from None


def _bounded(number: Decimal, column: str | None = None) -> Decimal:
    """A number the rules can compute with: finite, at most MAX_DIGITS digits before the
    decimal separator (past that the decimal context overflows inside the rules)."""
    if not number.is_finite() or number.adjusted() >= MAX_DIGITS:
        raise CellError(f"angka terlalu besar; paling banyak {MAX_DIGITS} digit", column)
    return number


def text_cell(row: Row, column: str, what: str) -> str:
    value = row.text(column)
    if not value:
        raise CellError(f"wajib diisi ({what})", column)
    return value


def nip_cell(row: Row) -> str:
    value = row.values.get("nip")
    if isinstance(value, float):
        raise CellError(
            "NIP tersimpan sebagai angka sehingga digitnya bisa hilang; format kolom nip "
            "sebagai Teks lalu ketik ulang NIP"
        )
    nip = "".join(row.text("nip").split())
    if not nip:
        raise CellError("wajib diisi (NIP)")
    return nip


def target_cell(row: Row) -> Decimal | pmp.TargetRange:
    value = row.values.get("target")
    if isinstance(value, str) and (match := _RANGE.match(value)):
        low, high = (_bounded(Decimal(part.replace(",", ".")), "target") for part in match.groups())
        return pmp.TargetRange(low, high)
    number = number_cell(row, "target", percent=True)
    assert number is not None
    return number


# ---------------------------------------------------------------- JSON lines


def to_json(value: object) -> str:
    """JSON with ``Decimal`` written as an unrounded number (no float conversion)."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("angka tidak terhingga tidak dapat ditulis sebagai JSON")
        return format(value, "f")
    if isinstance(value, StrEnum):
        return json.dumps(value.value, ensure_ascii=False)
    if isinstance(value, Mapping):
        items = (
            f"{json.dumps(str(k), ensure_ascii=False)}: {to_json(v)}" for k, v in value.items()
        )
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(to_json(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


# ---------------------------------------------------------------- commands


REQUIRED: Mapping[str, tuple[str, ...]] = {
    "predikat": ("nip", "hasil_kerja", "perilaku"),
    "capaian": ("nip", "indikator", "target", "realisasi", "arah"),
    "skp": (
        "nip",
        "kegiatan",
        "target_kuantitas",
        "realisasi_kuantitas",
        "target_kualitas",
        "realisasi_kualitas",
        "target_waktu",
        "realisasi_waktu",
    ),
    "kurva": ("nip", "predikat"),
    "ikm": tuple(f"u{i}" for i in range(1, 10)),
}
