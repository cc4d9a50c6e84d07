"""Export of units and employees in the import layouts (kinerja/org/exporter.py)."""

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from kinerja.org import exporter, impor
from kinerja.org.models import Pegawai, UnitKerja
from tests.factories import (
    InstansiFactory,
    JabatanFactory,
    PegawaiFactory,
    UnitFactory,
    nip_for,
)


@pytest.fixture
def agency(db):
    """A small agency with every field the layouts carry filled at least once."""
    instansi = InstansiFactory(kode="KOTA")
    dinkes = UnitFactory(instansi=instansi, kode="DINKES", nama="Dinas Kesehatan")
    bidang = UnitFactory(instansi=instansi, kode="BID1", nama="Bidang Satu", induk=dinkes)
    kepala = PegawaiFactory(
        instansi=instansi, unit=dinkes, gelar_depan="dr.", nama="Ani", gelar_belakang="M.Kes.",
        golongan="IV/b",
        jabatan=JabatanFactory(instansi=instansi, nama="Kepala Dinas", jenis="jpt_pratama"),
    )  # fmt: skip
    dinkes.kepala = kepala
    dinkes.save()
    staf = PegawaiFactory(instansi=instansi, unit=bidang, atasan=kepala, nama="Budi")
    PegawaiFactory(
        instansi=instansi, unit=bidang, atasan=staf, nama="Citra", status="pppk",
        nip=nip_for(77, pppk=True), golongan="VII", aktif=False,
    )  # fmt: skip
    other = InstansiFactory(kode="LAIN")
    PegawaiFactory(instansi=other, nama="Orang Luar", nip=nip_for(99))
    return instansi


def csv_text(kind, instansi) -> str:
    return "".join(exporter.csv_chunks(kind, instansi.pk))


def xlsx_content(kind, instansi) -> bytes:
    stream = io.BytesIO()
    exporter.write_xlsx(kind, instansi.pk, stream)
    return stream.getvalue()


def reimport(content: bytes, name: str, kind: str, instansi) -> impor.ImportResult:
    return impor.import_file(content, name, instansi=instansi, jenis=kind, actor="uji")


def test_employee_csv_has_the_import_layout_and_the_agency_rows_only(agency):
    rows = list(csv.reader(io.StringIO(csv_text(impor.PEGAWAI, agency).lstrip("\ufeff"))))

    assert rows[0] == list(impor.LAYOUT_PEGAWAI.nama_kolom)
    by_name = {row[2]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert set(by_name) == {"Ani", "Budi", "Citra"}
    ani, budi, citra = by_name["Ani"], by_name["Budi"], by_name["Citra"]
    assert (ani["gelar_depan"], ani["jabatan"], ani["jenis_jabatan"], ani["kepala_unit"]) == (
        "dr.",
        "Kepala Dinas",
        "jpt_pratama",
        "ya",
    )
    assert budi["nip_atasan"] == ani["nip"] and budi["kode_unit"] == "BID1"
    assert (citra["status"], citra["golongan"], citra["aktif"]) == ("PPPK", "VII", "tidak")


@pytest.mark.parametrize("kind", [impor.UNIT, impor.PEGAWAI])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(agency, kind, fmt):
    content = csv_text(kind, agency).encode() if fmt == "csv" else xlsx_content(kind, agency)
    versions = dict(Pegawai.objects.values_list("nip", "version"))
    unit_versions = dict(UnitKerja.objects.values_list("kode", "version"))

    result = reimport(content, f"ekspor.{fmt}", kind, agency)

    assert result.ok, [str(e) for e in result.kesalahan]
    expected_rows = 3 if kind == impor.PEGAWAI else 2
    assert (result.dibuat, result.diubah, result.tidak_berubah) == (0, 0, expected_rows)
    assert dict(Pegawai.objects.values_list("nip", "version")) == versions
    assert dict(UnitKerja.objects.values_list("kode", "version")) == unit_versions


def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised_in_csv(agency):
    Pegawai.objects.filter(nama="Budi").update(nama='=HYPERLINK("http://x.test","klik")')
    Pegawai.objects.filter(nama="Ani").update(gelar_belakang="@SUM(A1)")

    text = csv_text(impor.PEGAWAI, agency)

    assert '\'=HYPERLINK(""http://x.test"",""klik"")' in text
    assert ",'@SUM(A1)," in text
    assert ",=" not in text and ",@" not in text
    # ...and the apostrophe does not end up in the data when the file comes back.
    result = reimport(text.encode(), "ekspor.csv", impor.PEGAWAI, agency)
    assert (result.diubah, result.tidak_berubah) == (0, 3)


def test_xlsx_writes_formula_like_values_and_nips_as_text(agency):
    Pegawai.objects.filter(nama="Budi").update(nama="=1+1")

    sheet = load_workbook(io.BytesIO(xlsx_content(impor.PEGAWAI, agency))).worksheets[0]

    cells = {row[2].value: row for row in sheet.iter_rows(min_row=2)}
    formula_like = cells["=1+1"][2]
    assert formula_like.data_type == "s"
    nip = cells["Ani"][0]
    assert nip.data_type == "s" and nip.number_format == "@"
    assert nip.value == Pegawai.objects.get(nama="Ani").nip


def test_unit_export_lists_parent_codes(agency):
    rows = list(csv.reader(io.StringIO(csv_text(impor.UNIT, agency).lstrip("\ufeff"))))

    assert rows == [
        ["kode_unit", "nama_unit", "kode_induk"],
        ["BID1", "Bidang Satu", "DINKES"],
        ["DINKES", "Dinas Kesehatan", ""],
    ]


def test_an_empty_template_has_only_the_header(agency):
    text = "".join(exporter.csv_chunks(impor.UNIT, agency.pk, templat=True))

    assert text == "\ufeffkode_unit,nama_unit,kode_induk\r\n"


def test_employee_export_takes_one_query_however_many_employees(agency, django_assert_num_queries):
    unit = UnitKerja.objects.get(kode="DINKES")
    PegawaiFactory.create_batch(30, instansi=agency, unit=unit)

    with django_assert_num_queries(1):
        lines = list(exporter.csv_chunks(impor.PEGAWAI, agency.pk))

    assert len(lines) == 1 + 1 + 33  # byte-order mark, header, employees


def test_export_command_writes_the_file(agency, tmp_path):
    path = tmp_path / "pegawai.xlsx"
    out = io.StringIO()

    call_command(
        "export_pegawai", "--instansi", "KOTA", "--format", "xlsx", "--output", str(path),
        stdout=out,
    )  # fmt: skip

    sheet = load_workbook(path).worksheets[0]
    assert [c.value for c in next(sheet.iter_rows(max_row=1))] == list(
        impor.LAYOUT_PEGAWAI.nama_kolom
    )
    assert sheet.max_row == 4
    assert "ditulis ke" in out.getvalue()


def test_export_command_writes_units_as_csv(agency, tmp_path):
    path = tmp_path / "unit.csv"

    call_command(
        "export_pegawai", "--instansi", "KOTA", "--jenis", "unit", "--output", str(path),
        stdout=io.StringIO(),
    )  # fmt: skip

    assert path.read_text(encoding="utf-8-sig").splitlines()[0] == "kode_unit,nama_unit,kode_induk"
