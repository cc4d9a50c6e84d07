"""Reads shared by the pages, the API, the exports and rating feeding.

The index is aggregated in the database: one GROUP BY query returns, per group, the
number of respondents and the sum of each element; :mod:`kinerja.scoring.rules.ikm` turns those
totals into NRR, IKM, nilai and mutu. Nothing here loops over answers in Python.

One module per subject (ikm, survei, aduan); every read is importable from
``kinerja.citizen.queries`` as before.
"""

from kinerja.citizen.queries.aduan import (
    COMPLAINT_GROUPS,
    ComplaintStats,
    assigned_count,
    assigned_to,
    complaint_queue,
    complaint_stats,
    overdue_count,
    overdue_q,
)
from kinerja.citizen.queries.ikm import (
    GROUPS,
    PERIODS,
    IkmRow,
    answers_between,
    day_start,
    ikm_rows,
    ikm_totals,
    ikm_trend,
    result_from_totals,
)
from kinerja.citizen.queries.survei import (
    flagged_queue,
    held_batches,
    survey_target,
)

__all__ = [
    "COMPLAINT_GROUPS",
    "ComplaintStats",
    "GROUPS",
    "IkmRow",
    "PERIODS",
    "answers_between",
    "assigned_count",
    "assigned_to",
    "complaint_queue",
    "complaint_stats",
    "day_start",
    "flagged_queue",
    "held_batches",
    "ikm_rows",
    "ikm_totals",
    "ikm_trend",
    "overdue_count",
    "overdue_q",
    "result_from_totals",
    "survey_target",
]
