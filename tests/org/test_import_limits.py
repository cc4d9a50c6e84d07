"""Imports bounded in memory and honest about what is wrong (issue 23): a 1 MB XLSX once
pushed a worker to 2.2 GB; a NUL byte was called "UTF-16"."""

import io
import re
import zipfile

import pytest

from tests.factories import nip_for
from tests.org.spreadsheets import (
    NIP_KEPALA,
    NIP_STAF,
    csv_bytes,
    good_rows,
    messages,
    pegawai_row,
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


def test_a_text_padded_with_nul_bytes_is_not_called_utf16(instansi):  # noqa: F811
    """A file cut short by a crash ends in NUL bytes: the start is mostly NULs in both the
    odd and the even bytes, which is not what UTF-16 text looks like."""
    content = b"nip,nama,status,kode_unit\n" + b"\x00" * 2000
    before = stored_counts()
    (message,) = messages(run(content, instansi))
    assert "UTF-16" not in message
    assert "karakter NUL (byte 0)" in message and message.startswith("baris 2:")
    assert stored_counts() == before


def test_utf16_without_a_byte_order_mark_is_called_utf16(instansi):  # noqa: F811
    content = "nip,nama,status,kode_unit\n1,Ani,PNS,DINKES\n".encode("utf-16-be")
    (message,) = messages(run(content, instansi))
    assert "berkas ini UTF-16" in message


def test_real_utf16_is_still_called_utf16(instansi):  # noqa: F811
    content = "nip,nama,status,kode_unit\n".encode("utf-16-le")
    (message,) = messages(run(content, instansi))
    assert "UTF-16" in message
    assert NIP_STAF  # the shared rows are the ones the other import tests use


# --- memory (issue 23): the structure, not a timing -------------------------------------------


def many_rows(count: int, *, nama: str = "Pegawai") -> list[list]:
    """The good rows plus ``count`` employees with every column filled, reporting to the head."""
    rows = good_rows()
    for i in range(count):
        # nip_for is one-to-one over any 9,000 consecutive numbers (the birth date cycles).
        rows.append(
            pegawai_row(
                nip_for(200_000 + i), f"{nama} {i}", gelar_depan="Dr." if i % 2 else "",
                gelar_belakang="S.Kom.", jabatan=f"Analis {i % 50}", jenis_jabatan="fungsional",
                nip_atasan=NIP_KEPALA, kode_unit="PUSKESMAS1" if i % 3 else "DINKES",
            )
        )  # fmt: skip
    return rows


def traced_peak(call) -> tuple[object, int]:
    """What ``call()`` returns and the peak of the Python memory it allocated, in bytes."""
    import gc
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    try:
        value = call()
        return value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# Python memory (tracemalloc) per row at the import's peak, new rows and updates. The compact
# structure (a tuple per read row, released as it is planned; slotted rows and stored
# employees; writes in chunks from generators) measured about 1.1 KB here; the importer before
# it (a dict per row, a row and its plan held at once, writes prepared whole) measured 2.5 KB
# for new rows and 3.5 KB for updates, and fails the bound (bench/RESULTS.md, "Impor: memori").
# The largest allowed import must stay under 500 MB of resident memory
# (bench/bench_import_memory.py --impor).
MAX_BYTES_PER_ROW = 2_000
ROWS = 6_000


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_import_holds_a_compact_form_of_each_row(instansi, kind):  # noqa: F811
    rows = many_rows(ROWS)
    content = csv_bytes(rows) if kind == "csv" else xlsx_bytes(rows)
    created, new_peak = traced_peak(lambda: run(content, instansi, name=f"pegawai.{kind}"))
    # The same employees again, every name changed: an update holds the stored employees too.
    changed = many_rows(ROWS, nama="Ubah")
    content = csv_bytes(changed) if kind == "csv" else xlsx_bytes(changed)
    updated, update_peak = traced_peak(lambda: run(content, instansi, name=f"pegawai.{kind}"))

    assert created.ok and created.dibuat == ROWS + 3, messages(created)[:3]
    assert updated.ok and updated.diubah == ROWS, messages(updated)[:3]
    per_row = (round(new_peak / ROWS), round(update_peak / ROWS))
    assert max(per_row) < MAX_BYTES_PER_ROW, f"byte per baris (baru, ubah): {per_row}"


def test_read_rows_are_slotted_and_released_as_they_are_planned():
    from kinerja.org.impor import LAYOUT_PEGAWAI, read_table

    table = read_table(csv_bytes(good_rows()), "pegawai.csv", LAYOUT_PEGAWAI)
    assert len(table.baris) == 3 and not hasattr(table.baris[0], "__dict__")
    taken = table.ambil()
    first = next(taken)
    assert first.nomor == 2 and first.get("nama") == "Ani Wijaya" and first.get("nip") == NIP_KEPALA
    assert table.baris == [], "the table no longer holds the rows a planner takes"
    assert [row.nomor for row in taken] == [3, 4]
