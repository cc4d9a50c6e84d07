"""Times of complaints as the agency reads them: in its zone, followed by WIB, WITA or WIT."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from kinerja.citizen.libur import agency_zone

register = template.Library()


@register.filter
def waktu_instansi(value, instansi) -> str:
    """``value`` (an aware datetime) in ``instansi``'s zone: "6 Des 2026 14.05 WITA"."""
    if not value:
        return "—"
    local = timezone.localtime(value, agency_zone(instansi))
    return f"{date_format(local, 'j M Y H.i')} {instansi.zona_label}"
