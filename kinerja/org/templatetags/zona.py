"""``{{ value|waktu }}``: a date and time in the active (agency) zone with its label.

{{ entry.at|waktu }}          6 Des 2026 14.05 WITA
{{ entry.at|waktu:"detik" }}  6 Des 2026 14.05.09 WITA
"""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from kinerja.org import zona

register = template.Library()


@register.filter(expects_localtime=False)
def waktu(value, detail: str = "") -> str:
    if not isinstance(value, datetime):
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    pattern = "j M Y H.i.s" if detail == "detik" else "j M Y H.i"
    return f"{date_format(local, pattern)} {zona.label(timezone.get_current_timezone_name())}"
