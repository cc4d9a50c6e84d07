"""The home-page panel for HR: the open data warnings of the period people work in
(``skp.queries.default_period``), counted by the warnings page's own ``find_warnings``;
for HR, the agency head and auditors, two figures of the period's stored dashboard summary
and links to the dashboard and calibration."""

from django.db.models.fields.json import KT

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
    # Two figures of the stored dashboard summary (the dashboard's own numbers), read as two
    # keys so the home never loads the whole summary (megabytes at 100,000 employees): people
    # whose annual predikat needs attention, and the curve scopes out of bounds.
    ringkasan = (
        RingkasanPeriode.objects.filter(periode=periode)
        .values("dihitung_pada", perhatian=KT("data__jumlah_perhatian_pegawai"),
                kurva_melampaui=KT("data__jumlah_kurva_melampaui"))
        .first()
    )  # fmt: skip
    context = {"insight_periode": periode, "insight_ringkasan": ringkasan}
    if Peran.ADMIN in roles:
        found = checks.find_warnings(periode, include_dismissed=True)
        context["insight_terbuka"] = sum(1 for w in found if w.ditutup is None)
        context["insight_ditutup"] = sum(1 for w in found if w.ditutup is not None)
    return [Panel("insight/_home_panel.html", context)]
