"""Cells for exported spreadsheets that a spreadsheet program never runs as a formula.

A text starting with = + - @ (or a tab or carriage return before one) is a formula to Excel
and LibreOffice: a public survey comment or an employee name could carry
``=HYPERLINK(...)`` into HR's workbook (CSV injection). In XLSX such text is written as a
text cell, shown as written; in CSV it gets a leading apostrophe. Characters that XLSX
cannot hold (control characters) are dropped instead of failing the whole export.
"""

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A CSV value that a spreadsheet shows as written (numbers stay numbers)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
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
