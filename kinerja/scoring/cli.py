"""``python -m kinerja.scoring``: the rules on CSV/XLSX files, without a database (spec §7).

Reads one table (CSV in UTF-8 with a comma or semicolon, or XLSX; one header row; columns in
any order, names case-insensitive), writes one JSON object per line on stdout in order of
first appearance, and problems on stderr as ``baris N: kolom X: alasan`` (the header is row
1). Exit status: 0 all good, 1 some row or the file was bad (no line is printed for a
person or group with a bad row), 2 usage error. See ``docs/cli.md``.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import NoReturn

from kinerja.core import table_files
from kinerja.scoring.rules import ikm as ikm_rules
from kinerja.scoring.rules import kurva as kurva_rules
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import pp_46_2011 as pp46
from kinerja.scoring.rules.common import RuleInputError

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


def _is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(records: Sequence[tuple[int, list[Cell]]]) -> Table:
    content = [(number, values) for number, values in records if not all(map(_is_blank, values))]
    if not content:
        raise FileProblem("berkas kosong; baris pertama harus berisi judul kolom, lalu baris data")
    header_number, header = content[0]
    columns: list[str] = []
    for index, name in enumerate(header):
        key = "_".join(str(name).split()).casefold() if not _is_blank(name) else ""
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
    if _is_blank(value):
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


def _check_row(report: Report, row: Row, group: object) -> bool:
    if "#lebih" not in row.values:
        return True
    report.problem(
        row,
        "(di luar judul)",
        "baris ini berisi lebih banyak isian daripada judul kolom; bila "
        'memakai koma desimal dengan pemisah koma, beri tanda kutip ("87,5") atau pakai titik '
        "koma sebagai pemisah",
        group,
    )
    return False


_FAILED = object()


def _guard(
    report: Report, row: Row, group: object, column: str, read: Callable[[], object]
) -> object:
    """``read()``, or :data:`_FAILED` after recording its problem against ``row``."""
    try:
        return read()
    except CellError as error:
        report.problem(row, error.column or column, str(error), group)
    except RuleInputError as error:
        report.problem(row, error.field or column, str(error), group)
    return _FAILED


def run_predikat(table: Table, args: argparse.Namespace, report: Report) -> None:
    for row in table.rows:
        nip = _guard(report, row, ("baris", row.number), "nip", lambda r=row: nip_cell(r))
        if nip is _FAILED or not _check_row(report, row, nip):
            continue
        group = nip
        work = _guard(report, row, group, "hasil_kerja", lambda r=row: _rating(r, "hasil_kerja"))
        behaviour = _guard(report, row, group, "perilaku", lambda r=row: _rating(r, "perilaku"))
        if work is _FAILED or behaviour is _FAILED:
            continue
        scored = pmp.predikat(work, behaviour)  # type: ignore[arg-type]
        report.output.append(
            (
                group,
                {
                    "nip": nip,
                    "predikat": scored.value,
                    "label": scored.value.label,
                    "hasil_kerja": work,
                    "perilaku": behaviour,
                    "breakdown": scored.breakdown.as_dict(),
                },
            )
        )


def _rating(row: Row, column: str) -> pmp.Rating:
    return pmp.parse_rating(text_cell(row, column, "di_atas, sesuai atau di_bawah"), field=column)


@dataclass
class _Group:
    first_row: Row
    items: list[object] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)


def _groups(table: Table, report: Report) -> Iterator[tuple[str, Row]]:
    for row in table.rows:
        nip = _guard(report, row, ("baris", row.number), "nip", lambda r=row: nip_cell(r))
        if nip is _FAILED:
            continue
        if _check_row(report, row, nip):
            yield str(nip), row


def run_capaian(table: Table, args: argparse.Namespace, report: Report) -> None:
    params = args.params
    groups: dict[str, _Group] = {}
    for nip, row in _groups(table, report):
        group = groups.setdefault(nip, _Group(row))

        def indicator(r: Row = row) -> tuple[dict[str, object], pmp.IndicatorCapaian, Decimal]:
            name = text_cell(r, "indikator", "nama indikator")
            target = target_cell(r)
            realisation = number_cell(r, "realisasi", percent=True)
            assert realisation is not None
            direction = pmp.parse_direction(text_cell(r, "arah", "naik, turun atau tepat"))
            weight = number_cell(r, "bobot", optional=True) if "bobot" in table.columns else None
            weight = Decimal(1) if weight is None else weight
            if weight < 0:
                raise RuleInputError("bobot tidak boleh negatif", field="bobot")
            result = pmp.indicator_capaian(
                target=target, realisation=realisation, direction=direction, params=params
            )
            shown_target: object = (
                f"{target.low}-{target.high}" if isinstance(target, pmp.TargetRange) else target
            )
            return (
                {
                    "indikator": name,
                    "target": shown_target,
                    "realisasi": realisation,
                    "arah": direction,
                    "bobot": weight,
                    "capaian": result.capaian,
                    "capaian_tanpa_batas": result.uncapped,
                    "dibatasi": result.capped,
                },
                result,
                weight,
            )

        item = _guard(report, row, nip, "indikator", indicator)
        if item is not _FAILED:
            group.items.append(item)
    for nip, group in groups.items():
        if nip in report.bad_groups:
            continue
        items: list[tuple[dict[str, object], pmp.IndicatorCapaian, Decimal]] = group.items  # type: ignore[assignment]
        try:
            combined = pmp.rhk_capaian([i[1] for i in items], [i[2] for i in items])
        except RuleInputError as error:
            report.problem(group.first_row, error.field or "bobot", str(error), nip)
            continue
        proposal = pmp.propose_work_rating(combined.value, params=params)
        breakdown = combined.breakdown.as_dict()
        breakdown["langkah"] = [*breakdown["langkah"], *proposal.breakdown.steps]  # type: ignore[misc]
        breakdown["ambang"] = params.as_dict()
        report.output.append(
            (
                nip,
                {
                    "nip": nip,
                    "capaian": combined.value,
                    "usulan_hasil_kerja": proposal.value,
                    "label_usulan": proposal.value.label,
                    "indikator": [i[0] for i in items],
                    "breakdown": breakdown,
                },
            )
        )


_SKP_GROUP_COLUMNS = ("nilai_perilaku", "tugas_tambahan", "kreativitas")
_SKP_NUMBERS = (*REQUIRED["skp"][2:], "target_biaya", "realisasi_biaya")
"""In the order of :class:`pp46.Activity`'s fields after the name."""


