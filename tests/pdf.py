"""Reading generated PDFs back as text, with poppler's pdftotext."""

import shutil
import subprocess

import pytest

PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None, reason="poppler-utils (pdftotext) diperlukan"
)


def pdf_text(pdf: bytes) -> str:
    """The document's text, whitespace collapsed to single spaces."""
    done = subprocess.run([PDFTOTEXT, "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())
