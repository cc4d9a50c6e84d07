"""The rules' own account of a result: every value with its breakdown, made by the rule
functions themselves (what a person reads; one SKP at a time, never in bulk), and the
:class:`~engine.Outcome` by the one decision every path takes (:func:`engine.decide`) on the
values those breakdowns show: the same outcome as the close stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules.common import Breakdown, RuleInputError, in_rule_context
from kinerja.scoring.services import engine
from kinerja.scoring.services.engine import PP46, Outcome, evaluate_pp46, params_of
from kinerja.skp.models import NILAI_INTI


@dataclass
class IndicatorLine:
    """One indicator as the explanation page shows it."""

    id: int
    rhk_id: int
    masukan: dict
    capaian: Decimal
    uncapped: Decimal
    capped: bool
    breakdown: Breakdown


@dataclass
class Explanation:
    """The rules' own account of a result: every value with its breakdown."""

    outcome: Outcome
    indicators: list[IndicatorLine] = field(default_factory=list)
    rhk: list[tuple[dict, pmp.Scored]] = field(default_factory=list)
    sections: list[Breakdown] = field(default_factory=list)

    def as_dict(self) -> dict:
        """JSON-ready breakdown tree (Indonesian keys of :meth:`Breakdown.as_dict`)."""
        return _jsonable(
            {
                "indikator": [
                    {"id": line.id, "rhk": line.rhk_id, **line.breakdown.as_dict()}
                    for line in self.indicators
                ],
                "rhk": [{"id": r["id"], **s.breakdown.as_dict()} for r, s in self.rhk],
                "ringkasan": [b.as_dict() for b in self.sections],
            }
        )


def _jsonable(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


@in_rule_context
def explain(masukan: dict) -> Explanation:
    """The slow path: the same outcome as :func:`evaluate`, made by the rule functions
    themselves, with every breakdown (never used in bulk; one SKP at a time)."""
    try:
        if masukan["skema"] == PP46:
            outcome, sections = evaluate_pp46(masukan)
            return Explanation(outcome=outcome, sections=sections)
        return _explain_pmp(masukan)
    except RuleInputError as error:
        return Explanation(outcome=Outcome(galat=str(error)))


def _explain_pmp(m: dict) -> Explanation:
    params = params_of(m)
    explanation = Explanation(outcome=Outcome())
    mains, extras = [], []
    for rhk in m["rhk"]:
        lines = []
        for i in rhk["indikator"]:
            if i["realisasi"] is None:
                result = pmp.unverified_capaian(
                    target=i["target"], direction=i["arah"], params=params
                )
            else:
                target = (
                    (Decimal(i["target"]), Decimal(i["target_atas"]))
                    if i["target_atas"] is not None
                    else Decimal(i["target"])
                )
                result = pmp.indicator_capaian(
                    target=target, realisation=Decimal(i["realisasi"]), direction=i["arah"],
                    params=params,
                )  # fmt: skip
            lines.append(result)
            explanation.indicators.append(
                IndicatorLine(
                    i["id"],
                    rhk["id"],
                    i,
                    result.capaian,
                    result.uncapped,
                    result.capped,
                    result.breakdown,
                )  # fmt: skip
            )
        scored = pmp.rhk_capaian(
            lines, [Decimal(i["bobot"]) for i in rhk["indikator"]], version=params.version
        )
        explanation.rhk.append((rhk, scored))
        (mains if rhk["jenis"] == "utama" else extras).append(scored.value)
    skp = pmp.skp_capaian(mains, extras, params=params)
    sections = [skp.breakdown]
    if m["bagian"] is None:
        unit = m.get("hasil_unit") or None
        work = pmp.propose_work_rating(skp.value, params=params, unit_rating=unit)
        sections.append(work.breakdown)
        periodic = [p["penilaian"] for p in m["perilaku_periodik"]]
        if periodic:
            annual = pmp.propose_annual(
                capaian=skp.value, periodic_behaviour=periodic, params=params
            )
            sections.append(annual.breakdown)
        behaviour = engine.year_behaviour(periodic)
    else:
        unit = None
        work = pmp.propose_work_rating(skp.value, params=params)
        sections.append(work.breakdown)
        rated = m["perilaku"]
        behaviour = None
        if rated:
            scored_b = pmp.propose_behaviour_rating(
                dict(zip(NILAI_INTI, rated["nilai"], strict=True)),
                notes={c: "ada" for c, noted in zip(NILAI_INTI, rated["catatan"], strict=True)
                       if noted},
                params=params,
            )  # fmt: skip
            sections.append(scored_b.breakdown)
            behaviour = scored_b.value
    # The outcome by the one decision every path takes, on the values the breakdowns show.
    explanation.outcome = engine.decide(mains, extras, params, engine.unit_rating(unit), behaviour)
    if behaviour is not None:
        sections.append(pmp.predikat(work.value, behaviour, version=params.version).breakdown)
    explanation.sections = sections
    return explanation
