"""The canonical ``masukan`` of every SKP of a period for one slice or the year
(:func:`gather`): the inputs :func:`.inputs.read_source` read, as dicts a person's result
stores, the explanation reads and PP 46/2011 is computed from. The close writes the same text
straight from the inputs (:mod:`.bulk`); ``tests/scoring/test_app_bulk.py`` compares them.

How slices combine into the year, and how a slice is scored, is Kinerja policy written in
``docs/penilaian.md`` ([kebijakan]) and held by the period's rule version
(:mod:`kinerja.scoring.rules.registry`): kuantitas and biaya realisations are summed over the
slices and a slice is scored against the pro-rata target (target / number of slices);
kualitas and waktu realisations are averaged and scored against the full target; only
verified (``diverifikasi``) realisations count. Every number in ``masukan`` is written by
:func:`kinerja.scoring.services.canonical.text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from kinerja.org.models import Jabatan
from kinerja.scoring.rules import pp_46_2011 as pp46
from kinerja.scoring.rules import registry
from kinerja.scoring.rules.common import in_rule_context
from kinerja.scoring.services.canonical import Texts, slice_texts, text
from kinerja.scoring.services.engine import PMP, PP46, rule_version, slice_behaviour
from kinerja.scoring.services.inputs import (
    PENDING,
    Ratings,
    periodic,
    read_decided_slices,
    read_source,
    read_unit_results,
    unit_result,
    year_slots,
)
from kinerja.skp.models import NILAI_INTI, Periode

_ZERO = Decimal(0)
_new = tuple.__new__


@dataclass
class Gathered:
    """One SKP's inputs for one slice or the year, and what goes beside them."""

    skp_id: int
    instansi_id: int
    masukan: dict
    tertunda: int = 0


class _Prepared(NamedTuple):
    """One indicator's texts in ``masukan`` (:func:`gather`), made once per close for every
    slice and the year (:attr:`Source.prepared`)."""

    rhk_jenis: str
    rhk_id: int
    indikator_id: int
    aspek: str
    arah: str
    summed: bool
    """A summed aspect (the rule version's ``summed_aspects``)."""
    target: str
    target_atas: str | None
    target_slice: str | None
    """A summed aspect's slice target (:func:`slice_texts`), else None."""
    target_atas_slice: str | None
    bobot: str


