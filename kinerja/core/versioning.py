"""The optimistic version check every versioned row goes through."""

from django.db.models import F, Model
from django.utils import timezone

from kinerja.core.errors import VersionConflict


def bump(obj: Model, *, version: int | None, what: str, **changes) -> None:
    """Write ``changes`` only if the row still has ``version``; raise VersionConflict if not.
    A model with a ``diubah`` change time gets it set too (``.update()`` skips auto_now).
    ``what`` names the row in the message ("Data pegawai", "Periode")."""
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
