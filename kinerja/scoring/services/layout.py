"""The close's layout of a period's SKPs (:mod:`.bulk`): per SKP, its RHK in scoring order
with each indicator's realisation slots, the fixed pieces of its canonical text and its
measures (each distinct target and direction with the capaian of each realisation met so
far), made once per close and shared by every slice and the year (:func:`prepare`). No
query: it is made while the database reads or sums the realisations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import registry
from kinerja.scoring.rules.common import RuleInputError, Weights, checked_weights, in_rule_context
from kinerja.scoring.services import inputs
from kinerja.scoring.services.canonical import Texts, slice_texts, str_json
from kinerja.scoring.services.engine import DIRECTIONS

_new = tuple.__new__


class Kind(NamedTuple):
    """What an indicator's text and measures take from its aspect, direction, targets and
    weight (:meth:`Layout._kind`)."""

    summed: bool
    prefix: str
    tail: str
    tail_slice: str
    measure: Measure
    measure_slice: Measure
    weight: Decimal


class Line(NamedTuple):
    """One indicator of an SKP's layout: its realisation slots and the fixed pieces of its
    text, for the year and for a slice (``*_slice``: the slice's targets)."""

    slots: list
    summed: bool
    head: str
    """Its text up to the count of realisations."""
    tail: str
    """Its text after the realisation: the targets."""
    tail_slice: str
    none: str
    """Its text up to the targets with no verified realisation."""
    one: str
    """Its text up to the realisation's value with one realisation (a slice)."""
    measure: Measure
    measure_slice: Measure


class Group(NamedTuple):
    """One RHK of an SKP's layout: its indicators and what its capaian needs."""

    main: bool
    head: str
    tail: str
    lines: list[Line]
    weights: Weights | list[Decimal]
    """Its weights checked once (:func:`checked_weights`; as they are when the rules refuse
    them: the RHK's capaian then raises their message)."""


class Measure:
    """One distinct (target, upper target, direction) of a slice or the year, with each
    realisation's JSON text and capaian met so far (the rules' values are pure: each computed
    once)."""

    __slots__ = ("arah", "atas", "direction", "found", "target")

    def __init__(self, target: str, atas: str | None, arah: str) -> None:
        self.target = Decimal(target)
        self.atas = None if atas is None else Decimal(atas)
        self.arah = arah
        self.direction = DIRECTIONS[arah]
        self.found: dict = {}


class Layout(dict):
    """Per SKP, its RHK in scoring order, each with its indicators' realisation slots, fixed
    pieces of text and measures: made the first time the SKP is computed (inside the first
    slice's pipeline, while the server takes the rows already sent) and kept for the other
    slices and the year of the same close."""

    def __init__(self, source: inputs.Source, texts: Texts, rules: pmp.Version) -> None:
        super().__init__()
        self.summed_aspects = rules.summed_aspects
        self.prorated = rules.prorated_slice_target
        self.indicators = source.indicators
        self.realisations = source.realisations
        self.texts = texts
        self.jumlah = len(source.slices)
        self.empty: list = [None] * self.jumlah
        self.decimals: dict[str, Decimal] = {}
        self.measures: dict[tuple, Measure] = {}
        self.kinds: dict[tuple, Kind] = {}
        self.weights: dict[tuple, Weights | list[Decimal]] = {}

    def __missing__(self, skp_id: int) -> list[Group]:
        kinds, realisations, empty = self.kinds, self.realisations, self.empty
        groups: list = []
        current = None
        for rjenis, rhk_id, ind_id, aspek, arah, t, ta, w in self.indicators.get(skp_id, ()):
            if rhk_id != current:
                current = rhk_id
                inds: list = []
                weights: list = []
                units: list = []
                groups.append((rjenis == "utama", f'{{"id":{rhk_id},"indikator":[',
                               f'],"jenis":{str_json(rjenis)}}}', inds, weights,
                               units))  # fmt: skip
            kind = (aspek, arah, t, ta, w)
            found = kinds.get(kind)
            if found is None:
                found = kinds[kind] = self._kind(aspek, arah, t, ta, w)
            summed, prefix, tail, tail_s, measure_a, measure_s, weight = found
            head = f'{prefix}{ind_id},"jumlah_realisasi":'
            inds.append(_new(Line, (
                realisations.get(ind_id, empty), summed, head, tail, tail_s,
                f'{head}0,"realisasi":null', f'{head}1,"realisasi":', measure_a, measure_s,
            )))  # fmt: skip
            weights.append(weight)
            units.append(w)
        checked = self.weights
        laid_out = []
        for main, head, tail, inds, weights, units in groups:
            # The RHK's weights as their integers of 1/10,000 (most RHK share them).
            key = tuple(units)
            found = checked.get(key)
            if found is None:
                found = checked[key] = _checked(weights)
            laid_out.append(_new(Group, (main, head, tail, inds, found)))
        self[skp_id] = laid_out
        return laid_out

    def _measure(self, target, atas, arah) -> Measure:
        key = (target, atas, arah)
        found = self.measures.get(key)
        if found is None:
            found = self.measures[key] = Measure(target, atas, arah)
        return found

    def _kind(self, aspek, arah, t, ta, w) -> Kind:
        """What an indicator's text and measures take from its aspect, direction, targets
        and weight (made once per distinct five: most indicators share them)."""
        texts = self.texts
        summed = aspek in self.summed_aspects
        target = texts.target(t, False)
        atas = None if ta is None else texts.target(ta, False)
        if self.jumlah and summed:
            target_s, atas_s = slice_texts(texts, t, ta, self.prorated)
        else:
            target_s, atas_s = target, atas
        bobot = texts.target(w, False)
        weight = self.decimals.get(bobot)
        if weight is None:
            weight = self.decimals[bobot] = Decimal(bobot)
        prefix = (
            f'{{"arah":{str_json(arah)},"aspek":{str_json(aspek)},"bobot":{str_json(bobot)},"id":'
        )
        tail, tail_s = (
            f',"target":{str_json(tt)},"target_atas":{"null" if aa is None else str_json(aa)}}}'
            for tt, aa in ((target, atas), (target_s, atas_s))
        )
        return Kind(summed, prefix, tail, tail_s, self._measure(target, atas, arah),
                     self._measure(target_s, atas_s, arah), weight)  # fmt: skip


def _checked(weights: list[Decimal]) -> Weights | list[Decimal]:
    """One RHK's weights checked once, or as they are when the rules refuse them (the
    layout is made beside the reading: the refusal is the result's, when it is computed)."""
    try:
        return checked_weights(weights)
    except RuleInputError:
        return weights


class Realisations:
    """The JSON text and the ``Decimal`` of a realisation held as (total, count) in 1/10,000,
    each made once."""

    def __init__(self, texts: Texts) -> None:
        self.texts = texts
        self.found: dict = {}

    def get(self, total: int, n: int) -> tuple[str, Decimal]:
        key = (total, n)
        found = self.found.get(key)
        if found is None:
            value = self.texts.realisation(total, n)
            found = self.found[key] = (str_json(value), Decimal(value))
        return found


@dataclass(slots=True)
class Prepared:
    """The close's pieces shared by every slice and the year of one source, made once
    (:func:`prepare`; kept as ``source.bulk``)."""

    rules: pmp.Version
    layout: Layout
    realisations: Realisations
    behaviour: dict = field(default_factory=dict)
    """The period's parameters → a slice's behaviour proposals and texts (:class:`_Rated`)."""
    periodic: dict = field(default_factory=dict)
    """The slices' proposals in order → (``perilaku_periodik`` text, the year's behaviour)."""


@in_rule_context
def prepare(
    source: inputs.Source, *, every: bool = True, rules: pmp.Version | None = None
) -> Prepared:
    """The close's shared pieces on ``source``, made once: the layout (``every``: of every
    SKP now, else as each SKP is first computed), the behaviour texts, the realisation
    texts, under ``rules`` (default: the scheme's current version, which a close computes
    under). No query: :func:`inputs.read_source` calls it while the database reads or sums
    the realisations (in a thread of its own when it reads them)."""
    if rules is None:
        rules = registry.current(pmp.SCHEME)  # type: ignore[assignment]
    bulk = source.bulk
    if bulk is None or bulk.rules is not rules:
        texts = Texts(Decimal(len(source.slices)))
        bulk = source.bulk = Prepared(rules, Layout(source, texts, rules), Realisations(texts))
    if every:
        layout = bulk.layout
        for skp_id in source.indicators:
            layout[skp_id]  # noqa: B018 (made by Layout.__missing__)
    return bulk
