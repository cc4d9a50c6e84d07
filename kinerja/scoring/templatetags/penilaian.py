"""Display helpers for the scoring pages: labels of codes, Indonesian numbers."""

from decimal import Decimal

from django import template

from kinerja.scoring.rules.common import fmt

register = template.Library()


@register.filter
def label(code, labels):
    """The label of a code (``di_atas`` → "Di Atas Ekspektasi"); "—" when empty."""
    if not code:
        return "—"
    return labels.get(code) or labels.get(f"pp:{code}") or code


@register.filter
def angka(value, places=2):
    """A number rounded half up for display, with a decimal comma; "—" for nothing."""
    if value is None or value == "":
        return "—"
    return fmt(Decimal(str(value)), int(places))


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
