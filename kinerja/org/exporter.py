"""Export of an agency's units and employees in exactly the import layouts (docs/impor.md).

An export imported back changes nothing. Cells that a spreadsheet would run as a
formula are neutralised: in CSV they get a leading apostrophe (which the importer
removes again), in XLSX they are written as text cells. A value that itself starts with
apostrophes before such a character gets one more, in both formats, since the importer
drops one.
"""

import csv
from collections.abc import Iterator
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from kinerja.core.spreadsheet import csv_cell
from kinerja.org.impor import (
    LAYOUTS,
    NIP_COLUMNS,
    PEGAWAI,
    TIDAK,
    UNIT,
    YA,
)
from kinerja.org.models import Pegawai, UnitKerja

CHUNK_SIZE = 2000
STATUS_LABEL = {Pegawai.Status.PNS: "PNS", Pegawai.Status.PPPK: "PPPK"}
CONTENT_TYPE = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def header(kind: str) -> list[str]:
    return list(LAYOUTS[kind].nama_kolom)


def unit_rows(instansi_id: int) -> Iterator[list[str]]:
    """The agency's units in the unit layout, by code (one query, streamed)."""
    units = (
        UnitKerja.objects.filter(instansi_id=instansi_id)
        .order_by("kode")
        .values_list("kode", "nama", "induk__kode")
    )
    for kode, nama, kode_induk in units.iterator(chunk_size=CHUNK_SIZE):
        yield [kode, nama, kode_induk or ""]


def pegawai_rows(instansi_id: int) -> Iterator[list[str]]:
    """The agency's employees in the employee layout, by NIP (one query, streamed)."""
    employees = (
        Pegawai.objects.filter(instansi_id=instansi_id)
        .order_by("nip")
        .values_list(
            "id", "nip", "gelar_depan", "nama", "gelar_belakang", "status", "golongan",
            "unit__kode", "unit__kepala_id", "jabatan__nama", "jabatan__jenis", "atasan__nip",
            "aktif",
        )
    )  # fmt: skip
    for (
        pk, nip, gelar_depan, nama, gelar_belakang, status, golongan,
        kode_unit, kepala_id, jabatan, jenis, nip_atasan, aktif,
    ) in employees.iterator(chunk_size=CHUNK_SIZE):  # fmt: skip
        yield [
            nip,
            gelar_depan,
            nama,
            gelar_belakang,
            STATUS_LABEL.get(status, status),
            golongan,
            kode_unit,
            jabatan or "",
            jenis or "",
            nip_atasan or "",
            YA if kepala_id == pk else TIDAK,
            YA if aktif else TIDAK,
        ]


ROWS = {UNIT: unit_rows, PEGAWAI: pegawai_rows}


def rows(kind: str, instansi_id: int, *, templat: bool = False) -> Iterator[list[str]]:
    """The header, then (unless an empty template is wanted) the data rows."""
    yield header(kind)
    if not templat:
        yield from ROWS[kind](instansi_id)


def _xlsx_text(value: str) -> str:
    """A text cell needs no apostrophe before a formula, only before an apostrophe (which
    the importer drops, as it drops the CSV guard's)."""
    return csv_cell(value) if value[:1] == "'" else value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(kind: str, instansi_id: int, *, templat: bool = False) -> Iterator[str]:
    """The CSV text, line by line: UTF-8 with a byte-order mark (so Excel reads it as
    UTF-8), comma-separated."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield "\ufeff"
    for row in rows(kind, instansi_id, templat=templat):
        yield writer.writerow([csv_cell(value) for value in row])


def write_xlsx(kind: str, instansi_id: int, stream: BinaryIO, *, templat: bool = False) -> None:
    """Write the XLSX workbook (one sheet, one header row) to a binary stream."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=kind)
    names = header(kind)
    text_columns = {i for i, name in enumerate(names) if name in NIP_COLUMNS}
    for i, name in enumerate(names):
        letter = chr(ord("A") + i)
        sheet.column_dimensions[letter].width = 22 if i in text_columns else max(12, len(name) + 4)
    for row in rows(kind, instansi_id, templat=templat):
        cells = []
        for i, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=_xlsx_text(ILLEGAL_CHARACTERS_RE.sub("", value)))
            cell.data_type = "s"  # never a formula, whatever the value starts with
            if i in text_columns:
                cell.number_format = "@"
            cells.append(cell)
        sheet.append(cells)
    workbook.save(stream)


def filename(kind: str, fmt: str, kode_instansi: str, *, templat: bool = False) -> str:
    prefix = "templat-" if templat else ""
    return f"{prefix}{kind}-{kode_instansi}.{fmt}"
