"""Regression tests for what the import property tests (test_import_properties.py) found."""

import pytest

from tests.factories import InstansiFactory, UnitFactory
from tests.org.spreadsheets import damaged, xlsx_of
from tests.org.test_import import good_rows, run, stored_counts


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
