"""Home panels: the employee's standing in the period people work in (their SKP, each
slice's realisations, the next deadline), what waits for them ('menunggu saya', with a
supervisor's figures first), and the period's stage for HR, the agency head and auditors."""

from django.utils import timezone

from kinerja.core.extensions import Panel
from kinerja.core.permissions import AGENCY_WIDE, Peran
from kinerja.skp.queries import default_period, my_standing, period_stage, work_list


def panels(request, roles) -> list[Panel]:
    found = []
    today = timezone.localdate()
    periode = default_period(request.user.instansi_id)
    if Peran.PEGAWAI in roles:
        standing = my_standing(request.user, periode, today=today)
        found.append(Panel("skp/_home_saya.html", {"s": standing}))
        found.append(
            Panel(
                "skp/_menunggu_panel.html",
                {"kerja": work_list(request.user), "atasan": Peran.ATASAN in roles},
            )
        )
    if roles & AGENCY_WIDE and periode is not None:
        found.append(Panel("skp/_home_periode.html", {"t": period_stage(periode, today=today)}))
    return found
