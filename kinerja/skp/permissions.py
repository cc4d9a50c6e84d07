"""Who may read and change what in the SKP year. Built on kinerja.core.permissions.

Rules in one line each:
- an SKP is read by its owner, its rater, anyone above the owner in the chain, and the
  agency-wide roles (admin kepegawaian, pimpinan, auditor);
- only the owner edits a draft or returned SKP and records realisations;
- only the rater (``Skp.penilai``, the supervisor when the SKP was made) approves, returns,
  verifies and rates behaviour; an SKP without a rater (the agency head) is reviewed by a
  user with the pimpinan role;
- only admin kepegawaian manages periods;
- nothing changes in a closed period (the services check that too).
"""

from kinerja.core.permissions import AGENCY_WIDE, Peran, has_role, is_supervisor_of


def is_owner(user, skp) -> bool:
    return bool(user.pegawai_id) and skp.pegawai_id == user.pegawai_id


def is_rater(user, skp) -> bool:
    if skp.instansi_id != user.instansi_id:
        return False
    if skp.penilai_id is None:
        return has_role(user, Peran.PIMPINAN) and not is_owner(user, skp)
    return bool(user.pegawai_id) and skp.penilai_id == user.pegawai_id


def can_view_skp(user, skp) -> bool:
    if skp.instansi_id != user.instansi_id:
        return False
    if is_owner(user, skp) or is_rater(user, skp) or has_role(user, *AGENCY_WIDE):
        return True
    return is_supervisor_of(user, skp.pegawai)


def can_edit_skp(user, skp) -> bool:
    return is_owner(user, skp) and skp.dapat_diubah and not skp.periode.ditutup


def can_review_skp(user, skp) -> bool:
    return is_rater(user, skp) and not skp.periode.ditutup


def can_record_realisasi(user, skp) -> bool:
    return is_owner(user, skp) and skp.pernah_disetujui and not skp.periode.ditutup


def can_manage_periode(user) -> bool:
    return has_role(user, Peran.ADMIN)


def can_view_periode_report(user) -> bool:
    return has_role(user, *AGENCY_WIDE)


def can_write_dialog(user, skp) -> bool:
    return (is_owner(user, skp) or is_rater(user, skp)) and not skp.periode.ditutup
