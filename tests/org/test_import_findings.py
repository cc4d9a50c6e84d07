"""Regression tests for what the import property tests (test_import_properties.py) found."""

import io

import pytest

from kinerja.org import exporter, impor
from kinerja.org.models import UnitKerja
from tests.factories import InstansiFactory, UnitFactory
from tests.org.spreadsheets import (
    PEGAWAI_HEADER,
    csv_of,
    damaged,
    good_rows,
    run,
    stored_counts,
    xlsx_of,
)


@pytest.fixture
def instansi(db):
    agency = InstansiFactory(kode="KOTA")
    UnitFactory(instansi=agency, kode="DINKES", nama="Dinas Kesehatan")
    return agency


def test_a_workbook_with_a_truncated_sheet_is_refused_not_raised(instansi):
    # openpyxl's XML ParseError escaped the importer (a 500 on the import page).
    workbook = damaged(xlsx_of(good_rows()), "xl/worksheets/sheet1.xml", b"<?xml version=")
    before = stored_counts()
    result = run(workbook, instansi, name="pegawai.xlsx")
    assert [str(e) for e in result.kesalahan] == [
        "berkas: Berkas XLSX rusak atau tidak dapat dibaca; simpan ulang dari Excel."
    ]
    assert stored_counts() == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_one_megabyte_cell_is_refused_on_its_row_and_column_with_a_short_message(instansi, fmt):
    # CSV: the csv module's "field larger than field limit (131072)" failed the whole file;
    # both formats: the messages quoted the megabyte back.
    rows = good_rows()
    rows[1][PEGAWAI_HEADER.index("status")] = "P" * (1024 * 1024)
    content = csv_of(rows) if fmt == "csv" else xlsx_of(rows)
    before = stored_counts()
    result = run(content, instansi, name=f"pegawai.{fmt}")
    assert str(result.kesalahan[0]).startswith("baris 2: kolom status: Isian terlalu panjang (")
    assert [(e.baris, e.kolom) for e in result.kesalahan] == [(2, "status"), (2, "status")]
    assert all(len(str(e)) < 300 for e in result.kesalahan)
    assert stored_counts() == before


def test_a_very_long_unknown_column_name_is_shortened_in_the_message(instansi):
    rows = good_rows()
    rows[0] = [*rows[0][:1], "g" * 5000, *rows[0][2:]]
    result = run(csv_of(rows), instansi)
    assert len(str(result.kesalahan[0])) < 500


@pytest.mark.parametrize("nama", ["'=1+1", "'+62 812", "''@x", "=1+1", "'biasa"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_stored_name_starting_with_an_apostrophe_survives_export_and_import(instansi, nama, fmt):
    # "'=1+1" was exported as is and imported back as "=1+1".
    UnitKerja.objects.filter(instansi=instansi, kode="DINKES").update(nama=nama)
    if fmt == "csv":
        content = "".join(exporter.csv_chunks(impor.UNIT, instansi.pk)).encode()
    else:
        stream = io.BytesIO()
        exporter.write_xlsx(impor.UNIT, instansi.pk, stream)
        content = stream.getvalue()
    result = run(content, instansi, name=f"unit.{fmt}", jenis=impor.UNIT)
    assert (result.kesalahan, result.diubah) == ([], 0)
    assert UnitKerja.objects.get(instansi=instansi, kode="DINKES").nama == nama