def run_skp(table: Table, args: argparse.Namespace, report: Report) -> None:
    groups: dict[str, _Group] = {}
    for nip, row in _groups(table, report):
        group = groups.setdefault(nip, _Group(row))
        numbers: dict[str, Decimal | None] = {}
        for name in _SKP_NUMBERS:
            value = _guard(
                report,
                row,
                nip,
                name,
                lambda r=row, n=name: number_cell(r, n, optional=n.endswith("_biaya")),
            )
            if value is not _FAILED:
                numbers[name] = value  # type: ignore[assignment]
        title = _guard(report, row, nip, "kegiatan", lambda r=row: text_cell(r, "kegiatan", "nama"))
        if len(numbers) == len(_SKP_NUMBERS) and title is not _FAILED:
            item = pp46.Activity(
                str(title),
                *(numbers[name] for name in _SKP_NUMBERS),  # type: ignore[arg-type]
            )
            if _guard(report, row, nip, "kegiatan", lambda a=item: pp46.activity_value(a)) is not (
                _FAILED
            ):
                group.items.append(item)
        for name in _SKP_GROUP_COLUMNS:
            if name in table.columns:
                _guard(report, row, nip, name, lambda r=row, n=name, g=group: _group_value(r, n, g))
    for nip, group in groups.items():
        if nip in report.bad_groups:
            continue
        try:
            value = pp46.skp_value(
                group.items,  # type: ignore[arg-type]
                additional_tasks=group.extra.get("tugas_tambahan", 0),  # type: ignore[arg-type]
                creativity=group.extra.get("kreativitas"),  # type: ignore[arg-type]
            )
        except RuleInputError as error:
            report.problem(group.first_row, error.field or "kegiatan", str(error), nip)
            continue
        line: dict[str, object] = {
            "nip": nip,
            "nilai_skp": value.value,
            "kategori": value.category,
            "label_kategori": value.category.label,
            "kegiatan": [
                {"kegiatan": a.name, **a.aspects, "nilai": a.value} for a in value.activities
            ],
        }
        parts = [value.breakdown.as_dict()]
        if "nilai_perilaku" in group.extra:
            overall = pp46.prestasi_kerja(value, group.extra["nilai_perilaku"])  # type: ignore[arg-type]
            line["nilai_perilaku"] = group.extra["nilai_perilaku"]
            line["nilai_prestasi_kerja"] = overall.value
            line["kategori_prestasi_kerja"] = overall.category
            parts.append(overall.breakdown.as_dict())
        line["breakdown"] = parts[0] if len(parts) == 1 else {"rincian": parts}
        report.output.append((nip, line))


