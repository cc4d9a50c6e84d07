"""Home panels: complaints past their due date (HR and unit heads) and complaints
forwarded to the signed-in officer, waiting for their answer."""

from django.core.exceptions import PermissionDenied

from kinerja.citizen.access import unit_scope
from kinerja.citizen.queries import assigned_count, overdue_count
from kinerja.core.extensions import Panel
from kinerja.core.permissions import Peran


def panels(request, roles) -> list[Panel]:
    found = []
    if request.user.pegawai_id:
        waiting = assigned_count(request.user.instansi_id, request.user.pegawai_id)
        if waiting:
            found.append(Panel("citizen/_home_assigned.html", {"jumlah": waiting}))
    if not roles & {Peran.ADMIN, Peran.PIMPINAN, Peran.ATASAN}:
        return found
    try:
        scope = unit_scope(request.user)
    except PermissionDenied:
        return found
    count = overdue_count(request.user.instansi_id, unit_ids=scope)
    return [*found, Panel("citizen/_home_overdue.html", {"jumlah": count})]
