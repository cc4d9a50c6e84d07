"""Finding a period's warnings (all rules, or those of one SKP for its rater), naming their
subjects, and counting them per rule."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.urls import reverse

from kinerja.insight.models import PeringatanDitutup
from kinerja.insight.warnings.common import (
    TITLES,
    Peringatan,
    Subjek,
)
from kinerja.insight.warnings.rules import RULES
from kinerja.skp.models import Indikator, Periode, Skp


def find_warnings(
    periode: Periode,
    *,
    skp_ids: Iterable[int] | None = None,
    realisasi_ids: Iterable[int] | None = None,
    include_dismissed: bool = False,
) -> list[Peringatan]:
    """Every warning of ``periode`` (HR before closing), or only those about some SKPs or
    realisations (the rater before verifying). Dismissed ones are left out unless asked.
    Each names its people (with unit and the page to fix their data) and its indicator."""
    skp_ids = set(skp_ids) if skp_ids is not None else None
    realisasi_ids = set(realisasi_ids) if realisasi_ids is not None else None
    found = [w for rule in RULES for w in rule(periode, skp_ids=skp_ids,
                                               realisasi_ids=realisasi_ids)]  # fmt: skip
    dismissed = {
        (d.kode, d.kunci): d
        for d in PeringatanDitutup.objects.filter(periode=periode).select_related("oleh")
    }
    for warning in found:
        warning.ditutup = dismissed.get((warning.kode, warning.kunci))
    name_subjects(found)
    return found if include_dismissed else [w for w in found if w.ditutup is None]


def name_subjects(found: list[Peringatan]) -> None:
    """Fill each warning's people and indicator text: two queries for the whole list."""
    skp_ids = {s for w in found for s in w.skp_ids}
    people = {
        pk: (nama, nip, unit_id, unit)
        for pk, nama, nip, unit_id, unit in Skp.objects.filter(pk__in=skp_ids).values_list(
            "pk", "pegawai__nama", "pegawai__nip", "unit_id", "unit__nama"
        )
    } if skp_ids else {}  # fmt: skip
    indicator_ids = {w.indikator_id for w in found if w.indikator_id}
    texts = dict(
        Indikator.objects.filter(pk__in=indicator_ids).values_list("pk", "uraian")
    ) if indicator_ids else {}  # fmt: skip
    for warning in found:
        warning.indikator = texts.get(warning.indikator_id, "")
        warning.subjek = []
        for skp_id in warning.skp_ids:
            if skp_id not in people:
                continue
            nama, nip, unit_id, unit = people[skp_id]
            warning.subjek.append(Subjek(skp_id, nama, nip, unit_id, unit,
                                         _fix_url(warning, skp_id)))  # fmt: skip
        warning.subjek.sort(key=lambda s: (s.unit, s.nama))


def _fix_url(warning: Peringatan, skp_id: int) -> str:
    """The realisation's slice page (at its indicator) or the SKP plan (at its RHK)."""
    nomor = warning.bagian.get(skp_id)
    if nomor is not None:
        url = reverse("skp_bagian", args=[skp_id, nomor])
        return f"{url}#ind-{warning.indikator_id}" if warning.indikator_id else url
    url = reverse("skp_detail", args=[skp_id])
    return f"{url}#rhk-{warning.rhk_id}" if warning.rhk_id else url


def warnings_for_verification(skp: Skp, realisasi_ids: Iterable[int] | None = None):
    """For the skp verification page: the open warnings about this SKP's realisations
    (optionally only those about to be verified), grouped by realisation id (None for
    warnings about the SKP as a whole)."""
    found = find_warnings(skp.periode, skp_ids={skp.pk}, realisasi_ids=realisasi_ids)
    grouped: dict[int | None, list[Peringatan]] = defaultdict(list)
    for warning in found:
        grouped[warning.realisasi_id].append(warning)
    return dict(grouped)


def counts(found: list[Peringatan]) -> list[tuple[str, str, int]]:
    tally: dict[str, int] = defaultdict(int)
    for warning in found:
        tally[warning.kode] += 1
    return [(kode, TITLES[kode], tally[kode]) for kode in TITLES]