def _group_value(row: Row, name: str, group: _Group) -> object:
    """A per-person column: blank on some rows is fine, different values are not."""
    if _is_blank(row.values.get(name)):
        return True
    value: object
    if name == "nilai_perilaku":
        value = number_cell(row, name)
        assert isinstance(value, Decimal)
        if not 0 <= value <= 100:
            raise CellError("harus 0–100")
    elif name == "tugas_tambahan":
        number = number_cell(row, name)
        assert number is not None
        if number != number.to_integral_value() or number < 0:
            raise CellError("harus bilangan bulat 0 atau lebih (jumlah tugas tambahan)")
        value = int(number)
    else:
        value = pp46.parse_creativity(row.text(name))
    previous = group.extra.setdefault(name, value)
    if previous != value:
        raise CellError(
            f"berbeda dengan baris sebelumnya untuk NIP yang sama ({previous}); isi satu nilai "
            "yang sama atau kosongkan di baris lain"
        )
    return True


def run_kurva(table: Table, args: argparse.Namespace, report: Report) -> None:
    employees: list[kurva_rules.Employee] = []
    seen: dict[str, int] = {}
    whole = "berkas"
    for row in table.rows:

        def employee(r: Row = row) -> kurva_rules.Employee:
            nip = nip_cell(r)
            if nip in seen:
                raise CellError(f"NIP {nip} sudah ada di baris {seen[nip]}; hapus salah satunya")
            seen[nip] = r.number
            predikat = pmp.parse_predikat(text_cell(r, "predikat", "kode atau label predikat"))
            capaian = number_cell(r, "capaian", optional=True, percent=True)
            behaviour = r.text("perilaku") or None
            return kurva_rules.Employee.of(nip, predikat, capaian, behaviour)

        if not _check_row(report, row, whole):
            continue
        person = _guard(report, row, whole, "nip", employee)
        if person is not _FAILED:
            employees.append(person)  # type: ignore[arg-type]
    if report.problems:
        return
    check = kurva_rules.check_curve(args.organisasi, employees)
    report.output.append(
        (
            whole,
            {
                "organisasi": check.organisation,
                "jumlah_pegawai": check.total,
                "patuh": check.compliant,
                "hanya_saran": check.advisory,
                "dapat_disesuaikan": check.adjustable,
                "jumlah_per_predikat": check.counts,
                "pelanggaran": [v.as_dict() for v in check.violations],
                "usulan": [m.as_dict() for m in check.proposal],
                "breakdown": check.breakdown.as_dict(),
            },
        )
    )


def run_ikm(table: Table, args: argparse.Namespace, report: Report) -> None:
    by_service = "layanan" in table.columns
    groups: dict[str | None, _Group] = {}
    for row in table.rows:
        service: str | None = row.text("layanan") if by_service else None
        if by_service and not service:
            report.problem(row, "layanan", "wajib diisi (nama layanan)", ("baris", row.number))
            continue
        group = groups.setdefault(service, _Group(row))
        if not _check_row(report, row, service):
            continue
        answers: list[int] = []
        for i in range(1, 10):
            answer = _guard(report, row, service, f"u{i}", lambda r=row, c=f"u{i}": _answer(r, c))
            if answer is not _FAILED:
                answers.append(answer)  # type: ignore[arg-type]
        if len(answers) == 9:
            group.items.append(answers)
    for service, group in groups.items():
        if service in report.bad_groups:
            continue
        result = ikm_rules.ikm_from_responses(group.items, weight=args.bobot)  # type: ignore[arg-type]
        report.output.append(
            (
                service,
                {
                    "layanan": service,
                    "responden": result.respondents,
                    "nrr": list(result.nrr),
                    "ikm": result.ikm,
                    "nilai": result.nilai,
                    "mutu": result.mutu,
                    "kinerja": result.kinerja,
                    "breakdown": result.breakdown.as_dict(),
                },
            )
        )


def _answer(row: Row, column: str) -> int:
    number = number_cell(row, column)
    assert number is not None
    if number != number.to_integral_value() or not 1 <= number <= 4:
        raise CellError(f"harus bilangan bulat 1–4, tertulis {excerpt(row.text(column))}")
    return int(number)


COMMANDS: Mapping[str, Callable[[Table, argparse.Namespace, Report], None]] = {
    "predikat": run_predikat,
    "capaian": run_capaian,
    "skp": run_skp,
    "kurva": run_kurva,
    "ikm": run_ikm,
}


# ---------------------------------------------------------------- arguments


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(
            usage, actions, groups, prefix="penggunaan: " if prefix is None else prefix
        )


_ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (.*)"), r"argumen wajib belum diisi: \1"),
    (
        re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"),
        r"argumen \1: pilihan \2 tidak dikenal; pilih salah satu: \3",
    ),
    (re.compile(r"unrecognized arguments: (.*)"), r"argumen tidak dikenal: \1"),
    (re.compile(r"argument (\S+): expected one argument"), r"argumen \1 memerlukan satu nilai"),
    (re.compile(r"argument (\S+): invalid \S+ value: (.*)"), r"argumen \1: nilai \2 tidak sah"),
)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._positionals.title = "argumen"
        self._optionals.title = "opsi"
        self.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")

    def error(self, message: str) -> NoReturn:
        for pattern, replacement in _ARGPARSE_MESSAGES:
            message = pattern.sub(replacement, message)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: kesalahan penggunaan: {message}\n")


def _percent(text: str) -> Decimal:
    try:
        return parse_decimal_text(text, percent=True)
    except CellError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _weight(text: str) -> Decimal:
    value = _percent(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("bobot harus lebih dari 0, misalnya 0,111")
    return value


def _organisation(text: str) -> kurva_rules.OrgPredikat:
    try:
        return kurva_rules.parse_org_predikat(text)
    except RuleInputError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m kinerja.scoring",
        description=(
            "Menghitung aturan kinerja dari berkas CSV/XLSX tanpa basis data. Keluaran: satu "
            "objek JSON per baris di stdout; masalah di stderr sebagai 'baris N: kolom X: "
            "alasan'. Status keluar: 0 berhasil, 1 ada data salah, 2 salah penggunaan."
        ),
        epilog="Panduan lengkap: docs/cli.md",
    )
    commands = parser.add_subparsers(
        dest="command", required=True, title="perintah", metavar="PERINTAH", parser_class=_Parser
    )

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("file", metavar="BERKAS", type=Path, help="berkas .csv atau .xlsx")
        return sub

    command("predikat", "predikat per pegawai dari hasil_kerja dan perilaku (§2.1)")
    capaian = command("capaian", "capaian indikator dan usulan hasil kerja per NIP (§2.2–2.3)")
    capaian.add_argument(
        "--batas-atas",
        type=_percent,
        default=pmp.UPPER_THRESHOLD,
        metavar="PERSEN",
        help="usulan di_atas bila capaian ≥ nilai ini (110)",
    )
    capaian.add_argument(
        "--batas-bawah",
        type=_percent,
        default=pmp.LOWER_THRESHOLD,
        metavar="PERSEN",
        help="usulan di_bawah bila capaian < nilai ini (90)",
    )
    capaian.add_argument(
        "--batas-capaian",
        type=_percent,
        default=pmp.CAPAIAN_CAP,
        metavar="PERSEN",
        help="batas capaian tiap indikator sebelum digabung (120)",
    )
    skp = command("skp", "nilai SKP PP 46/2011 per NIP (§3)")
    skp.add_argument(
        "--scheme",
        choices=[pp46.SCHEME],
        default=pp46.SCHEME,
        help="skema penilaian; saat ini hanya pp-46-2011 (bawaan)",
    )
    kurva = command("kurva", "pemeriksaan kurva distribusi predikat (§2.5)")
    kurva.add_argument(
        "--organisasi",
        required=True,
        type=_organisation,
        metavar="KODE",
        help="predikat organisasi: istimewa, baik, butuh_perbaikan, kurang, sangat_kurang",
    )
    ikm = command("ikm", "indeks kepuasan masyarakat per layanan (§4)")
    ikm.add_argument(
        "--bobot",
        type=_weight,
        default=None,
        metavar="BOBOT",
        help="bobot tiap unsur; bawaan 1/9 tepat, misalnya 0,111 seperti di lembar kerja",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "capaian":
        try:
            args.params = pmp.Parameters(
                capaian_cap=args.batas_capaian, upper=args.batas_atas, lower=args.batas_bawah
            )
        except RuleInputError as error:
            parser.error(str(error))
    try:
        table = read_table(args.file)
        missing = [name for name in REQUIRED[args.command] if name not in table.columns]
        if missing:
            for name in missing:
                print(
                    f"baris 1: kolom {name}: kolom wajib tidak ada; tambahkan kolom {name!r} "
                    "pada baris judul",
                    file=sys.stderr,
                )
            return EXIT_BAD_DATA
        report = Report()
        COMMANDS[args.command](table, args, report)
    except UsageError as error:
        print(f"{parser.prog}: kesalahan penggunaan: {error}", file=sys.stderr)
        return EXIT_USAGE
    except FileProblem as error:
        print(f"kesalahan: {error}", file=sys.stderr)
        return EXIT_BAD_DATA
    for number, column, reason in sorted(report.problems, key=lambda p: p[0]):
        print(f"baris {number}: kolom {column}: {reason}", file=sys.stderr)
    try:
        for group, line in report.output:
            if group not in report.bad_groups:
                print(to_json(line))
        sys.stdout.flush()
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    return EXIT_BAD_DATA if report.problems else EXIT_OK
