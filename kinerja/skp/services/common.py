"""What every SKP action shares: the error types, the version check, the closed-period guard."""

from django.db.models import F, Model

from kinerja.skp.models import Periode


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
