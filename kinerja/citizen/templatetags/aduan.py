"""Older name of the formatting layer's time filter: ``|waktu_instansi:instansi`` is
``|waktu:instansi`` from ``{% load formatting %}`` (one implementation)."""

from django import template

from kinerja.core.templatetags.formatting import waktu

register = template.Library()
register.filter("waktu_instansi", waktu, expects_localtime=False)
