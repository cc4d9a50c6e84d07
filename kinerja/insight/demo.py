"""Anomalies for the demo that the skp and scoring demos do not already plant.

Already planted elsewhere (and found by :mod:`kinerja.insight.warnings` /
:mod:`kinerja.insight.calibration`): a realisation at 50× its target and one evidence file
uploaded by two employees (``kinerja.skp.demo``); a lenient and a severe rater
(``kinerja.scoring.demo``). :func:`plant_anomalies` adds, on the agency's latest period:

- a percentage realisation above 100% (``realisasi_tidak_wajar``);
- an approved target changed afterwards (``target_berubah``, via the revision history);
- the same non-whole value reported by five employees of one rater in one slice
  (``nilai_kembar_pegawai``);
- an IKM-fed value computed from too few respondents (``sampel_kurang``).

Call it after ``build_skp_year`` (and ``build_results``), e.g. in the demo command:
``plant_anomalies(instansi, seed=seed)``. It writes a handful of rows, audited.
"""

from __future__ import annotations

import json
import random
from decimal import Decimal

from django.db import transaction

from kinerja.core import audit
from kinerja.skp.models import Indikator, Periode, Realisasi, SkpRevisi
from kinerja.skp.services.rencana import snapshot

SAME_VALUE = Decimal("87.35")
COPIES = 5


@transaction.atomic
def plant_anomalies(instansi, *, seed: int) -> dict[str, list[int]]:
    """Plant the anomalies above; returns rule code → ids of the rows planted."""
    rng = random.Random(seed)
    periode = Periode.objects.filter(instansi=instansi).order_by("-tahun").first()
    if periode is None:
        return {}
    verified = list(
        Realisasi.objects.filter(skp__periode=periode, status=Realisasi.Status.DIVERIFIKASI,
                                 dihitung_sistem=False)
        .order_by("pk")
        .values_list("pk", "skp_id", "indikator_id", "bagian_id", "skp__penilai_id")[:400]
    )  # fmt: skip
    if len(verified) < COPIES + 2:
        return {}
    rng.shuffle(verified)
    planted: dict[str, list[int]] = {}
    pk, _skp, indikator_id, _b, _p = verified[0]
    Indikator.objects.filter(pk=indikator_id).update(
        satuan="%", target=Decimal(90), aspek="kualitas"
    )
    Realisasi.objects.filter(pk=pk).update(nilai=Decimal("135"))
    planted["realisasi_tidak_wajar"] = [pk]

    revised = SkpRevisi.objects.filter(skp__periode=periode).order_by("pk").first()
    if revised is not None and not revised.isi.get("rhk"):
        # The SKP demo writes its first revisions without content (speed); give this one
        # the SKP as approved, so the change below is a change against something.
        revised.isi = {**json.loads(json.dumps(snapshot(revised.skp), default=str)),
                       "catatan": revised.isi.get("catatan", "")}  # fmt: skip
        revised.save(update_fields=["isi"])
    if revised is not None:
        ids = [i["id"] for r in revised.isi.get("rhk", []) for i in r.get("indikator", [])]
        changed = Indikator.objects.filter(pk__in=ids).order_by("pk").first()
        if changed is not None:
            Indikator.objects.filter(pk=changed.pk).update(target=changed.target * 2)
            planted["target_berubah"] = [changed.pk]

    # Five employees of one rater, one realisation each in the same slice.
    per_team: dict[tuple, dict[int, int]] = {}
    for pk, skp_id, _i, b, penilai in verified[1:]:
        per_team.setdefault((b, penilai), {}).setdefault(skp_id, pk)
    copies = next((list(t.values())[:COPIES] for t in per_team.values() if len(t) >= COPIES), [])
    if len(copies) == COPIES:
        Realisasi.objects.filter(pk__in=copies).update(nilai=SAME_VALUE)
        Indikator.objects.filter(realisasi__pk__in=copies).update(satuan="%")
        planted["nilai_kembar_pegawai"] = copies

    fed = (
        Realisasi.objects.filter(skp__periode=periode, dihitung_sistem=True,
                                 indikator__sumber=Indikator.Sumber.IKM_LAYANAN)
        .order_by("pk").first()
    )  # fmt: skip
    if fed is not None:
        why = dict(fed.penjelasan_sistem or {})
        why["responden"], why["sampel_minimal"] = 12, why.get("sampel_minimal") or 80
        Realisasi.objects.filter(pk=fed.pk).update(penjelasan_sistem=why)
        planted["sampel_kurang"] = [fed.pk]
    audit.record(instansi, actor="generator data demo", action="insight.demo", obj=periode,
                 after={"seed": seed, "ditanam": planted})  # fmt: skip
    return planted
