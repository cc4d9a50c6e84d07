"""Display helpers for the insight pages and PDFs: one cell format for every table."""

from decimal import Decimal

from django import template

from kinerja.core.angka import ribuan

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
        return ribuan(value)
    if isinstance(value, float | Decimal):
        text = f"{value:,.2f}" if isinstance(value, Decimal) else f"{value:,}"
        return text.replace(",", "_").replace(".", ",").replace("_", ".")
    return value
