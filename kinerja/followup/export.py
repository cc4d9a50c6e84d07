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

from kinerja.core.spreadsheet import Sheet, csv_cell, workbook
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
    """An interchange file (payroll reads it): the header in row 1, bold and frozen."""
    rows = ([csv_cell(v) for v in _tpp_values(row)] for row in queries.tpp_rows(periode))
    return workbook([Sheet("TPP", TPP_HEADER, rows, preamble=False)], instansi=periode.instansi)


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
    grid = queries.talent_grid(periode, unit_id=unit_id)
    boxes = [[number, queries.box_label(number), grid.counts.get(number, 0)]
             for number in range(1, 10)]  # fmt: skip
    boxes.append(["", "Belum ada skor potensial", grid.tanpa_potensi])
    rows = (
        queries.talent_results(periode, unit_id=unit_id)
        .exclude(potensi="")
        .order_by("skp__unit__kode", "skp__pegawai__nama")
    )
    people = []
    for h in rows:
        box = queries.BOX.get((h.kinerja_talenta, h.potensi))
        if box is None:
            continue
        p = h.skp.pegawai
        people.append([csv_cell(v) for v in [
            box, p.nip, p.nama_lengkap, h.skp.unit.nama, p.jabatan.nama if p.jabatan_id else "",
            h.kinerja_talenta, float(h.skor_potensi), h.potensi,
            float(h.capaian_bulat) if h.capaian_bulat is not None else None,
            queries.label_of(h.predikat_akhir, h.skema),
        ]])  # fmt: skip
    subtitle = str(periode.tahun)
    return workbook(
        [Sheet("Kotak", ["Kotak", "Keterangan", "Jumlah pegawai"], boxes, subtitle=subtitle),
         Sheet("Pegawai", GRID_HEADER, people, subtitle=subtitle)],
        instansi=periode.instansi,
    )  # fmt: skip
