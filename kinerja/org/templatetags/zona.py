"""``{% load zona %}``: the time filter of the formatting layer under its older library name.

``|waktu`` is ``kinerja.core.templatetags.formatting.waktu`` (one implementation):
{{ entry.at|waktu }}            6 Des 2026 14.05 WITA
{{ aduan.dibuat|waktu:instansi }} in that agency's zone
{{ entry.at|waktu:"detik" }}    6 Des 2026 14.05.09 WITA
"""

from django import template

from kinerja.core.templatetags.formatting import waktu

register = template.Library()
register.filter("waktu", waktu, expects_localtime=False)
