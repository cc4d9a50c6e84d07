"""The organisation's own predikat (spec §2.5) and the unit's own result for its JPT (§2.3)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.errors import DomainError, NotAllowed
from kinerja.core.versioning import bump
from kinerja.scoring.models import PredikatOrganisasi
from kinerja.scoring.permissions import can_set_org_predikat
from kinerja.scoring.rules import kurva
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules.common import RuleInputError
from kinerja.skp.services.common import ensure_open


@transaction.atomic
def set_org_predikat(
    periode,
    *,
    by,
    predikat: str,
    unit=None,
    hasil_kerja_unit: str = "",
    catatan: str = "",
    version: int | None = None,
) -> PredikatOrganisasi:
    """Set (or change) the predikat of the agency (``unit`` None) or a unit for a period."""
    if not can_set_org_predikat(by) or by.instansi_id != periode.instansi_id:
        raise NotAllowed(
            "Hanya pimpinan atau admin kepegawaian yang menetapkan predikat organisasi."
        )
    ensure_open(periode)
    if unit is not None and unit.instansi_id != periode.instansi_id:
        raise NotAllowed("Unit itu bukan bagian instansi ini.")
    try:
        code = kurva.parse_org_predikat(predikat).value
        unit_result = pmp.parse_rating(hasil_kerja_unit).value if hasil_kerja_unit else ""
    except RuleInputError as error:
        raise DomainError(str(error), kolom="predikat") from None
    changes = {"predikat": code, "hasil_kerja_unit": unit_result, "catatan": catatan.strip()}
    row = PredikatOrganisasi.objects.filter(periode=periode, unit=unit).first()
    if row is None:
        row = PredikatOrganisasi.objects.create(
            instansi_id=periode.instansi_id, periode=periode, unit=unit, ditetapkan_oleh=by,
            ditetapkan_pada=timezone.now(), **changes,
        )  # fmt: skip
        before = None
    else:
        before = {k: getattr(row, k) for k in changes}
        if before == changes:
            return row
        bump(row, version=version, what="Predikat organisasi", ditetapkan_oleh=by,
             ditetapkan_pada=timezone.now(), **changes)  # fmt: skip
    audit.record(
        periode.instansi, actor=by, action="penilaian.predikat_organisasi", obj=row,
        before=before, after={"unit": unit.kode if unit else None, **changes},
    )  # fmt: skip
    return row
