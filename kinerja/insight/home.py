"""The home-page panel for HR: the open data warnings of the period people work in
(``skp.queries.default_period``), counted by the warnings page's own ``find_warnings``;
for the agency head and auditors, the dashboard and calibration of that period."""

from kinerja.core.extensions import Panel
from kinerja.core.permissions import AGENCY_WIDE, Peran
from kinerja.insight import warnings as checks
from kinerja.insight.models import RingkasanPeriode
from kinerja.skp.queries import default_period


def panels(request, roles) -> list[Panel]:
    if not roles & AGENCY_WIDE:
        return []
    periode = default_period(request.user.instansi_id)
    if periode is None:
        return []
    context = {
        "insight_periode": periode,
        "insight_ringkasan": RingkasanPeriode.objects.filter(periode=periode)
        .only("dihitung_pada")
        .first(),
    }
    if Peran.ADMIN in roles:
        found = checks.find_warnings(periode, include_dismissed=True)
        context["insight_terbuka"] = sum(1 for w in found if w.ditutup is None)
        context["insight_ditutup"] = sum(1 for w in found if w.ditutup is not None)
    return [Panel("insight/_home_panel.html", context)]
