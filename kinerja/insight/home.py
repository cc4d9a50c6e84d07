"""The home-page panel for HR: how many data-error warnings are open in the period people
work in (``skp.queries.default_period``)."""

from kinerja.core.extensions import Panel
from kinerja.core.permissions import Peran
from kinerja.insight.models import PeringatanDitutup, RingkasanPeriode
from kinerja.skp.queries import default_period


def panels(request, roles) -> list[Panel]:
    if Peran.ADMIN not in roles and Peran.PIMPINAN not in roles:
        return []
    periode = default_period(request.user.instansi_id)
    if periode is None:
        return []
    ringkasan = RingkasanPeriode.objects.filter(periode=periode).only("dihitung_pada").first()
    ditutup = PeringatanDitutup.objects.filter(periode=periode).count()
    return [
        Panel(
            "insight/_home_panel.html",
            {
                "insight_periode": periode,
                "insight_ringkasan": ringkasan,
                "insight_ditutup": ditutup,
            },
        )  # fmt: skip
    ]
