"""Actions after the close. Each is atomic, checks permission and writes its audit entry.

Split by subject; import the verbs from here. Errors are the SKP app's (``DomainError``,
``NotAllowed``): their message says, in Indonesian, what to do next.
"""

from kinerja.followup.services.keberatan import (
    decide_objection,
    explain_objection,
    file_objection,
    mark_read,
    request_explanation,
)
from kinerja.followup.services.pengembangan import (
    agree_plan,
    propose_plans,
    record_progress,
    request_plan,
    submit_plan,
    update_plan,
)
from kinerja.followup.services.penghargaan import record_award, set_period_settings
from kinerja.followup.services.talenta import (
    check_potential_upload,
    import_potential,
    record_potential,
)

__all__ = [
    "agree_plan", "check_potential_upload", "decide_objection", "explain_objection",
    "file_objection", "import_potential",
    "mark_read", "propose_plans", "record_award", "record_potential", "record_progress",
    "request_explanation", "request_plan", "set_period_settings", "submit_plan", "update_plan",
]  # fmt: skip