@in_rule_context
def gather(periode: Periode, *, bagian=None, skp_ids=None, source=None) -> list[Gathered]:
    """The canonical inputs of every SKP of ``periode`` whose plan was approved at least once,
    for ``bagian`` (a slice) or the whole year (``bagian`` None); ``skp_ids`` narrows it.

    ``source`` is the period's inputs as :func:`read_source` read them (a close reads them
    once for all slices and the year); without it they are read here. The year adds two
    queries: the raters' decided slice behaviour and the units' own results. Verified
    realisations are combined per indicator here, as exact integers of 1/10,000.
    """
    version = rule_version(periode)  # before any streamed read (a query of its own)
    if source is None:
        source = read_source(periode, skp_ids=skp_ids)
    skps = source.skps
    if skp_ids is not None and not source.narrowed:
        wanted = set(skp_ids)
        skps = [row for row in skps if row[0] in wanted]
    if not skps:
        return []
    jumlah = len(source.slices)
    annual = bagian is None
    if source.annual_only and not annual:
        raise ValueError("read_source(annual_only=True) holds no slice's realisations")
    at = None if annual else [b for b, _n in source.slices].index(bagian.pk)
    narrowed = skp_ids is not None
    ids = [row[0] for row in skps]
    decided = read_decided_slices(periode, ids if narrowed else None) if annual else {}
    unit_results = read_unit_results(periode) if annual else {}
    scheme = periode.skema
    rules = registry.scheme(scheme, version)
    params = rules.parameters(periode.parameter) if scheme == PMP and annual else None

    def proposal(rated: Ratings) -> str:
        return slice_behaviour(rated.nilai, rated.catatan, params).value

    summed_aspects, prorated = rules.summed_aspects, rules.prorated_slice_target
    base = {
        "skema": scheme,
        "versi": version,
        "parameter": {k: str(v) for k, v in sorted((periode.parameter or {}).items())},
        "bagian": None if annual else bagian.nomor,
        "jumlah_bagian": jumlah,
    }
    texts = Texts(Decimal(jumlah))
    prepared = source.prepared
    if prepared is None:  # the indicators' texts, the same for every slice and the year
        prepared = source.prepared = {
            skp_id: [
                _new(_Prepared, (
                    rjenis, rhk_id, ind_id, aspek, arah, aspek in summed_aspects,
                    texts.target(t, False), None if ta is None else texts.target(ta, False),
                    *(slice_texts(texts, t, ta, prorated) if jumlah and aspek in summed_aspects
                      else (None, None)),
                    texts.target(w, False),
                ))
                for rjenis, rhk_id, ind_id, aspek, arah, t, ta, w in rows
            ]
            for skp_id, rows in source.indicators.items()
        }  # fmt: skip
    realisations, behaviour = source.realisations, source.behaviour
    realisation_text = texts.realisation
    empty: list = [None] * jumlah
    result = []
    for skp_id, instansi_id, jenis, unit_id, jabatan_jenis in skps:
        rhk_list: list[dict] = []
        current_id = None
        lines: list = []
        tertunda = 0
        for (rjenis, rhk_id, ind_id, aspek, arah, summed, target, atas, target_slice, atas_slice,
             bobot) in prepared.get(skp_id, ()):  # fmt: skip
            if rhk_id != current_id:
                current_id, lines = rhk_id, []
                rhk_list.append({"id": rhk_id, "jenis": rjenis, "indikator": lines})
            slots = realisations.get(ind_id, empty)
            if annual:
                total, n, pending = year_slots(slots)
                tertunda += pending
            else:
                value = slots[at]
                if value is None:
                    n = 0
                elif value is PENDING:
                    n = 0
                    tertunda += 1
                else:
                    total, n = value, 1
                if summed:
                    target, atas = target_slice, atas_slice
            lines.append({
                "id": ind_id, "aspek": aspek, "arah": arah, "target": target,
                "target_atas": atas, "bobot": bobot,
                "realisasi": realisation_text(total, 1 if summed else n) if n else None,
                "jumlah_realisasi": n,
            })  # fmt: skip
        masukan = dict(base)
        masukan["jenis_skp"] = jenis
        masukan["rhk"] = rhk_list
        ratings = behaviour.get(skp_id, {})
        if not annual:
            ratings = {bagian.nomor: ratings[bagian.nomor]} if bagian.nomor in ratings else {}
        if scheme == PP46:
            masukan["struktural"] = jabatan_jenis in Jabatan.STRUKTURAL
            masukan["perilaku_pp46"] = _pp46_scores(ratings, masukan["struktural"], rules)
        elif annual:
            masukan["hasil_unit"] = unit_result(jenis, unit_id, unit_results)
            masukan["perilaku_periodik"] = [
                item._asdict() for item in periodic(ratings, decided.get(skp_id, {}), proposal)
            ]
        else:
            only = ratings.get(bagian.nomor)
            masukan["perilaku"] = (
                {"nilai": list(only[0]), "catatan": list(only[1])} if only else None
            )
        result.append(Gathered(skp_id, instansi_id, masukan, tertunda))
    return result


def _pp46_scores(
    ratings: dict[int, Ratings], structural: bool, rules: pp46.Version
) -> dict[str, str] | None:
    """The PP 46/2011 behaviour aspects' scores from the BerAKHLAK ratings, as the rule
    version reads them (``behaviour_values``, ``behaviour_scores``)."""
    if not ratings:
        return None
    scores = {}
    score_of = rules.behaviour_scores
    for aspect, values in rules.behaviour_values.items():
        if aspect == "kepemimpinan" and not structural:
            continue
        picked = [
            score_of[slice_values[NILAI_INTI.index(v)]]
            for _nomor, (slice_values, _notes) in sorted(ratings.items())
            for v in values
        ]
        scores[aspect] = text(sum(picked, _ZERO) / len(picked))
    return scores
