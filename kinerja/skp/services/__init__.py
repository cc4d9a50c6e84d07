"""Actions that change the SKP year. Each is atomic, checks permission, writes the audit.

Split by subject; import the verbs from here.
"""

from kinerja.core.errors import DomainError, NotAllowed, VersionConflict
from kinerja.skp.services.bagian import (
    Decision,
    SliceEntry,
    SliceRejected,
    SliceSaved,
    record_slice,
    review_slice,
)
from kinerja.skp.services.common import PeriodClosed, ensure_open
from kinerja.skp.services.dialog import mark_read, post_message
from kinerja.skp.services.perilaku import MIN_JAWABAN_360, answer_360, rate_perilaku, request_360
from kinerja.skp.services.periode import (
    create_periode,
    move_stage,
    set_parameter,
    set_tenggat,
    slices_for,
)
from kinerja.skp.services.persetujuan import approve_skp, return_skp, start_revision, submit_skp
from kinerja.skp.services.realisasi import (
    add_bukti_file,
    add_bukti_tautan,
    record_realisasi,
    record_system_value,
    remove_bukti,
    return_realisasi,
    submit_realisasi,
    verify_all_submitted,
    verify_realisasi,
)
from kinerja.skp.services.rencana import (
    add_indikator,
    add_rhk,
    copy_last_year,
    create_skp,
    delete_indikator,
    delete_rhk,
    update_indikator,
    update_lampiran,
    update_rhk,
)

__all__ = [
    "MIN_JAWABAN_360", "DomainError", "NotAllowed", "PeriodClosed", "VersionConflict",
    "Decision", "SliceEntry", "SliceRejected", "SliceSaved", "record_slice", "review_slice",
    "add_bukti_file", "add_bukti_tautan", "add_indikator", "add_rhk", "answer_360",
    "approve_skp", "copy_last_year", "create_periode", "create_skp", "delete_indikator",
    "delete_rhk", "ensure_open", "mark_read", "move_stage", "post_message", "rate_perilaku",
    "record_realisasi", "record_system_value", "remove_bukti", "request_360",
    "return_realisasi", "return_skp", "set_parameter", "set_tenggat", "slices_for",
    "start_revision", "submit_realisasi", "submit_skp", "update_indikator", "update_lampiran",
    "update_rhk", "verify_all_submitted", "verify_realisasi",
]  # fmt: skip
