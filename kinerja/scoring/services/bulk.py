"""The bulk path of one slice or the year (permenpanrb-6-2022): each SKP's canonical text,
hash and outcome straight from the inputs :func:`engine.read_source` read, without building
the ``masukan`` dicts that :func:`engine.gather` makes for a person (or for PP 46/2011).

What it writes is what ``gather`` → ``canonical_json`` → ``evaluate`` give, character for
character and digit for digit: the text is put together from pieces made once by the same
encoder (``engine._str_json`` / ``engine._json``), keys in the same sorted order, numbers by
the same :class:`engine._Texts`; the outcome by the same value-only twins in the same order
on ``Decimal`` values made from the same texts. ``tests/scoring/test_app_bulk.py`` compares
the two paths on random SKPs, result by result.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from kinerja.scoring.rules import fast
from kinerja.scoring.rules.common import RuleInputError, in_rule_context
from kinerja.scoring.services import engine
from kinerja.scoring.services.engine import (
    _RATINGS,
    PENDING,
    SUMMED_ASPECTS,
    VERSIONS,
    Outcome,
    _decided_slices,
    _json,
    _str_json,
    _Texts,
    _unit_results,
)
from kinerja.skp.models import Skp

_ZERO = Decimal(0)
_DIRECTIONS = engine._DIRECTIONS


Computed = tuple[int, int, int, str, str, Outcome]
"""One result as :func:`kinerja.scoring.services.results.store` writes it: (skp_id,
instansi_id, tertunda, canonical text, its SHA-256, :class:`engine.Outcome`)."""


def _layout(source: engine.Source, texts: _Texts) -> dict:
    """Per SKP, its RHK in scoring order, each with its indicators' fixed pieces of text and
    the keys of their numbers (once per close: the same for every slice and the year)."""
    jumlah = len(source.slices)
    decimals: dict[str, Decimal] = {}

    def number(value: str) -> Decimal:
        found = decimals.get(value)
        if found is None:
            found = decimals[value] = Decimal(value)
        return found

    layout = {}
    for skp_id, rows in source.indicators.items():
        groups: list = []
        current = None
        for rjenis, rhk_id, ind_id, aspek, arah, t, ta, w in rows:
            if rhk_id != current:
                current = rhk_id
                inds: list = []
                groups.append((rjenis == "utama", f'{{"id":{rhk_id},"indikator":[',
                               f'],"jenis":{_str_json(rjenis)}}}', inds, []))  # fmt: skip
                weights = groups[-1][4]
            summed = aspek in SUMMED_ASPECTS
            target = texts.target(t, False)
            atas = None if ta is None else texts.target(ta, False)
            if jumlah and summed:
                target_s, atas_s = engine._slice_texts(texts, t, ta)
            else:
                target_s, atas_s = target, atas
            bobot = texts.target(w, False)
            head = (
                f'{{"arah":{_str_json(arah)},"aspek":{_str_json(aspek)},'
                f'"bobot":{_str_json(bobot)},"id":{ind_id},"jumlah_realisasi":'
            )
            tails = [
                f',"target":{_str_json(tt)},'
                f'"target_atas":{"null" if aa is None else _str_json(aa)}}}'
                for tt, aa in ((target, atas), (target_s, atas_s))
            ]
            direction = _DIRECTIONS[arah]
            inds.append((
                ind_id, summed, head, tails[0], tails[1],
                (target, atas, arah, number(target), None if atas is None else number(atas),
                 direction),
                (target_s, atas_s, arah, number(target_s),
                 None if atas_s is None else number(atas_s), direction),
            ))  # fmt: skip
            weights.append(number(bobot))
        layout[skp_id] = groups
    return layout


class _Realisations:
    """The JSON text and the ``Decimal`` of a realisation held as (total, count) in 1/10,000,
    each made once."""

    def __init__(self, texts: _Texts) -> None:
        self.texts = texts
        self.found: dict = {}

    def get(self, total: int, n: int) -> tuple[str, str, Decimal]:
        key = (total, n)
        found = self.found.get(key)
        if found is None:
            value = self.texts.realisation(total, n)
            found = self.found[key] = (value, _str_json(value), Decimal(value))
        return found


@in_rule_context
def compute(
    periode, *, bagian=None, skp_ids=None, source: engine.Source | None = None
) -> Iterator[Computed]:
    """Every result of ``periode`` for ``bagian`` (a slice; None: the year), as ``gather`` →
    ``canonical_json`` → ``evaluate`` would give it; PP 46/2011 goes through them."""
    if source is None:
        source = engine.read_source(periode, skp_ids=skp_ids)
    if periode.skema != engine.PMP:
        params = engine.parameters(periode)
        cache: dict = {}
        for item in engine.gather(periode, bagian=bagian, skp_ids=skp_ids, source=source):
            payload = engine.canonical_json(item.masukan)
            outcome = engine.evaluate(item.masukan, params, cache)
            yield (item.skp_id, item.instansi_id, item.tertunda, payload,
                   engine.hash_of(payload), outcome)  # fmt: skip
        return
    skps = source.skps
    if skp_ids is not None and not source.narrowed:
        wanted = set(skp_ids)
        skps = [row for row in skps if row[0] in wanted]
    if not skps:
        return
    jumlah = len(source.slices)
    texts = _Texts(Decimal(jumlah))
    bulk = source.bulk
    if bulk is None:
        bulk = source.bulk = {"layout": _layout(source, texts), "cache": {}, "behaviour": {},
                              "realisations": _Realisations(texts)}  # fmt: skip
    layout, cache, behaviour_cache = bulk["layout"], bulk["cache"], bulk["behaviour"]
    realisation = bulk["realisations"].get
    annual = bagian is None
    at = None if annual else [b for b, _n in source.slices].index(bagian.pk)
    nomor = None if annual else bagian.nomor
    narrowed = skp_ids is not None
    decided = _decided_slices(periode, [r[0] for r in skps] if narrowed else None) if annual else {}
    unit_results = _unit_results(periode) if annual else {}
    params = engine.parameters(periode)
    parameter = _json({k: str(v) for k, v in sorted((periode.parameter or {}).items())})
    head = f'{{"bagian":{"null" if annual else nomor},'
    middle = f',"jumlah_bagian":{jumlah},"parameter":{parameter},'
    middle += '"perilaku_periodik":' if annual else '"perilaku":'
    scheme = periode.skema
    tail = f'],"skema":{_json(scheme)},"versi":{_json(VERSIONS[scheme])}}}'
    jpt = Skp.Jenis.JPT
    realisations, ratings_of = source.realisations, source.behaviour
    empty: list = [None] * jumlah
    hash_of = engine.hash_of
    skp_capaian, work_rating = fast.skp_capaian, fast.work_rating
    weighted_mean, indicator_capaian = fast.weighted_mean, fast.indicator_capaian
    variant = 5 if annual else 6
    tail_at = 3 if annual else 4
    for skp_id, instansi_id, jenis, unit_id, _jabatan in skps:
        tertunda = 0
        rhk_texts = []
        mains: list = []
        extras: list = []
        galat = None
        for is_main, rhk_head, rhk_tail, inds, weights in layout.get(skp_id, ()):
            lines = []
            values = []
            for ind in inds:
                slots = realisations.get(ind[0], empty)
                if annual:
                    total = n = 0
                    for value in slots:
                        if value is PENDING:
                            tertunda += 1
                        elif value is not None:
                            total += value
                            n += 1
                else:
                    value = slots[at]
                    if value is None:
                        n = 0
                    elif value is PENDING:
                        n = 0
                        tertunda += 1
                    else:
                        total, n = value, 1
                if n:
                    rtext, rjson, rvalue = realisation(total, 1 if ind[1] else n)
                    lines.append(f'{ind[2]}{n},"realisasi":{rjson}{ind[tail_at]}')
                    if galat is None:
                        t, ta, arah, tv, tav, direction = ind[variant]
                        key = (t, ta, rtext, arah)
                        found = cache.get(key)
                        if found is None:
                            try:
                                found = cache[key] = indicator_capaian(
                                    tv, tav, rvalue, direction, params
                                )[0]
                            except RuleInputError as error:
                                galat = str(error)
                        values.append(found)
                else:
                    lines.append(f'{ind[2]}0,"realisasi":null{ind[tail_at]}')
                    values.append(_ZERO)
            rhk_texts.append(rhk_head + ",".join(lines) + rhk_tail)
            if galat is None:
                try:
                    (mains if is_main else extras).append(weighted_mean(values, weights))
                except RuleInputError as error:
                    galat = str(error)
        ratings = ratings_of.get(skp_id, {})
        if annual:
            unit = unit_results.get(unit_id, "") if jenis == jpt else ""
            mine = decided.get(skp_id, {})
            periodic_texts = []
            periodic = []
            for number in sorted(set(ratings) | set(mine)):
                if number in mine:
                    rating, source_name = mine[number], "penilai"
                else:
                    proposal = _behaviour(behaviour_cache, ratings[number], params)[0]
                    rating, source_name = proposal.value, "usulan"
                periodic.append(rating)
                periodic_texts.append(f'{{"bagian":{number},"penilaian":{_str_json(rating)},'
                                      f'"sumber":"{source_name}"}}')  # fmt: skip
            behaviour_text = "[" + ",".join(periodic_texts) + "]"
            payload = (f'{head}"hasil_unit":{_str_json(unit)},"jenis_skp":{_str_json(jenis)}'
                       f'{middle}{behaviour_text},"rhk":[{",".join(rhk_texts)}{tail}')  # fmt: skip
        else:
            only = ratings.get(nomor)
            behaviour_text = (
                "null" if only is None else _behaviour(behaviour_cache, only, params)[1]
            )
            payload = (f'{head}"jenis_skp":{_str_json(jenis)}{middle}{behaviour_text},'
                       f'"rhk":[{",".join(rhk_texts)}{tail}')  # fmt: skip
        if galat is not None:
            outcome = Outcome(galat=galat)
        else:
            try:
                capaian = skp_capaian(mains, extras, params)[0]
                if annual:
                    work = work_rating(capaian, params, _RATINGS.get(unit or ""))
                    behaviour = (
                        fast.annual_behaviour([_RATINGS[p] for p in periodic]) if periodic else None
                    )
                else:
                    work = work_rating(capaian, params)
                    behaviour = (
                        None if only is None else _behaviour(behaviour_cache, only, params)[0]
                    )
                outcome = Outcome(capaian=capaian, hasil_kerja=work.value)
                if behaviour is not None:
                    outcome.perilaku = behaviour.value
                    outcome.predikat = fast.predikat(work, behaviour).value
            except RuleInputError as error:
                outcome = Outcome(galat=str(error))
        yield (skp_id, instansi_id, tertunda, payload, hash_of(payload), outcome)


def _behaviour(cache: dict, rated: tuple, params) -> tuple:
    """(the rules' proposal, the slice's ``perilaku`` text) of one slice's 7 ratings and
    note flags, made once per distinct pair."""
    found = cache.get(rated)
    if found is None:
        values, noted = rated
        proposal = fast.behaviour_rating([_RATINGS[v] for v in values], noted, params)
        text = _json({"nilai": list(values), "catatan": list(noted)})
        found = cache[rated] = (proposal, text)
    return found
