"""The bulk path of one slice or the year (permenpanrb-6-2022): each SKP's canonical text,
hash and outcome straight from the inputs :func:`inputs.read_source` read, without building
the ``masukan`` dicts that :func:`masukan.gather` makes for a person (or for PP 46/2011).

What it writes is what ``gather`` → ``canonical_json`` → ``evaluate`` give, character for
character and digit for digit: the text is put together from pieces made once by the same
encoder (:func:`canonical.str_json` / :func:`canonical.json_text`), keys in the same sorted
order, numbers by the same :class:`canonical.Texts`; the outcome by the same rule value
functions (:mod:`kinerja.scoring.rules.pmp_values`, each indicator's capaian computed once per
distinct measure and realisation) and the same decision (:func:`engine.decide`) on
``Decimal`` values made from the same texts. ``tests/scoring/test_app_bulk.py`` compares the
two paths on random SKPs, result by result. The close, the single-SKP recompute and
``verify_period`` all compute through here, on the layout :func:`prepare` makes once per
close (:mod:`.layout`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from kinerja.scoring.rules import pmp_values
from kinerja.scoring.rules.common import (
    RuleInputError,
    in_rule_context,
    weighted_mean,
)
from kinerja.scoring.services import canonical, engine, inputs, masukan
from kinerja.scoring.services.canonical import json_text, str_json
from kinerja.scoring.services.engine import Outcome
from kinerja.scoring.services.inputs import (
    PENDING,
    periodic,
    read_decided_slices,
    read_unit_results,
    unit_result,
    year_slots,
)
from kinerja.scoring.services.layout import Measure, prepare


class Computed(NamedTuple):
    """One result as :func:`kinerja.scoring.services.results.store` writes it (made by
    ``_new(Computed, values)``: the tuple's own constructor)."""

    skp_id: int
    instansi_id: int
    tertunda: int
    """Realisations not (yet) verified that the result counts but does not sum."""
    masukan: str
    """The canonical text of the inputs (:func:`canonical.canonical_json`)."""
    hash_masukan: str
    """Its SHA-256 (:func:`canonical.hash_of`)."""
    outcome: Outcome


_new = tuple.__new__


@in_rule_context
def compute(
    periode, *, bagian=None, skp_ids=None, source: inputs.Source | None = None
) -> list[Computed]:
    """Every result of ``periode`` for ``bagian`` (a slice; None: the year), as ``gather`` →
    ``canonical_json`` → ``evaluate`` would give it; PP 46/2011 goes through them. (A list,
    made whole under the rules' decimal context.)"""
    return list(_compute(periode, bagian, skp_ids, source))


def stream(periode, bagian, skp_ids, source) -> Iterator[Computed]:
    """:func:`compute` one result at a time; consume it under the rules' decimal context
    (``pmp_values.rule_context``). Every query it needs runs before the first result."""
    return _compute(periode, bagian, skp_ids, source)


def _compute(periode, bagian, skp_ids, source) -> Iterator[Computed]:
    version = engine.rule_version(periode)
    rules = engine.rules_for(periode, version)  # once per slice or year: never per result
    params = rules.parameters(periode.parameter)
    if source is None:
        source = inputs.read_source(periode, skp_ids=skp_ids)
    if periode.skema != engine.PMP:
        cache: dict = {}
        for item in masukan.gather(periode, bagian=bagian, skp_ids=skp_ids, source=source):
            payload = canonical.canonical_json(item.masukan)
            outcome = engine.evaluate(item.masukan, params, cache)
            yield Computed(item.skp_id, item.instansi_id, item.tertunda, payload,
                           canonical.hash_of(payload), outcome)  # fmt: skip
        return
    skps = source.skps
    if skp_ids is not None and not source.narrowed:
        wanted = set(skp_ids)
        skps = [row for row in skps if row[0] in wanted]
    if not skps:
        return
    jumlah = len(source.slices)
    bulk = prepare(source, every=False, rules=rules)
    layout = bulk.layout
    realisation = bulk.realisations.get
    annual = bagian is None
    if source.annual_only and not annual:
        raise ValueError("read_source(annual_only=True) holds no slice's realisations")
    at = None if annual else [b for b, _n in source.slices].index(bagian.pk)
    nomor = None if annual else bagian.nomor
    narrowed = skp_ids is not None
    decided = (
        read_decided_slices(periode, [r[0] for r in skps] if narrowed else None, source)
        if annual
        else {}
    )
    unit_results = read_unit_results(periode) if annual else {}
    unverified = params.unverified_capaian
    parameter = json_text({k: str(v) for k, v in sorted((periode.parameter or {}).items())})
    head = f'{{"bagian":{"null" if annual else nomor},'
    middle = f',"jumlah_bagian":{jumlah},"parameter":{parameter},'
    middle += '"perilaku_periodik":' if annual else '"perilaku":'
    scheme = periode.skema
    tail = f'],"skema":{json_text(scheme)},"versi":{json_text(version)}}}'
    ratings_of = source.behaviour
    hash_of = canonical.hash_of
    # An RHK's capaian (pmp_values.rhk_capaian) straight from its weights checked once: the
    # layout holds no RHK without indicators.
    decide, unit_rating = engine.decide, engine.unit_rating
    rated = bulk.behaviour.get(params)
    if rated is None:
        rated = bulk.behaviour[params] = _Rated(params)
    made_periodic = bulk.periodic
    proposal = rated.codes.__getitem__
    for skp_id, instansi_id, jenis, unit_id, _jabatan in skps:
        tertunda = 0
        rhk_texts = []
        mains: list = []
        extras: list = []
        galat = None
        for is_main, rhk_head, rhk_tail, inds, weights in layout[skp_id]:
            lines = []
            values = []
            for slots, summed, ihead, itail, itail_s, none, one, measure, measure_s in inds:
                if annual:
                    total, n, pending = year_slots(slots)
                    tertunda += pending
                    if not n:
                        lines.append(none + itail)
                        values.append(unverified)
                        continue
                    key = total if summed or n == 1 else (total, n)
                    hit = measure.found.get(key)
                    if hit is None:
                        hit, galat = _entry(measure, key, realisation, params, galat)
                    lines.append(f'{ihead}{n},"realisasi":{hit[0]}{itail}')
                else:
                    value = slots[at]
                    if value is None or value is PENDING:
                        if value is PENDING:
                            tertunda += 1
                        lines.append(none + itail_s)
                        values.append(unverified)
                        continue
                    hit = measure_s.found.get(value)
                    if hit is None:
                        hit, galat = _entry(measure_s, value, realisation, params, galat)
                    lines.append(f"{one}{hit[0]}{itail_s}")
                values.append(hit[1])
            rhk_texts.append(rhk_head + ",".join(lines) + rhk_tail)
            if galat is None:
                try:
                    (mains if is_main else extras).append(weighted_mean(values, weights))
                except RuleInputError as error:
                    galat = str(error)
        ratings = ratings_of.get(skp_id, {})
        if annual:
            unit = unit_result(jenis, unit_id, unit_results)
            behaviour_text, behaviour = _year_behaviour(
                made_periodic, ratings, decided.get(skp_id), proposal
            )
            payload = (f'{head}"hasil_unit":{str_json(unit)},"jenis_skp":{str_json(jenis)}'
                       f'{middle}{behaviour_text},"rhk":[{",".join(rhk_texts)}{tail}')  # fmt: skip
        else:
            only = ratings.get(nomor)
            if only is not None:
                behaviour, behaviour_text, _code = rated[only]
            else:
                behaviour, behaviour_text = None, "null"
            payload = (f'{head}"jenis_skp":{str_json(jenis)}{middle}{behaviour_text},'
                       f'"rhk":[{",".join(rhk_texts)}{tail}')  # fmt: skip
        if galat is not None:
            outcome = Outcome(galat=galat)
        else:
            try:
                outcome = decide(mains, extras, params, unit_rating(unit) if annual else None,
                                 behaviour)  # fmt: skip
            except RuleInputError as error:
                outcome = Outcome(galat=str(error))
        yield _new(Computed, (skp_id, instansi_id, tertunda, payload, hash_of(payload), outcome))


def _entry(measure: Measure, key, realisation, params, galat):
    """(JSON text, capaian) of a realisation on ``measure``, remembered; when the rules refuse
    it, (text, None) and the rules' message as the result's first error."""
    total, n = (key, 1) if type(key) is int else key
    text, value = realisation(total, n)
    try:
        capaian = pmp_values.indicator_capaian(
            measure.target, measure.atas, value, measure.direction, params
        )[0]
    except RuleInputError as error:
        return (text, None), galat if galat is not None else str(error)
    found = measure.found[key] = (text, capaian)
    return found, galat


class _Rated(dict):
    """A slice's (ratings, notes) → (the rules' proposal, the slice's ``perilaku`` text, the
    proposal's code), made once per distinct pair (a lookup in C for every SKP rated alike);
    ``codes``: the same pair → the code alone."""

    def __init__(self, params) -> None:
        super().__init__()
        self.params = params
        self.codes = _Codes(self)

    def __missing__(self, rated: tuple) -> tuple:
        values, noted = rated
        proposal = engine.slice_behaviour(values, noted, self.params)
        text = json_text({"nilai": list(values), "catatan": list(noted)})
        found = self[rated] = (proposal, text, proposal.value)
        return found


class _Codes(dict):
    def __init__(self, rated: _Rated) -> None:
        super().__init__()
        self.rated = rated

    def __missing__(self, rated: tuple) -> str:
        code = self[rated] = self.rated[rated][2]
        return code


def _year_behaviour(made: dict, ratings: dict, decided: dict | None, proposal) -> tuple:
    """(the year's ``perilaku_periodik`` text, the year's behaviour or None) from the slices'
    ratings and the rater's decided slice behaviour (:func:`inputs.periodic`; ``proposal``:
    a slice's proposed code), made once per distinct input: each slice's proposal and each
    decision (a few dozen distinct in an agency)."""
    key = tuple(zip(ratings, map(proposal, ratings.values()), strict=True))
    if decided:
        key = (key, tuple(decided.items()))
    hit = made.get(key)
    if hit is None:
        found = periodic(ratings, decided or {}, proposal)
        texts = [f'{{"bagian":{number},"penilaian":{str_json(code)},"sumber":"{by}"}}'
                 for number, code, by in found]  # fmt: skip
        behaviour = engine.year_behaviour([code for _number, code, _by in found])
        hit = made[key] = ("[" + ",".join(texts) + "]", behaviour)
    return hit
