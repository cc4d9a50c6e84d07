"""What every SKP action shares: the error types, the version check, the closed-period guard."""

import logging
from functools import partial

from django.db import transaction
from django.db.models import F, Model

from kinerja.core import extensions
from kinerja.skp.models import Periode

logger = logging.getLogger(__name__)


def results_follow(skp_id: int) -> None:
    """Once the current transaction commits, the later apps that keep results of this SKP
    recompute them (``hooks.on_skp_changed``: the scoring app's results, so every team
    page shows the fresh figure). A failure there is logged; the committed change stays."""
    transaction.on_commit(partial(_skp_changed, skp_id))


def _skp_changed(skp_id: int) -> None:
    try:
        extensions.collect("on_skp_changed", skp_id=skp_id)
    except Exception:  # noqa: BLE001 - the change is committed; a follower must not undo it
        logger.exception("Hasil SKP %s gagal dihitung ulang", skp_id)


class SkpError(ValueError):
    """A change that cannot be made; the message says why and what to do, in Indonesian."""

    def __init__(self, message: str, *, kolom: str | None = None):
        super().__init__(message)
        self.kolom = kolom


class NotAllowed(SkpError):
    """The acting user may not do this."""


class VersionConflict(SkpError):
    """Someone else saved the same row since it was opened: nothing was overwritten."""


class PeriodClosed(SkpError):
    pass


def ensure_open(periode: Periode) -> None:
    if periode.status == Periode.Status.DITUTUP:
        raise PeriodClosed(
            f"Periode {periode.tahun} sudah ditutup; datanya hanya dapat dibaca. "
            "Hubungi admin kepegawaian bila ada yang perlu dikoreksi."
        )


def bump(obj: Model, *, version: int | None, what: str, **changes) -> None:
    """Write ``changes`` only if the row still has ``version``; raise VersionConflict if not."""
    expected = obj.version if version is None else version
    updated = (
        type(obj)
        .objects.filter(pk=obj.pk, version=expected)
        .update(version=F("version") + 1, **changes)
    )
    if not updated:
        raise VersionConflict(
            f"{what} ini sudah diubah orang lain sejak Anda membukanya; perubahan Anda belum "
            "disimpan. Muat ulang halaman, periksa isinya, lalu ulangi."
        )
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.version = expected + 1
