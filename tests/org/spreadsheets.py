"""Building upload files for the importer tests: CSV, XLSX and damaged XLSX."""

import csv
import io
import zipfile

from openpyxl import Workbook


def csv_of(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode()


def xlsx_of(rows, *, as_text: bool = True) -> bytes:
    """A workbook; with ``as_text`` every string is a text cell, even one starting with '='."""
    book = Workbook()
    sheet = book.active
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            if as_text and isinstance(value, str):
                cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def damaged(workbook: bytes, part: str, content: bytes) -> bytes:
    """The workbook with one of its parts replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, content if item.filename == part else src.read(item))
    return out.getvalue()
