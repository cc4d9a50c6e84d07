"""Upload files for the import tests (CSV, XLSX, damaged XLSX), the employee layout's good
rows, and running an import the way the tests do."""

import csv
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from kinerja.core.models import AuditEntry
from kinerja.org import impor
from kinerja.org.models import Jabatan, Pegawai, UnitKerja
from tests.factories import nip_for


def csv_of(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode()


def xlsx_of(rows, *, as_text: bool = True) -> bytes:
    """A workbook; with ``as_text`` every string is a text cell, even one starting with '='."""
    book = Workbook()
    sheet = book.active
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            if as_text and isinstance(value, str):
                cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def damaged(workbook: bytes, part: str, content: bytes) -> bytes:
    """The workbook with one of its parts replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, content if item.filename == part else src.read(item))
    return out.getvalue()


PEGAWAI_HEADER = [
    "nip", "gelar_depan", "nama", "gelar_belakang", "status", "golongan", "kode_unit",
    "jabatan", "jenis_jabatan", "nip_atasan", "kepala_unit", "aktif",
]  # fmt: skip
NIP_KEPALA = nip_for(1001)
NIP_STAF = nip_for(1002)
NIP_STAF_2 = nip_for(1003)
NIP_PPPK = nip_for(1004, pppk=True)


def csv_bytes(rows, *, delimiter=",", bom=False) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def pegawai_row(nip, nama, **values) -> list:
    row = dict.fromkeys(PEGAWAI_HEADER, "")
    row.update(
        nip=nip, nama=nama, status="PNS", golongan="III/a", kode_unit="DINKES", aktif="ya",
        kepala_unit="tidak",
    )  # fmt: skip
    row.update(values)
    return [row[name] for name in PEGAWAI_HEADER]


def good_rows() -> list[list]:
    return [
        PEGAWAI_HEADER,
        pegawai_row(
            NIP_KEPALA,
            "Ani Wijaya",
            gelar_depan="dr.",
            gelar_belakang="M.Kes.",
            golongan="IV/a",
            jabatan="Kepala Dinas Kesehatan",
            jenis_jabatan="jpt_pratama",
            kepala_unit="ya",
        ),  # fmt: skip
        pegawai_row(
            NIP_STAF,
            "Bayu Saputra",
            jabatan="Analis Kebijakan",
            jenis_jabatan="Fungsional",
            nip_atasan=NIP_KEPALA,
        ),  # fmt: skip
        pegawai_row(NIP_PPPK, "Citra Lestari", status="PPPK", golongan="IX", nip_atasan=NIP_STAF),
    ]


def run(content, instansi, *, name="pegawai.csv", jenis=impor.PEGAWAI, dry_run=False):
    return impor.import_file(
        content, name, instansi=instansi, jenis=jenis, actor="uji", dry_run=dry_run
    )


def stored_counts() -> tuple[int, int, int, int]:
    return (
        Pegawai.objects.count(),
        UnitKerja.objects.count(),
        Jabatan.objects.count(),
        AuditEntry.objects.count(),
    )


def messages(result) -> list[str]:
    return [str(error) for error in result.kesalahan]


def xlsx_rows(content: bytes) -> list[tuple]:
    """Every row of a workbook's first sheet, as values."""
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def upload(content: bytes, name: str = "pegawai.csv") -> SimpleUploadedFile:
    """The file as the import page's form receives it."""
    return SimpleUploadedFile(name, content, content_type="text/csv")


def employee_csv(*rows: list[str]) -> bytes:
    """A short employee CSV: nip, nama, status, kode_unit, nip_atasan."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["nip", "nama", "status", "kode_unit", "nip_atasan"])
    writer.writerows(rows)
    return buffer.getvalue().encode()
