"""Data-error warnings (spec §8 [policy]): shown to the rater before verifying and to HR before
closing. Each rule is a function returning :class:`Peringatan` rows that say why they fired,
with the numbers; each can be dismissed with a reason (:func:`dismiss_warning`, audited).

Rules and their parameters (a period may override any of them in ``periode.parameter``
under the key in brackets):

- ``realisasi_melampaui_target``: a realisation above ``faktor`` (``faktor_realisasi``,
  default 3) times its slice target (the year's target divided by the number of slices for
  quantity and cost, the target itself otherwise); indicators "higher is better" or "exact";
- ``realisasi_tidak_wajar``: a negative value, or above 100 where the unit is a percentage;
- ``nilai_kembar_pegawai``: the same non-whole value in one slice, same unit, from at least
  ``min_pegawai_kembar`` (default 5) employees of one rater (whole numbers coincide
  honestly, and so do percentages across a large agency; a report copied within a team
  does not);
- ``nilai_kembar_periode``: one indicator with the same non-whole value in at least
  ``min_bagian_kembar`` (default 3) slices;
- ``bukti_kosong``: a submitted or verified realisation entered by hand without evidence;
- ``bukti_duplikat``: one file (same SHA-256) attached by two or more employees;
- ``target_berubah``: an indicator whose target differs from the first approved revision;
- ``lonjakan_survei``: survey answers flagged as a burst by the citizen app and not reviewed;
- ``sampel_kurang``: a value fed from the IKM of a service with fewer respondents than the
  minimum sample (Krejcie–Morgan, §4), or than ``min_responden`` (default 30) when the
  population served is not recorded.

Each rule runs a fixed number of queries; lists are capped at :data:`LIMIT` per rule.
"""

from kinerja.insight.warnings.common import (
    DEFAULTS,
    LIMIT,
    MIN_ALASAN,
    PERCENT_UNITS,
    SUMMED,
    TITLES,
    Peringatan,
    Subjek,
    parameter,
)
from kinerja.insight.warnings.dismissal import (
    can_dismiss,
    dismiss_warning,
    dismiss_warnings,
    dismisser,
)
from kinerja.insight.warnings.finding import (
    counts,
    find_warnings,
    name_subjects,
    warnings_for_verification,
)
from kinerja.insight.warnings.rules import (
    RULES,
    beyond_target,
    duplicated_evidence,
    implausible,
    missing_evidence,
    same_across_people,
    same_across_slices,
    small_sample,
    survey_bursts,
    target_changed,
)

__all__ = [
    "DEFAULTS",
    "LIMIT",
    "MIN_ALASAN",
    "PERCENT_UNITS",
    "Peringatan",
    "RULES",
    "SUMMED",
    "Subjek",
    "TITLES",
    "beyond_target",
    "can_dismiss",
    "counts",
    "dismiss_warning",
    "dismiss_warnings",
    "dismisser",
    "duplicated_evidence",
    "find_warnings",
    "implausible",
    "missing_evidence",
    "name_subjects",
    "parameter",
    "same_across_people",
    "same_across_slices",
    "small_sample",
    "survey_bursts",
    "target_changed",
    "warnings_for_verification",
]
