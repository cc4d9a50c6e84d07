"""Property tests for the readers of ``python -m kinerja.scoring`` (issue #9, fuzzing).

Whatever file it is given (random bytes, a damaged workbook, the wrong encoding, a 1 MB cell,
formula cells), each command ends with exit status 0 or 1, never a traceback; every problem is
one stderr line ``baris N: kolom X: alasan`` (or ``kesalahan: …`` for the file as a whole) of
reasonable length; stdout is JSON lines. In-process (``cli.main``), bounded and derandomised.
"""

import contextlib
import io
import json
import re
import tempfile
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from kinerja.scoring import cli
from tests.org.spreadsheets import csv_of, damaged, xlsx_of
from tests.properties import bounded

NIP = "198001012005011001"
LAYOUTS = {
    "predikat": (["nip", "hasil_kerja", "perilaku"], [NIP, "sesuai", "di_atas"]),
    "capaian": (["nip", "indikator", "target", "realisasi", "arah"],
                [NIP, "Dokumen", "10", "9", "naik"]),
    "skp": (["nip", "kegiatan", "target_kuantitas", "realisasi_kuantitas", "target_kualitas",
             "realisasi_kualitas", "target_waktu", "realisasi_waktu"],
            [NIP, "Surat", "10", "10", "100", "90", "12", "12"]),
    "kurva": (["nip", "predikat"], [NIP, "baik"]),
    "ikm": ([f"u{i}" for i in range(1, 10)], ["4"] * 9),
}  # fmt: skip
EXTRA = {"kurva": ["--organisasi", "baik"]}
PROBLEM = re.compile(r"^(baris \d+: kolom [^:]+: .+|kesalahan: .+)$")
BIG = 1024 * 1024


def run(command: str, name: str, content: bytes) -> tuple[int, str, str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main([command, *EXTRA.get(command, []), str(path)])
    stdout, stderr = out.getvalue(), err.getvalue()
    assert status in (0, 1), (status, stderr[:500])
    for line in stdout.splitlines():
        json.loads(line)
    for line in stderr.splitlines():
        assert PROBLEM.match(line), line[:300]
        assert len(line) < 2000, f"stderr line of {len(line)} characters"
    assert (status == 0) == (not stderr), stderr[:300]
    return status, stdout, stderr


def rows_of(command: str) -> list[list[str]]:
    header, row = LAYOUTS[command]
    other = [NIP[:-1] + "2", *row[1:]] if header[0] == "nip" else list(row)
    return [list(header), list(row), other]


commands = st.sampled_from(sorted(LAYOUTS))


@bounded(60)
@given(
    command=commands,
    content=st.one_of(
        st.binary(max_size=2000),
        st.binary(max_size=2000).map(lambda b: b"PK\x03\x04" + b),
        st.text(max_size=1500).map(str.encode),
    ),
    suffix=st.sampled_from([".csv", ".xlsx", ".txt"]),
)
@example(command="ikm", content=b'u1\n"' + b"4" * 200_000, suffix=".csv")
def test_any_file_ends_in_status_0_or_1_with_placed_problems(command, content, suffix):
    run(command, "data" + suffix, content)


@bounded(20)
@given(
    command=commands,
    part=st.sampled_from(["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/styles.xml",
                          "xl/sharedStrings.xml", "xl/_rels/workbook.xml.rels"]),
    content=st.one_of(st.binary(max_size=300), st.just(b"<?xml version=")),
)  # fmt: skip
def test_a_damaged_workbook_is_a_file_problem(command, part, content):
    status, _, stderr = run(command, "data.xlsx", damaged(xlsx_of(rows_of(command)), part, content))
    if status:
        assert stderr


@bounded(25)
@given(command=commands, encoding=st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]))
def test_only_utf8_is_read(command, encoding):
    rows = rows_of(command)
    rows[0].append("catatan")
    rows[1].append("dinilai ulang é")
    status, _, stderr = run(command, "data.csv", csv_of(rows).decode().encode(encoding))
    if encoding.startswith("utf-8"):
        assert status == 0, stderr
    else:
        assert status == 1 and "UTF-" in stderr


@bounded(15)
@given(
    command=commands,
    column=st.integers(0, 8),
    filler=st.sampled_from(["x", "9", "=", ","]),
    fmt=st.sampled_from(["csv", "xlsx"]),
)
@example(command="capaian", column=3, filler="9", fmt="csv")
def test_a_one_megabyte_cell_is_refused_on_its_row(command, column, filler, fmt):
    rows = rows_of(command)
    column = column % len(rows[0])
    rows[1][column] = "1" + filler * BIG
    content = csv_of(rows) if fmt == "csv" else xlsx_of(rows)
    status, _, stderr = run(command, f"data.{fmt}", content)
    if rows[0][column] in ("nip", "kegiatan", "indikator"):
        return  # identifiers and names: the commands take them as written, any length
    assert status == 1 and stderr.startswith("baris 2: "), (rows[0][column], stderr[:300])


@bounded(30)
@given(
    command=commands,
    column=st.integers(0, 8),
    prefix=st.sampled_from(["=", "+", "-", "@", "\t=", "\r="]),
    fmt=st.sampled_from(["csv", "xlsx"]),
)
def test_formula_cells_are_read_as_text(command, column, prefix, fmt):
    """A text cell written like a formula ("=SUM(A1:A2)", in CSV or as an XLSX text cell)
    reaches the command as its own text, never evaluated and never empty: a name column
    echoes that text in the output; a number or code column refuses the row, quoting that
    text (issue 24). A real XLSX formula cell is read as its saved value, as the import is
    (docs/impor.md); openpyxl cannot write one with a saved value, so it is not generated."""
    rows = rows_of(command)
    column %= len(rows[0])
    name = rows[0][column]
    rows[1][column] = prefix + "SUM(A1:A2)"
    visible = prefix.strip() + "SUM(A1:A2)"  # what a reader keeps of the cell, at the least
    content = csv_of(rows) if fmt == "csv" else xlsx_of(rows)
    status, stdout, stderr = run(command, f"data.{fmt}", content)
    if name in ("nip", "indikator", "kegiatan"):  # taken as written and echoed
        assert status == 0, stderr[:300]
        echoed = [json.loads(line) for line in stdout.splitlines()]
        assert echoed
        if command == "kurva":  # one object for the file: both people were read
            assert echoed[0]["jumlah_pegawai"] == 2, stdout[:300]
        else:
            assert visible in json.dumps(echoed, ensure_ascii=False), (name, stdout[:300])
    else:
        assert status == 1 and NIP not in stdout, (name, stdout[:300])  # no line for them
        assert re.search(rf"kolom {name}: .*{re.escape(visible)}", stderr), (name, stderr[:300])
