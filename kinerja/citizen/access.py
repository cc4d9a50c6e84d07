"""Who sees what inside: HR, the agency head and auditors see the whole agency; a unit
head sees the units they head and the units below them; nobody else enters."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kinerja.core.permissions import AGENCY_WIDE, Peran, has_role
from kinerja.org.models import UnitKerja

_REFUSED = object()


def unit_scope(user) -> set[int] | None:
    """None for the whole agency, else the ids of the units the user heads (with those
    below them). Raises PermissionDenied (403) for anyone else."""
    cached = getattr(user, "_citizen_scope", False)
    if cached is _REFUSED:
        raise PermissionDenied("Halaman ini untuk admin kepegawaian dan kepala unit.")
    if cached is not False:
        return cached
    if has_role(user, *AGENCY_WIDE):
        scope = None
    else:
        scope = _headed_units(user) if user.pegawai_id else set()
        if not scope:
            user._citizen_scope = _REFUSED  # asked again by the menu: answered once
            raise PermissionDenied("Halaman ini untuk admin kepegawaian dan kepala unit.")
    user._citizen_scope = scope
    return scope


def sees_units(user) -> bool:
    """``unit_scope`` as a check for ``agency_required(when=...)``: raises its 403 message."""
    unit_scope(user)
    return True


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
    return _heads_unit_of(user, aduan)


def _heads_unit_of(user, aduan) -> bool:
    try:
        scope = unit_scope(user)
    except PermissionDenied:
        return False
    return scope is not None and aduan.unit_id in scope


def handles_all_steps(user, aduan) -> bool:
    """HR and the head of the complaint's unit take every step; an officer only answers."""
    return has_role(user, Peran.ADMIN) or _heads_unit_of(user, aduan)


def allowed_moves(user, aduan) -> list[str]:
    """The statuses ``user`` may move ``aduan`` to: every next step for HR and the unit's
    head; only the answer (direspons) for the officer it was forwarded to."""
    from kinerja.citizen.complaints import ALLOWED
    from kinerja.citizen.models import Aduan

    order = list(Aduan.Status.values)  # the flow's order; rejecting (ditolak) comes last
    steps = sorted(ALLOWED.get(aduan.status, frozenset()), key=order.index)
    if handles_all_steps(user, aduan):
        return steps
    if user.pegawai_id and aduan.petugas_id == user.pegawai_id:
        return [step for step in steps if step == Aduan.Status.DIRESPONS]
    return []


def complaint_for(user, kode: str):
    """The complaint with tracking code ``kode`` as ``user`` may see it: the agency-wide
    roles see every one, a unit head those of their units, an officer those forwarded to
    them; any other complaint is not found (404), as is another agency's."""
    from kinerja.citizen.models import Aduan
    from kinerja.core.tenancy import get_for_agency_or_404

    aduan = get_for_agency_or_404(
        Aduan.objects.select_related("layanan", "unit", "petugas", "instansi"), user,
        kode_lacak=kode,
    )  # fmt: skip
    if has_role(user, *AGENCY_WIDE) or can_handle_complaint(user, aduan):
        return aduan
    raise Http404("Aduan tidak ditemukan.")
