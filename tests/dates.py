"""Dates as Indonesian writes them in words, spelt out here independently of the
formatting layer so a test of that layer can fail."""

import re
from datetime import date

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")  # fmt: skip

ANGKA_SAJA = re.compile(r"\b\d{1,2}[-/]\d{1,2}([-/]\d{2,4})?\b")
"""A date written in figures only ("31-03-2026", "01/04"), which people's text must not show."""


def in_words(day: date) -> str:
    """``date(2026, 3, 31)`` → "31 Maret 2026"."""
    return f"{day.day} {BULAN[day.month - 1]} {day.year}"
