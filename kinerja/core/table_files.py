"""The one reader of uploaded and local tables: CSV in UTF-8 and the first sheet of an XLSX.

Used by the organisation import (``kinerja.org.impor``), the talent import
(``kinerja.followup.services.talenta``) and the command line (``kinerja.scoring.cli``). Each
turns the reader's refusals into its own message, because each message is part of a public
contract (docs/impor.md, docs/tindak-lanjut.md, docs/cli.md); the reader decides what is
refused, and gives the facts (line, limit, kind) for the message.

- **Encoding**: a CSV must be UTF-8 (with or without BOM). UTF-16 is recognised by its BOM
  or, without one, by a NUL in every other byte of the start (ASCII text in UTF-16); a text
  whose start is NUL in both (padded with NUL bytes, a damaged file) is not UTF-16 but text
  with NUL characters, refused on the line of the first one. Bytes that are not UTF-8 are
  refused on their line, noting when they decode as Windows-1252 (old Excel's default).
- **CSV** is decoded as it is read (never the whole text at once); the delimiter is ``;``
  when the first non-blank line has more fields by it than by ``,``.
- **XLSX** is read with openpyxl in read-only (streaming) mode, formulas as the value they
  last showed (``data_only``), text cells as their text, never evaluated. With limits given,
  the zip-bomb guard checks the archive's directory before anything is unpacked and the cells
  read are counted. Rows come as stored, not padded to the range the file declares.
- **Size**: ``max_bytes`` refuses a too-large upload before anything is read.

No Django at import: the command line uses it without settings.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

XLSX_SIGNATURE = b"PK\x03\x04"
BLANK_BYTES = b" \t\r\n\xef\xbb\xbf"


class Unreadable(Exception):
    """A file the reader refuses; subclasses carry the facts for the caller's message."""


class TooLarge(Unreadable):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size} > {limit}")
        self.size, self.limit = size, limit


class Utf16(Unreadable):
    """A UTF-16 text, not UTF-8."""


class NulCharacter(Unreadable):
    def __init__(self, line: int) -> None:
        super().__init__(f"NUL on line {line}")
        self.line = line


class NotUtf8(Unreadable):
    def __init__(self, line: int, *, cp1252: bool) -> None:
        super().__init__(f"not UTF-8 on line {line}")
        self.line = line
        self.cp1252 = cp1252  # the bytes decode as Windows-1252


class BadCsv(Unreadable):
    """The csv module's refusal (an unclosed quote); ``line`` is the reader's line number."""

    def __init__(self, line: int, detail: str) -> None:
        super().__init__(detail)
        self.line, self.detail = line, detail


class BadXlsx(Unreadable):
    """Not a workbook openpyxl can read, or a damaged one."""


class XlsxTooBig(Unreadable):
    """The workbook passes a reading limit: ``limit`` is "members", "unpacked" or "cells";
    ``found`` what the file has (for "cells", the count when reading stopped)."""

    def __init__(self, limit: str, found: int, allowed: int) -> None:
        super().__init__(f"{limit}: {found} > {allowed}")
        self.limit, self.found, self.allowed = limit, found, allowed


XLSX_MAX_MEMBERS = 200
"""Parts in an uploaded XLSX: a sheet, its styles and relations need a few dozen."""


@dataclass(frozen=True)
class XlsxLimits:
    unpacked: int  # bytes of all the archive's members once unpacked
    members: int  # parts in the archive
    cells: int  # cells read from the first sheet

    @classmethod
    def for_uploads(cls) -> "XlsxLimits":
        """The limits of every upload (``KINERJA_IMPORT_MAX_UNCOMPRESSED``,
        ``KINERJA_IMPORT_MAX_CELLS``); read from the settings when asked, so the command line
        runs without them."""
        from django.conf import settings

        return cls(
            unpacked=settings.KINERJA_IMPORT_MAX_UNCOMPRESSED,
            members=XLSX_MAX_MEMBERS,
            cells=settings.KINERJA_IMPORT_MAX_CELLS,
        )


def check_size(content: bytes, max_bytes: int | None) -> None:
    if max_bytes is not None and len(content) > max_bytes:
        raise TooLarge(len(content), max_bytes)


def is_blank(content: bytes) -> bool:
    """Nothing but whitespace and a BOM."""
    return not content.strip(BLANK_BYTES)


def is_xlsx(content: bytes) -> bool:
    return content.startswith(XLSX_SIGNATURE)


