"""Uploaded files: the type from the extension, confirmed by the file's own bytes.

One check for every upload (evidence, objection attachments, complaint attachments): a
file is accepted only when its extension is one the caller accepts *and* its first bytes
(or, for office documents, a known member of the zip) match that type, so a renamed
executable or a broken file is refused before it is stored.
"""

from __future__ import annotations

import zipfile
from pathlib import PurePath
from typing import NamedTuple

EXTENSIONS = {
    ".pdf": "pdf",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".odt": "odt",
}
SIGNATURES = {"pdf": b"%PDF-", "png": b"\x89PNG\r\n\x1a\n", "jpeg": b"\xff\xd8\xff"}
ZIP_MARKERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
ALL_KINDS = frozenset(EXTENSIONS.values())


class Sniffed(NamedTuple):
    extension: str  # lower case, with its dot; "" when the name has none
    kind: str | None  # None when the extension is not among the accepted kinds
    genuine: bool  # the bytes match the kind


def sniff(name: str, stream, accepted: frozenset[str] = ALL_KINDS) -> Sniffed:
    """What ``name``'s extension claims and whether ``stream``'s bytes agree.

    ``stream`` is a file-like object (an upload); it is left at position 0."""
    extension = PurePath(name).suffix.lower()
    kind = EXTENSIONS.get(extension)
    if kind not in accepted:
        return Sniffed(extension, None, False)
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    signature = SIGNATURES.get(kind)
    if signature is not None:
        return Sniffed(extension, kind, head.startswith(signature))
    return Sniffed(extension, kind, head.startswith(b"PK\x03\x04") and _zip_matches(kind, stream))


def _zip_matches(kind: str, stream) -> bool:
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            if kind == "odt":
                return archive.read("mimetype").strip() == ODT_MIMETYPE
            return ZIP_MARKERS[kind] in archive.namelist()
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    finally:
        stream.seek(0)
