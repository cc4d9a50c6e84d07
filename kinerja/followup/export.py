"""Spreadsheet exports: the allowance (TPP / tunjangan kinerja) list and the talent grid.

Layouts are documented in docs/tindak-lanjut.md. Every text cell that a spreadsheet would read
as a formula (starting with = + - @, or a tab or carriage return) gets a leading apostrophe,
in CSV and XLSX alike, so a name like "=HYPERLINK(...)" stays text; in XLSX, text goes in as
text cells without the control characters a workbook cannot hold.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import Workbook

from kinerja.core.spreadsheet import csv_cell, xlsx_row
from kinerja.followup import queries

TPP_HEADER = ["NIP", "Nama", "Unit kerja", "Jabatan", "Periode", "Kode predikat", "Predikat",
              "Persentase TPP"]  # fmt: skip
GRID_HEADER = ["Kotak", "NIP", "Nama", "Unit kerja", "Jabatan", "Kinerja", "Skor potensial",
               "Potensial", "Capaian (%)", "Predikat"]  # fmt: skip


def _tpp_values(row: queries.TppRow) -> list:
    percent = float(row.persen) if row.persen is not None else None
    return [row.nip, row.nama, row.unit, row.jabatan, row.periode, row.predikat,
            row.predikat_label, percent]  # fmt: skip


def tpp_xlsx(periode) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("TPP")
    sheet.append(TPP_HEADER)
    for row in queries.tpp_rows(periode):
        sheet.append(xlsx_row(sheet, [csv_cell(v) for v in _tpp_values(row)]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv_number(value) -> str:
    if value is None:
        return ""
    return format(Decimal(str(value)).normalize(), "f")


def tpp_csv(periode) -> str:
    """UTF-8 with BOM (Excel opens it correctly), comma-separated, decimal point."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TPP_HEADER)
    for row in queries.tpp_rows(periode):
        values = _tpp_values(row)
        values[-1] = _csv_number(row.persen)
        writer.writerow([csv_cell(v) for v in values])
    return out.getvalue()


def grid_xlsx(periode, *, unit_id: int | None = None) -> bytes:
    book = Workbook(write_only=True)
    grid = queries.talent_grid(periode, unit_id=unit_id)
    summary = book.create_sheet("Kotak")
    summary.append(["Kotak", "Keterangan", "Jumlah pegawai"])
    for number in range(1, 10):
        summary.append([number, queries.box_label(number), grid.counts.get(number, 0)])
    summary.append(["", "Belum ada skor potensial", grid.tanpa_potensi])
    people = book.create_sheet("Pegawai")
    people.append(GRID_HEADER)
    rows = (
        queries.talent_results(periode, unit_id=unit_id)
        .exclude(potensi="")
        .order_by("skp__unit__kode", "skp__pegawai__nama")
    )
    for h in rows:
        box = queries.BOX.get((h.kinerja_talenta, h.potensi))
        if box is None:
            continue
        p = h.skp.pegawai
        people.append(xlsx_row(people, [csv_cell(v) for v in [
            box, p.nip, p.nama_lengkap, h.skp.unit.nama, p.jabatan.nama if p.jabatan_id else "",
            h.kinerja_talenta, float(h.skor_potensi), h.potensi,
            float(h.capaian_bulat) if h.capaian_bulat is not None else None,
            queries.label_of(h.predikat_akhir, h.skema),
        ]]))  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
