"""The year selector shown on every page that is per period: ``{% pilih_periode periode %}``."""

from django import template

from kinerja.skp.queries import PERIODE_BERJALAN, pick_default_period
from kinerja.skp.views.common import agency_periods

register = template.Library()


@register.inclusion_tag("skp/_pilih_periode.html", takes_context=True)
def pilih_periode(context, periode, param: str = "periode"):
    """Links to every period of the viewer's agency (one query), the shown one marked and the
    one people work in labelled; each link keeps only ``?<param>=<year>``."""
    request = context["request"]
    periods = agency_periods(request)
    return {
        "periods": periods,
        "periode": periode,
        "bawaan": next(
            (p for p in [pick_default_period(periods)] if p and p.status in PERIODE_BERJALAN), None
        ),
        "param": param,
        "path": request.path,
    }