# --------------------------------------------------------------------------- CSV


def looks_utf16(content: bytes) -> bool:
    """A UTF-16 text: a byte-order mark, or (without one) a NUL in every other byte of the
    start and text between, which is what ASCII text looks like in UTF-16. A start of NULs
    in both (a text padded with NUL bytes, a damaged file) is not UTF-16."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = content[:512]
    if len(head) < 8:
        return False
    odd, even = head[1::2], head[0::2]
    return (odd.count(0) >= 0.9 * len(odd)) != (even.count(0) >= 0.9 * len(even))


def check_utf8(content: bytes) -> None:
    """Refuse bytes that are not a UTF-8 text (Utf16, NulCharacter, NotUtf8). The whole
    content is decoded once to check it, then dropped: rows are decoded as they are read."""
    if looks_utf16(content):
        raise Utf16("UTF-16")
    nul = content.find(b"\x00")
    if nul >= 0:
        raise NulCharacter(content[:nul].count(b"\n") + 1)
    try:
        content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            content.decode("cp1252")
            cp1252 = True
        except UnicodeDecodeError:
            cp1252 = False
        raise NotUtf8(content[: exc.start].count(b"\n") + 1, cp1252=cp1252) from None


def _field_count(line: str, delimiter: str) -> int:
    try:
        return len(next(csv.reader([line], delimiter=delimiter), []))
    except csv.Error:  # a stray control character: count the delimiters instead
        return line.count(delimiter) + 1


def csv_delimiter(content: bytes) -> str:
    """``;`` when the first non-blank line has more fields by it than by ``,``."""
    start = 0
    while start < len(content):
        end = content.find(b"\n", start)
        end = len(content) if end < 0 else end
        text = content[start:end].decode("utf-8-sig", errors="replace")
        for line in text.splitlines():
            if line.strip(" \t\ufeff"):
                return ";" if _field_count(line, ";") > _field_count(line, ",") else ","
        start = end + 1
    return ","


def csv_records(content: bytes, *, max_cell: int = 2**31 - 1) -> Iterator[tuple[int, list[str]]]:
    """(line, fields) of every record of a CSV, after ``check_utf8``; ``line`` is the last
    physical line of the record. Decoded as read: neither the whole text nor a StringIO of
    it (four bytes a character) is held. A cell may be as long as ``max_cell``, so that a
    too-long cell is reported on its row by the caller's checks, not by the csv module."""
    check_utf8(content)
    csv.field_size_limit(max(csv.field_size_limit(), max_cell))
    text = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline="")
    reader = csv.reader(text, delimiter=csv_delimiter(content))
    try:
        for record in reader:
            yield reader.line_num, record
    except csv.Error as exc:
        raise BadCsv(reader.line_num, str(exc)) from None


# --------------------------------------------------------------------------- XLSX


def check_xlsx_archive(content: bytes, limits: XlsxLimits) -> None:
    """The zip-bomb guard: inspect the archive's directory before any part is unpacked.
    Each member's declared size bounds what unpacking it yields (``zipfile`` stops there),
    so the sum of declared sizes bounds the memory of reading the workbook."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BadXlsx from exc
    if len(members) > limits.members:
        raise XlsxTooBig("members", len(members), limits.members)
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.unpacked:
        raise XlsxTooBig("unpacked", unpacked, limits.unpacked)


def xlsx_records(content: bytes, *, limits: XlsxLimits | None = None) -> Iterator[tuple[int, list]]:
    """(row number, values) of the first sheet, in openpyxl's streaming (read-only) mode.
    With ``limits``, the archive is checked first and the cells read are counted, so a sheet
    that claims a huge range stops early. A workbook without sheets has no rows."""
    from openpyxl import load_workbook

    if limits is not None:
        check_xlsx_archive(content, limits)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # a damaged part (zip, XML, styles, relations) fails in many ways
        raise BadXlsx from exc
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        # Rows as stored, not padded to the range the file declares (A1:XFD1048576 would
        # pad every row to 16,384 cells); missing rows still count in the numbering.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        cells = 0
        number = 0
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # a damaged sheet fails in many ways inside openpyxl
                raise BadXlsx from exc
            number += 1
            if limits is not None:
                cells += len(row)
                if cells > limits.cells:
                    raise XlsxTooBig("cells", cells, limits.cells)
            yield number, list(row)
    finally:
        workbook.close()
