"""The one upload type check used by evidence, objection and complaint attachments."""

import io
import zipfile

import pytest

from kinerja.core import uploads


def _zip(member: str, data: bytes = b"x") -> io.BytesIO:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr(member, data)
    buf.seek(0)
    return buf


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("laporan.PDF", b"%PDF-1.7\n...", "pdf"),
        ("foto.jpg", b"\xff\xd8\xff\xe0rest", "jpeg"),
        ("foto.jpeg", b"\xff\xd8\xff\xe0rest", "jpeg"),
        ("grafik.png", b"\x89PNG\r\n\x1a\nrest", "png"),
    ],
)
def test_genuine_files_are_recognised(name, content, kind):
    found = uploads.sniff(name, io.BytesIO(content))
    assert found == uploads.Sniffed(name[name.rfind(".") :].lower(), kind, True)


def test_office_documents_need_their_inner_member():
    assert uploads.sniff("a.docx", _zip("word/document.xml")).genuine
    assert uploads.sniff("a.xlsx", _zip("xl/workbook.xml")).genuine
    assert not uploads.sniff("a.docx", _zip("xl/workbook.xml")).genuine
    assert uploads.sniff("a.odt", _zip("mimetype", uploads.ODT_MIMETYPE)).genuine
    assert not uploads.sniff("a.odt", _zip("mimetype", b"text/plain")).genuine


def test_renamed_or_unknown_files_are_not_genuine():
    assert uploads.sniff("virus.pdf", io.BytesIO(b"MZ\x90\x00")) == (".pdf", "pdf", False)
    assert uploads.sniff("skrip.exe", io.BytesIO(b"%PDF-")) == (".exe", None, False)
    assert uploads.sniff("tanpa-ekstensi", io.BytesIO(b"%PDF-")) == ("", None, False)


def test_accepted_kinds_narrow_the_check_and_stream_is_rewound():
    stream = io.BytesIO(b"%PDF-1.4 body")
    stream.read(3)
    assert uploads.sniff("a.pdf", stream, frozenset({"png"})).kind is None
    assert uploads.sniff("a.pdf", stream, frozenset({"pdf"})).genuine
    assert stream.tell() == 0
