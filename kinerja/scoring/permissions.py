"""Who may read and decide results. Built on kinerja.core.permissions and the SKP rules.

- a result is read by whoever may read its SKP: the owner, the rater, anyone above the owner
  in the chain, and the agency-wide roles (admin kepegawaian, pimpinan, auditor);
- only the rater of the SKP (``Skp.penilai``; pimpinan for an SKP without one) confirms or
  overrides it, and only while the period is open;
- admin kepegawaian computes results and closes periods; admin kepegawaian and pimpinan set
  the organisation's predikat; the agency-wide roles read the curve.
"""

from kinerja.core.permissions import AGENCY_WIDE, Peran, has_role
from kinerja.skp.permissions import can_view_skp, is_rater


def can_view_hasil(user, hasil) -> bool:
    return hasil.instansi_id == user.instansi_id and can_view_skp(user, hasil.skp)


def can_decide(user, hasil) -> bool:
    return is_rater(user, hasil.skp) and not hasil.periode.ditutup


def can_compute(user) -> bool:
    return has_role(user, Peran.ADMIN)


def can_close(user) -> bool:
    return has_role(user, Peran.ADMIN)


def can_set_org_predikat(user) -> bool:
    return has_role(user, Peran.ADMIN, Peran.PIMPINAN)


def can_view_curve(user) -> bool:
    return has_role(user, *AGENCY_WIDE)
