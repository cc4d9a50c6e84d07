"""Dismissing a warning with a reason: who may, and the audited dismissal of one or many."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.errors import DomainError, NotAllowed
from kinerja.insight.models import PeringatanDitutup
from kinerja.insight.warnings.common import (
    MIN_ALASAN,
)
from kinerja.insight.warnings.finding import find_warnings
from kinerja.skp.models import Periode, Skp


def can_dismiss(user, periode: Periode, warning_skp_ids) -> bool:
    return dismisser(user, periode)(warning_skp_ids)


def dismisser(user, periode: Periode):
    """Who may dismiss what: HR any warning of the agency; a rater those whose SKPs are all
    theirs to rate. Returns a test on a warning's SKP ids (one query for a rater)."""
    from kinerja.core.permissions import Peran, has_role

    if user.instansi_id != periode.instansi_id:
        return lambda skp_ids: False
    if has_role(user, Peran.ADMIN):
        return lambda skp_ids: True
    if not user.pegawai_id:
        return lambda skp_ids: False
    own = set(
        Skp.objects.filter(periode=periode, penilai_id=user.pegawai_id).values_list("pk", flat=True)
    )
    return lambda skp_ids: bool(skp_ids) and set(skp_ids) <= own


def dismiss_warning(
    periode: Periode, *, kode: str, kunci: str, by, alasan: str
) -> PeringatanDitutup:
    """Dismiss one warning with a written reason (see :func:`dismiss_warnings`)."""
    return dismiss_warnings(periode, keys=[(kode, kunci)], by=by, alasan=alasan)[0]


@transaction.atomic
def dismiss_warnings(
    periode: Periode, *, keys: Iterable[tuple[str, str]], by, alasan: str
) -> list[PeringatanDitutup]:
    """Dismiss several warnings with one written reason, all or none; one audit entry per
    warning. HR may dismiss any; a rater only those about the people they rate. Refused
    when a warning is not (or no longer) found."""
    reason = " ".join((alasan or "").split())
    keys = list(dict.fromkeys(keys))
    if not keys:
        raise DomainError("Pilih minimal satu peringatan yang akan ditutup.", kolom="pilih")
    if len(reason) < MIN_ALASAN:
        raise DomainError(
            f"Tuliskan alasan menutup, minimal {MIN_ALASAN} karakter (tertulis {len(reason)}).",
            kolom="alasan",
        )
    current = {(w.kode, w.kunci): w for w in find_warnings(periode, include_dismissed=True)}
    missing = [key for key in keys if key not in current]
    if missing:
        raise DomainError(
            f"{len(missing)} peringatan yang dipilih tidak ditemukan lagi (datanya sudah "
            "berubah); muat ulang halaman lalu pilih lagi."
        )
    allowed = dismisser(by, periode)
    if not all(allowed(current[key].skp_ids) for key in keys):
        raise NotAllowed("Hanya admin kepegawaian atau pejabat penilai yang dapat menutupnya.")
    rows = []
    now = timezone.now()
    for kode, kunci in keys:
        warning = current[(kode, kunci)]
        row, created = PeringatanDitutup.objects.get_or_create(
            periode=periode, kode=kode, kunci=kunci,
            defaults={"instansi_id": periode.instansi_id, "alasan": reason, "oleh": by,
                      "pada": now},
        )  # fmt: skip
        if created:
            audit.record(
                periode.instansi, actor=by, action="peringatan.tutup", obj=row,
                after={"kode": kode, "kunci": kunci, "alasan": reason, "isi": warning.alasan,
                       "pegawai": [f"{s.nama} ({s.nip})" for s in warning.subjek][:10]},
                object_repr=f"Peringatan “{warning.judul}” {periode.tahun}",
            )  # fmt: skip
        rows.append(row)
    return rows
