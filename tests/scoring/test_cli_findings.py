"""Regression tests for what the CLI property tests (test_cli_properties.py) found."""

import contextlib
import io

from kinerja.scoring import cli
from tests.org.spreadsheets import csv_of, damaged, xlsx_of

NIP = "198001012005011001"


def run(command: str, path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main([command, str(path)])
    return status, out.getvalue(), err.getvalue()


def test_a_workbook_with_damaged_xml_is_a_file_problem_not_a_traceback(tmp_path):
    # openpyxl's XML ParseError escaped read_table as a traceback.
    rows = [["nip", "hasil_kerja", "perilaku"], [NIP, "sesuai", "sesuai"]]
    for part in ("xl/worksheets/sheet1.xml", "xl/styles.xml"):
        path = tmp_path / "data.xlsx"
        path.write_bytes(damaged(xlsx_of(rows), part, b"<?xml version="))
        status, stdout, stderr = run("predikat", path)
        assert (status, stdout) == (1, "")
        assert stderr.startswith("kesalahan: berkas data.xlsx bukan XLSX yang dapat dibaca")


def test_a_megabyte_cell_is_refused_on_its_row_and_column_in_a_short_line(tmp_path):
    # The csv module's English "field larger than field limit (131072)" failed the file; with
    # it lifted, a megabyte of digits overflowed the decimal context inside the rules (a
    # traceback), and messages quoted the whole cell back.
    header = ["nip", "indikator", "target", "realisasi", "arah"]
    path = tmp_path / "data.csv"
    for realisasi in ("9" * (1024 * 1024), "1" + "0" * 20, "x" * 200_000):
        path.write_bytes(csv_of([header, [NIP, "Dokumen", "10", realisasi, "naik"]]))
        status, stdout, stderr = run("capaian", path)
        assert (status, stdout) == (1, "")
        assert stderr.startswith("baris 2: kolom realisasi: "), stderr[:200]
        assert len(stderr) < 400


def test_numbers_up_to_fifteen_digits_are_still_read(tmp_path):
    header = ["nip", "indikator", "target", "realisasi", "arah"]
    path = tmp_path / "data.csv"
    path.write_bytes(csv_of([header, [NIP, "Dokumen", "999999999999999", "1", "turun"]]))
    assert run("capaian", path)[0] == 0
