"""Who may do what after the close. Built on kinerja.core.permissions.

- an employee reads only their own results and files objections on them;
- an objection is decided by the rater's own supervisor (``Keberatan.pemutus``); when the rater
  has no supervisor, by a user with the pimpinan role; never by the employee or the rater;
- the employee, the rater, the decider and the agency-wide roles read an objection; the
  employee and the rater write explanations while it is open;
- admin kepegawaian sees reward candidates, records awards, exports, records potential
  scores and sets the period's follow-up policy; pimpinan reads the grid and candidates;
- a development plan is edited by the employee's rater, agreed by the employee, read by both,
  by the chain above and by the agency-wide roles; anyone may request one for themselves.
"""

from kinerja.core.permissions import AGENCY_WIDE, Peran, has_role, is_supervisor_of


def can_view_talent(user) -> bool:
    return has_role(user, Peran.ADMIN, Peran.PIMPINAN)


def can_manage(user) -> bool:
    return has_role(user, Peran.ADMIN)


def can_decide_objection(user, keberatan) -> bool:
    if keberatan.instansi_id != user.instansi_id or keberatan.diputuskan:
        return False
    if user.pegawai_id and user.pegawai_id in (keberatan.pegawai_id, keberatan.penilai_id):
        return False
    if keberatan.pemutus_id is None:
        return has_role(user, Peran.PIMPINAN)
    return bool(user.pegawai_id) and user.pegawai_id == keberatan.pemutus_id


def is_decider(user, keberatan) -> bool:
    if keberatan.pemutus_id is None:
        return has_role(user, Peran.PIMPINAN) and user.pegawai_id not in (
            keberatan.pegawai_id, keberatan.penilai_id,
        )  # fmt: skip
    return bool(user.pegawai_id) and user.pegawai_id == keberatan.pemutus_id


def can_view_objection(user, keberatan) -> bool:
    if keberatan.instansi_id != user.instansi_id:
        return False
    if user.pegawai_id and user.pegawai_id in (keberatan.pegawai_id, keberatan.penilai_id):
        return True
    return is_decider(user, keberatan) or has_role(user, *AGENCY_WIDE)


def explanation_role(user, keberatan) -> str | None:
    """ "pegawai" or "penilai" when the user may explain this open objection, else None."""
    if keberatan.instansi_id != user.instansi_id or keberatan.diputuskan or not user.pegawai_id:
        return None
    if user.pegawai_id == keberatan.pegawai_id:
        return "pegawai"
    if user.pegawai_id == keberatan.penilai_id:
        return "penilai"
    return None


def can_view_plan(user, rencana) -> bool:
    if rencana.instansi_id != user.instansi_id:
        return False
    if user.pegawai_id in (rencana.pegawai_id, rencana.penilai_id) and user.pegawai_id:
        return True
    return has_role(user, *AGENCY_WIDE) or is_supervisor_of(user, rencana.pegawai)


def can_edit_plan(user, rencana) -> bool:
    return (
        rencana.instansi_id == user.instansi_id
        and bool(user.pegawai_id)
        and user.pegawai_id == rencana.penilai_id
        and rencana.status in (rencana.Status.USULAN, rencana.Status.DIAJUKAN)
    )


def can_agree_plan(user, rencana) -> bool:
    return (
        rencana.instansi_id == user.instansi_id
        and user.pegawai_id == rencana.pegawai_id
        and rencana.status == rencana.Status.DIAJUKAN
    )


def can_record_progress(user, rencana) -> bool:
    return (
        rencana.instansi_id == user.instansi_id
        and bool(user.pegawai_id)
        and user.pegawai_id in (rencana.pegawai_id, rencana.penilai_id)
        and rencana.status == rencana.Status.DISEPAKATI
    )
