"""Cells for exported spreadsheets that a spreadsheet program never runs as a formula.

A text starting with = + - @ (or a tab or carriage return before one) is a formula to Excel
and LibreOffice: a public survey comment or an employee name could carry
``=HYPERLINK(...)`` into HR's workbook (CSV injection). In XLSX such text is written as a
text cell, shown as written; in CSV it gets a leading apostrophe (:func:`csv_cell`, the one
guard every CSV export uses). Characters that XLSX
cannot hold (control characters) are dropped instead of failing the whole export.

:func:`workbook` is the one XLSX writer for every table a page offers as a download:
agency header, bold frozen header row, sensible column widths.
"""

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A formula start behind any number of apostrophes: the guard adds one apostrophe and a reader
# of our own files drops one, so a value that itself begins with an apostrophe before a
# formula start survives the round trip.
GUARDED_FORMULA = re.compile("'*[" + re.escape("".join(FORMULA_START)) + "]")


def csv_cell(value):
    """A CSV value that a spreadsheet shows as written, never runs (the one CSV-injection
    guard): text starting with a formula start, or with apostrophes before one, gets one
    more apostrophe in front. Numbers and other values stay as they are."""
    if isinstance(value, str) and GUARDED_FORMULA.match(value):
        return "'" + value
    return value


def csv_cell_read(value: str) -> str:
    """The text :func:`csv_cell` was given, from the text it wrote (what an import of our
    own export drops again)."""
    if value[:1] == "'" and GUARDED_FORMULA.match(value, 1):
        return value[1:]
    return value


def xlsx_row(sheet, values) -> list:
    """The values for ``sheet.append`` in write-only mode: text as text cells."""
    cells = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            cell.data_type = "s"
            cells.append(cell)
        else:
            cells.append(value)
    return cells


# --------------------------------------------------------------------------- one XLSX writer

HEADER_ROWS = 4
"""Agency name, table title, when it was downloaded, an empty line; then the header row."""

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIN_WIDTH, MAX_WIDTH = 8, 60
WIDTH_SAMPLE = 500


@dataclass
class Sheet:
    """One table of a workbook: its title (also the sheet's name), header and rows.

    Values stay what they are: numbers as numbers (a Decimal with its own decimals as the
    cell's number format), dates as dates, text as text cells that never run as formulas."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence]
    subtitle: str = ""
    preamble: bool = True
    """False for an interchange file read by another program (the TPP list): the header
    is then row 1, still bold and frozen."""


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime | date):
        return 18
    if isinstance(value, Decimal | float):
        return len(f"{value:,.2f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _cell(sheet, value, zone):
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=float(value))
        exponent = value.as_tuple().exponent
        places = min(4, max(0, -exponent)) if isinstance(exponent, int) else 2
        cell.number_format = "#,##0" + ("." + "0" * places if places else "")
        return cell
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value, zone).replace(tzinfo=None)
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "d mmm yyyy hh:mm"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "d mmm yyyy"
        return cell
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
        return cell
    return value


def workbook(sheets: Sequence[Sheet], *, instansi=None, now=None) -> bytes:
    """The one XLSX writer: each sheet opens with the agency's name, the table's title and
    the download time, then a bold header row frozen above the data, columns as wide as
    their content (within limits)."""
    from kinerja.core import formatting

    zone = ZoneInfo(getattr(instansi, "zona_waktu", "") or "Asia/Jakarta")
    now = now or timezone.now()
    stamp = f"Diunduh {formatting.waktu(now, instansi) if instansi else formatting.waktu(now)}"
    book = Workbook(write_only=True)
    bold, title_font = Font(bold=True), Font(bold=True, size=13)
    fill = PatternFill("solid", fgColor="E8EEF5")
    for spec in sheets:
        sheet = book.create_sheet(_sheet_name(spec.title))
        rows = iter(spec.rows)
        sample = list(islice(rows, WIDTH_SAMPLE))
        for index, name in enumerate(spec.header):
            widest = max([len(str(name))] + [_width(r[index]) for r in sample if index < len(r)])
            letter = get_column_letter(index + 1)
            sheet.column_dimensions[letter].width = min(MAX_WIDTH, max(MIN_WIDTH, widest + 2))
        sheet.freeze_panes = f"A{HEADER_ROWS + 2}" if spec.preamble else "A2"
        lines = [
            (getattr(instansi, "nama", "") or "", title_font),
            (spec.title + (f" · {spec.subtitle}" if spec.subtitle else ""), bold),
            (stamp, None),
        ]
        for text, font in lines if spec.preamble else ():
            cell = _cell(sheet, text, zone)
            if font is not None:
                cell.font = font
            sheet.append([cell])
        if spec.preamble:
            sheet.append([])
        header = []
        for name in spec.header:
            cell = _cell(sheet, str(name), zone)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            header.append(cell)
        sheet.append(header)
        for row in chain(sample, rows):
            sheet.append([_cell(sheet, v, zone) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return (cleaned or "Data")[:31]


def xlsx_response(filename: str, sheets: Sequence[Sheet], *, instansi=None) -> HttpResponse:
    """A download of :func:`workbook`; ``filename`` without its extension."""
    response = HttpResponse(workbook(sheets, instansi=instansi), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def wants_xlsx(request) -> bool:
    """A list page was asked for its table as XLSX (``?unduh=xlsx``)."""
    return request.GET.get("unduh") == "xlsx"


def read_table(data: bytes, sheet: str | None = None) -> list[list]:
    """The table of a sheet written by :func:`workbook`: the header row, then the data rows
    (the agency preamble skipped). For tests and for reading an export back."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    worksheet = book[sheet] if sheet else book.worksheets[0]
    rows = [list(r) for r in worksheet.iter_rows(min_row=HEADER_ROWS + 1, values_only=True)]
    book.close()
    return rows
