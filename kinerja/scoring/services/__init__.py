"""Actions of the scoring app. Each is atomic, checks permission and writes the audit.

Split by subject; import the verbs from here.
"""

from kinerja.scoring.services.canonical import input_hash
from kinerja.scoring.services.close import (
    close_period,
    close_preview,
    combined_hash,
    preview_close,
    verify_period,
)
from kinerja.scoring.services.decisions import MIN_ALASAN, confirm_result, override_result
from kinerja.scoring.services.engine import evaluate
from kinerja.scoring.services.explanation import explain
from kinerja.scoring.services.masukan import gather
from kinerja.scoring.services.organisasi import set_org_predikat
from kinerja.scoring.services.results import Stored, compute_results, recompute_skp, store

__all__ = [
    "MIN_ALASAN", "Stored", "close_period", "combined_hash", "compute_results",
    "confirm_result", "evaluate", "explain", "gather", "input_hash", "override_result",
    "preview_close", "close_preview", "recompute_skp",
    "set_org_predikat", "store", "verify_period",
]  # fmt: skip
