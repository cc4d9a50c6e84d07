"""Home panel: complaints past their due date, for HR and unit heads."""

from django.core.exceptions import PermissionDenied

from kinerja.citizen.access import unit_scope
from kinerja.citizen.queries import overdue_count
from kinerja.core.extensions import Panel
from kinerja.core.permissions import Peran


def panels(request, roles) -> list[Panel]:
    if not roles & {Peran.ADMIN, Peran.PIMPINAN, Peran.ATASAN}:
        return []
    try:
        scope = unit_scope(request.user)
    except PermissionDenied:
        return []
    count = overdue_count(request.user.instansi_id, unit_ids=scope)
    return [Panel("citizen/_home_overdue.html", {"jumlah": count})]
