"""Regression tests for what the CLI property tests (test_cli_properties.py) found."""

import contextlib
import io

from kinerja.scoring import cli
from tests.org.spreadsheets import damaged, xlsx_of

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
