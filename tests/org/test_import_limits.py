"""Imports bounded in memory and honest about what is wrong (issue 23): a 1 MB XLSX once
pushed a worker to 2.2 GB; a NUL byte was called "UTF-16"."""

import io
import re
import zipfile

from tests.org.test_import import (
    NIP_STAF,
    csv_bytes,
    good_rows,
    instansi,  # noqa: F401 - fixture
    messages,
    run,
    stored_counts,
    xlsx_bytes,
)


def bomb(content: bytes, *, extra_bytes: int) -> bytes:
    """The workbook with a highly compressible extra part of ``extra_bytes`` when unpacked:
    a few hundred kilobytes on disk."""
    source = zipfile.ZipFile(io.BytesIO(content))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item, source.read(item.filename))
        out.writestr("xl/media/padding.xml", b" " * extra_bytes)
    return target.getvalue()


def wide_sheet(columns: int, rows: int) -> bytes:
    """A sheet whose rows reach far to the right: the last cell of each row in column
    ``columns``, everything between empty (as formatted blank columns leave it)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["nip", "nama", "status", "kode_unit"])
    for _ in range(rows):
        sheet.append([None] * (columns - 1) + ["x"])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(instansi, settings):  # noqa: F811
    settings.KINERJA_IMPORT_MAX_UNCOMPRESSED = 50 * 1024 * 1024
    content = bomb(xlsx_bytes(good_rows()), extra_bytes=200 * 1024 * 1024)
    assert len(content) < 1024 * 1024
    before = stored_counts()
    result = run(content, instansi, name="pegawai.xlsx")
    (message,) = messages(result)
    assert "batas ukuran tak-terkompresi" in message and "batasnya 50 MB" in message
    assert stored_counts() == before


def test_a_sheet_past_the_cell_cap_is_refused_naming_the_limit(instansi, settings):  # noqa: F811
    settings.KINERJA_IMPORT_MAX_CELLS = 10_000
    result = run(wide_sheet(columns=2_000, rows=20), instansi, name="pegawai.xlsx")
    (message,) = messages(result)
    assert "lebih dari 10.000 sel (batas jumlah sel)" in message


def test_a_declared_huge_range_does_not_pad_every_row(instansi):  # noqa: F811
    """A sheet that declares A1:XFD1048576 is read as its cells are stored."""
    content = xlsx_bytes(good_rows())
    source = zipfile.ZipFile(io.BytesIO(content))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
                assert b"XFD1048576" in data
            out.writestr(item, data)
    result = run(target.getvalue(), instansi, name="pegawai.xlsx")
    assert result.ok, messages(result)


def test_a_nul_byte_is_named_as_such_not_as_utf16(instansi):  # noqa: F811
    lines = csv_bytes(good_rows()).split(b"\n")
    lines[2] = lines[2][:5] + b"\x00" + lines[2][5:]
    (message,) = messages(run(b"\n".join(lines), instansi))
    assert "UTF-16" not in message
    assert "karakter NUL (byte 0)" in message and message.startswith("baris 3:")


def test_real_utf16_is_still_called_utf16(instansi):  # noqa: F811
    content = "nip,nama,status,kode_unit\n".encode("utf-16-le")
    (message,) = messages(run(content, instansi))
    assert "UTF-16" in message
    assert NIP_STAF  # the shared rows are the ones the other import tests use
