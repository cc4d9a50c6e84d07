"""What every SKP action shares: the error types, the version check, the closed-period guard."""

import logging

from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone

from kinerja.core import extensions
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
    """Write ``changes`` only if the row still has ``version``; raise VersionConflict if not.
    A model with a ``diubah`` change time gets it set too (``.update()`` skips auto_now)."""
    expected = obj.version if version is None else version
    if "diubah" not in changes and any(f.name == "diubah" for f in obj._meta.concrete_fields):
        changes["diubah"] = timezone.now()
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
