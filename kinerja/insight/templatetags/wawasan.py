"""Display helpers for the insight pages and PDFs: one cell format for every table."""

from decimal import Decimal

from django import template

from kinerja.core import formatting

register = template.Library()


@register.filter
def sel(value):
    """A table cell: whole numbers with a dot per thousand, decimals with a comma, "—" for
    nothing (the same numbers the downloads carry, written the Indonesian way)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, int):
        return formatting.ribuan(value)
    if isinstance(value, Decimal):
        return formatting.angka(value, 2)
    if isinstance(value, float):
        return formatting.angka(value)
    return value
