"""Display helpers for the scoring pages: labels of codes, Indonesian numbers."""

from django import template

from kinerja.core import formatting
from kinerja.core.templatetags.formatting import label

register = template.Library()
register.filter("label", label)


@register.filter
def angka(value, places=2):
    """A figure rounded half up to ``places`` decimals (official figures: two), through the
    formatting layer: "91,71", "1.250,00"; "—" for nothing."""
    return formatting.angka(value, int(places))


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
