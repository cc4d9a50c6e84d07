"""Reads shared by the pages, the API, the exports and the demo. Each runs a fixed number of
queries, whatever the number of rows.

The final rating of an annual result is the objection's outcome when an objection changed it,
else the rater's decision, else the proposal (``with_final``); the scoring app's ``Hasil`` row
keeps the original, untouched.

One module per page family (common.py holds what they share); every read is importable from
``kinerja.followup.queries`` as before.
"""

from kinerja.followup.queries.common import (
    CONDUCT_NOTE,
    CONDUCT_PREDIKAT,
    LABELS,
    LOW_PREDIKAT,
    LOW_PREDIKAT_PP46,
    MAX_AREAS,
    MIN_UNIT_POSITION,
    NILAI_LABEL,
    TOP_PREDIKAT,
    annual_results,
    closed_periods,
    settings_for,
    with_final,
)
from kinerja.followup.queries.keberatan import (
    objection_list,
    objections_for,
    overdue,
    waiting_decisions,
)
from kinerja.followup.queries.pengembangan import (
    active_plan,
    plan_list,
    plans_for,
    training_needs,
)
from kinerja.followup.queries.penghargaan import (
    TppRow,
    awards,
    candidates,
    label_of,
    tpp_rows,
)
from kinerja.followup.queries.talenta import (
    BOX,
    BOX_AXES,
    KINERJA_LABEL,
    KINERJA_ROWS,
    POTENSI_COLS,
    POTENSI_LABEL,
    Grid,
    box_label,
    box_people,
    last_final_result,
    potential_of,
    talent_grid,
    talent_results,
)
from kinerja.followup.queries.transparansi import (
    Position,
    behaviour_of,
    improvement_areas,
    my_results,
    objection_window,
    shown_on,
    unit_position,
)

__all__ = [
    "BOX",
    "BOX_AXES",
    "CONDUCT_NOTE",
    "CONDUCT_PREDIKAT",
    "Grid",
    "KINERJA_LABEL",
    "KINERJA_ROWS",
    "LABELS",
    "LOW_PREDIKAT",
    "LOW_PREDIKAT_PP46",
    "MAX_AREAS",
    "MIN_UNIT_POSITION",
    "NILAI_LABEL",
    "POTENSI_COLS",
    "POTENSI_LABEL",
    "Position",
    "TOP_PREDIKAT",
    "TppRow",
    "active_plan",
    "annual_results",
    "awards",
    "behaviour_of",
    "box_label",
    "box_people",
    "candidates",
    "closed_periods",
    "improvement_areas",
    "label_of",
    "last_final_result",
    "my_results",
    "objection_list",
    "objection_window",
    "objections_for",
    "overdue",
    "plan_list",
    "plans_for",
    "potential_of",
    "settings_for",
    "shown_on",
    "talent_grid",
    "talent_results",
    "tpp_rows",
    "training_needs",
    "unit_position",
    "waiting_decisions",
    "with_final",
]
