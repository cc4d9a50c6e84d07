"""Who sees what inside: HR, the agency head and auditors see the whole agency; a unit
head sees the units they head and the units below them; nobody else enters."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from kinerja.core.permissions import AGENCY_WIDE, Peran, has_role
from kinerja.org.models import UnitKerja


def unit_scope(user) -> set[int] | None:
    """None for the whole agency, else the ids of the units the user heads (with those
    below them). Raises PermissionDenied (403) for anyone else."""
    cached = getattr(user, "_citizen_scope", False)
    if cached is not False:
        return cached
    if has_role(user, *AGENCY_WIDE):
        scope = None
    else:
        scope = _headed_units(user) if user.pegawai_id else set()
        if not scope:
            raise PermissionDenied("Halaman ini untuk admin kepegawaian dan kepala unit.")
    user._citizen_scope = scope
    return scope


def _headed_units(user) -> set[int]:
    tree = list(
        UnitKerja.objects.filter(instansi_id=user.instansi_id).values_list(
            "id", "induk_id", "kepala_id"
        )
    )
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id, _kepala in tree:
        children.setdefault(parent_id, []).append(unit_id)
    found: set[int] = set()
    stack = [unit_id for unit_id, _p, kepala in tree if kepala == user.pegawai_id]
    while stack:
        unit_id = stack.pop()
        if unit_id not in found:
            found.add(unit_id)
            stack.extend(children.get(unit_id, []))
    return found


def require_hr(user) -> None:
    if not has_role(user, Peran.ADMIN):
        raise PermissionDenied("Hanya admin kepegawaian yang dapat melakukan ini.")


def can_handle_complaint(user, aduan) -> bool:
    """HR for the agency, a unit head for their units, the assigned officer for theirs."""
    if has_role(user, Peran.ADMIN):
        return True
    if user.pegawai_id and aduan.petugas_id == user.pegawai_id:
        return True
    try:
        scope = unit_scope(user)
    except PermissionDenied:
        return False
    return scope is not None and aduan.unit_id in scope


def complaint_for(user, kode: str):
    """The complaint with tracking code ``kode`` as ``user`` may see it: 404 outside their
    agency; 403 when it is neither theirs to handle nor in the units they head."""
    from kinerja.citizen.models import Aduan
    from kinerja.core.tenancy import get_for_agency_or_404

    aduan = get_for_agency_or_404(
        Aduan.objects.select_related("layanan", "unit", "petugas"), user, kode_lacak=kode
    )
    if not can_handle_complaint(user, aduan):
        scope = unit_scope(user)
        if scope is not None and aduan.unit_id not in scope:
            raise PermissionDenied("Aduan ini bukan dari unit Anda.")
    return aduan
