"""What every SKP action shares: the closed-period guard and the results follow-up.

The error types and the version check are the whole project's: kinerja.core.errors and
kinerja.core.versioning.
"""

import logging

from django.db import transaction

from kinerja.core import extensions
from kinerja.core.errors import DomainError
from kinerja.skp.models import Periode

logger = logging.getLogger(__name__)


def results_follow(skp_id: int) -> None:
    """Once the current transaction commits, the later apps that keep results of this SKP
    recompute them (``hooks.on_skp_changed``: the scoring app's results, so every team
    page shows the fresh figure); once per SKP and transaction, however many of its rows
    changed. A failure there is logged; the committed change stays."""
    waiting = transaction.get_connection().run_on_commit
    if any(isinstance(entry[1], _SkpChanged) and entry[1].waits_for(skp_id) for entry in waiting):
        return
    transaction.on_commit(_SkpChanged(skp_id))


class _SkpChanged:
    __slots__ = ("done", "skp_id")

    def __init__(self, skp_id: int) -> None:
        self.skp_id = skp_id
        self.done = False

    def waits_for(self, skp_id: int) -> bool:
        return self.skp_id == skp_id and not self.done

    def __call__(self) -> None:
        self.done = True
        try:
            extensions.collect("on_skp_changed", skp_id=self.skp_id)
        except Exception:  # noqa: BLE001 - the change is committed; a follower must not undo it
            logger.exception("Hasil SKP %s gagal dihitung ulang", self.skp_id)


class PeriodClosed(DomainError):
    """The period is closed: its data can only be read."""


def ensure_open(periode: Periode) -> None:
    if periode.status == Periode.Status.DITUTUP:
        raise PeriodClosed(
            f"Periode {periode.tahun} sudah ditutup; datanya hanya dapat dibaca. "
            "Hubungi admin kepegawaian bila ada yang perlu dikoreksi."
        )
