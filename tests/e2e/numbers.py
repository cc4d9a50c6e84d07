"""What an Indonesian reader must never see: English-style numbers next to a number context.

Indonesian writes 92.118 and 85,5. A dot before one, two or four-plus decimals is an English
decimal when it sits next to a percent sign or a unit ("86.6 %", "4.5 hari", "11.0 MB"), is a
table cell on its own ("95.55") or carries four or more decimals ("86.6000"); a count of four
or more digits next to its noun ("5606 responden") or alone in a table cell ("2415") lacks its
thousands dot. Times (14.05 WITA), section numbers (§2.3), addresses (127.0.0.1), years and
NIPs are not numbers in this sense.
"""

from __future__ import annotations

import re

UNITS = (
    r"%|persen|hari(?: kerja)?|jam|menit|detik|MB|KB|GB|poin|orang|pegawai|kegiatan|dokumen|"
    r"laporan|responden|kali|×"
)
_NOT_BEFORE = r"(?<![\d.,§/:\w])"
DECIMAL_WITH_UNIT = re.compile(
    _NOT_BEFORE + r"\d+\.(?:\d{1,2}|\d{4,})(?![\d.])\s?(?:" + UNITS + r")"
)
LONG_DECIMAL = re.compile(_NOT_BEFORE + r"\d+\.\d{4,}(?![\d.])")
CELL_DECIMAL = re.compile(r"^[−-]?\d+\.(?:\d{1,2}|\d{4,})\s?%?$")
COUNT_WITH_NOUN = re.compile(
    _NOT_BEFORE
    + r"\d{4,}(?![\d.,])\s(?:responden|pegawai|orang|hasil|aduan|jawaban|realisasi|unit)\b"
)
CELL_COUNT = re.compile(r"^\d{4,17}$")


def _is_year(text: str) -> bool:
    return len(text) == 4 and 1900 <= int(text) <= 2100


def english_numbers(text: str, cells: list[str] = ()) -> list[str]:
    """Each English-style number in ``text`` (a page's visible text) and ``cells`` (its table
    cells' texts), with a little context, once each."""
    found: list[str] = []

    def add(match_text: str, where: str):
        item = f"{match_text!r} in …{where}…"
        if item not in found:
            found.append(item)

    for pattern in (DECIMAL_WITH_UNIT, LONG_DECIMAL, COUNT_WITH_NOUN):
        for m in pattern.finditer(text):
            around = text[max(0, m.start() - 30) : m.end() + 10].replace("\n", " ")
            add(m.group(), around)
    for cell in cells:
        value = " ".join(cell.split())
        if CELL_DECIMAL.match(value) or (CELL_COUNT.match(value) and not _is_year(value)):
            add(value, "sel tabel")
    return found
