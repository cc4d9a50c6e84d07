"""The evaluator: the one decision that turns an SKP's RHK capaian and behaviour into an
:class:`Outcome` (:func:`decide`), used by the close (:mod:`.bulk`), by :func:`evaluate` on a
``masukan`` (:func:`kinerja.scoring.services.masukan.gather`), by ``verify_period`` (through
the close's path) and by the explanation; the values come from the rules' value functions
(:mod:`kinerja.scoring.rules.pmp_values`), the ones the rule functions show their breakdown
of. And which rule version a period is computed under.

The path from the SKP year to results, module by module:

- :mod:`~kinerja.scoring.services.inputs`: read a period's inputs once, set-based, and how
  the year combines them;
- :mod:`~kinerja.scoring.services.masukan`: gather each SKP's canonical ``masukan`` for one
  slice or the year (a person's result, PP 46/2011);
- :mod:`~kinerja.scoring.services.canonical`: the canonical text and hash of a ``masukan``;
- this module: :func:`decide` the outcome; :func:`evaluate` a ``masukan`` (the rule version
  it names);
- :mod:`~kinerja.scoring.services.explanation`: every value's breakdown by the rule
  functions, the outcome by :func:`decide`;
- :mod:`~kinerja.scoring.services.bulk`: a close's text, hash and outcome of a slice or the
  year straight from the inputs read, identical to gather → canonical_json → evaluate (the
  close, "Hitung", the single-SKP recompute and ``verify_period``).

Every number that decides a result comes from the period's rule version
(:mod:`kinerja.scoring.rules.registry`), resolved once per period (:func:`rules_for`) or, for a
stored ``masukan``, from the version it names. An indicator without a verified realisation
scores that version's ``unverified_capaian``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kinerja.scoring.models import Hasil
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import pmp_values, registry
from kinerja.scoring.rules import pp_46_2011 as pp46
from kinerja.scoring.rules.common import Breakdown, RuleInputError, in_rule_context
from kinerja.skp.models import Periode

PMP = pmp.SCHEME
PP46 = pp46.SCHEME
RATINGS = {r.value: r for r in pmp.Rating}
"""A rating's code → :class:`pmp.Rating` (a dict lookup: faster than the enum's own)."""
DIRECTIONS = {d.value: d for d in pmp.Direction}
"""A direction's code → :class:`pmp.Direction`."""
_CODES = {rating: rating.value for rating in pmp.Rating}
_PREDIKAT = {key: predikat.value for key, predikat in pmp.PREDIKAT_MATRIX.items()}
"""``pmp_values.predikat(work, behaviour).value``, looked up once."""
_skp_capaian, _work_rating = pmp_values.skp_capaian, pmp_values.work_rating


def rule_version(periode: Periode) -> str:
    """The rule version a period's results are computed under: the version that closed it
    for a closed period (its stored rows are frozen, and ``verify_period`` and the
    explanation must reproduce them), else today's. No query for a period that is not closed
    (a close computes before it marks the period closed)."""
    if periode.status == Periode.Status.DITUTUP:
        from kinerja.scoring.models import PenutupanPeriode

        closed = (
            PenutupanPeriode.objects.filter(periode=periode)
            .order_by("-selesai")
            .values_list("versi_aturan", flat=True)
            .first()
        )
        if not closed:  # closed before closes were recorded: the version on its rows
            closed = (
                Hasil.objects.filter(periode=periode).exclude(versi_aturan="")
                .values_list("versi_aturan", flat=True).first()
            )  # fmt: skip
        if closed:
            return closed
    return registry.CURRENT[periode.skema]


def rules_for(periode: Periode, version: str | None = None) -> pmp.Version | pp46.Version:
    """The rule set (:mod:`kinerja.scoring.rules.registry`) ``periode`` is computed under:
    ``version``, else its rule version (:func:`rule_version`). Resolve it once per period."""
    return registry.scheme(periode.skema, version or rule_version(periode))  # type: ignore[return-value]


def parameters(periode: Periode, version: str | None = None) -> pmp.Parameters:
    """The period's §2.3 parameters (policy) as the rules take them, under its rule version."""
    return rules_for(periode, version).parameters(periode.parameter)


@dataclass
class Outcome:
    """What a result stores: the values (codes), or the rules' message when input was bad."""

    capaian: Decimal | None = None
    hasil_kerja: str = ""
    perilaku: str = ""
    predikat: str = ""
    nilai: Decimal | None = None
    galat: str = ""

    def key(self) -> tuple:
        """Comparable form: numbers as exact text (value and exponent)."""
        return (
            None if self.capaian is None else str(self.capaian), self.hasil_kerja,
            self.perilaku, self.predikat, None if self.nilai is None else str(self.nilai),
            self.galat,
        )  # fmt: skip


def _d(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def decide(
    mains: list[Decimal],
    extras: list[Decimal],
    params: pmp.Parameters,
    unit: pmp.Rating | None,
    behaviour: pmp.Rating | None,
) -> Outcome:
    """The outcome of one SKP for a slice or the year (§2.1–§2.4), the one decision every path
    takes: the SKP's capaian from its main and additional RHK capaian, the work rating
    proposed from it (a JPT's year: ``unit``, the unit's own result), and with a behaviour
    rating (the slice's proposal, or the year's from its periodic ratings:
    :func:`slice_behaviour`, :func:`year_behaviour`) the predikat. Call under the rules'
    decimal context; raises :class:`RuleInputError` as the rules do."""
    capaian = _skp_capaian(mains, extras, params)
    work = _work_rating(capaian, params, unit)
    if behaviour is None:
        return Outcome(capaian=capaian, hasil_kerja=_CODES[work])
    return Outcome(capaian, _CODES[work], _CODES[behaviour], _PREDIKAT[work, behaviour])


def unit_rating(hasil_unit: str | None) -> pmp.Rating | None:
    """The rating a JPT's year takes from its unit's own result (``masukan["hasil_unit"]``:
    empty for everyone else)."""
    return RATINGS.get(hasil_unit or "")


def slice_behaviour(
    nilai: tuple | list, catatan: tuple | list, params: pmp.Parameters
) -> pmp.Rating:
    """A slice's proposed behaviour from its 7 ratings (codes) and note flags."""
    return pmp_values.behaviour_rating([RATINGS[v] for v in nilai], catatan, params)


def year_behaviour(periodic: list[str]) -> pmp.Rating | None:
    """The year's behaviour from its periodic ratings (codes, in slice order); None without."""
    return pmp_values.annual_behaviour([RATINGS[p] for p in periodic]) if periodic else None


def evaluate(
    masukan: dict, params: pmp.Parameters | None = None, cache: dict | None = None
) -> Outcome:
    """An :class:`Outcome` of a ``masukan`` (stored or gathered) under the version it names.

    ``cache`` (a dict kept by the caller for one batch with the same ``params``) remembers
    each distinct indicator's and RHK's capaian: the value functions are pure.
    """
    try:
        if masukan["skema"] == PP46:
            return evaluate_pp46(masukan)[0]
        with pmp_values.rule_context():
            return _evaluate_pmp(
                masukan, params or params_of(masukan), {} if cache is None else cache
            )
    except RuleInputError as error:
        return Outcome(galat=str(error))


def params_of(masukan: dict) -> pmp.Parameters:
    """The parameters of a ``masukan`` under the rule version it names."""
    scheme = masukan["skema"]
    rules = registry.scheme(scheme, masukan.get("versi") or registry.CURRENT[scheme])
    return rules.parameters(masukan["parameter"])


def _rhk_value(inds: list[dict], params: pmp.Parameters, cache: dict) -> Decimal:
    values = []
    for i in inds:
        if i["realisasi"] is None:
            values.append(params.unverified_capaian)
            continue
        key = (i["target"], i["target_atas"], i["realisasi"], i["arah"])
        value = cache.get(key)
        if value is None:
            value = cache[key] = pmp_values.indicator_capaian(
                Decimal(i["target"]), _d(i["target_atas"]), Decimal(i["realisasi"]),
                DIRECTIONS[i["arah"]], params,
            )[0]  # fmt: skip
        values.append(value)
    return pmp_values.rhk_capaian(values, [Decimal(i["bobot"]) for i in inds])


def _evaluate_pmp(m: dict, params: pmp.Parameters, cache: dict) -> Outcome:
    mains: list[Decimal] = []
    extras: list[Decimal] = []
    for rhk in m["rhk"]:
        inds = rhk["indikator"]
        # An RHK's capaian is a pure function of its indicators' numbers, direction and weight.
        rhk_key = (
            "rhk",
            tuple((i["target"], i["target_atas"], i["realisasi"], i["arah"], i["bobot"])
                  for i in inds),
        )  # fmt: skip
        value = cache.get(rhk_key)
        if value is None:
            value = cache[rhk_key] = _rhk_value(inds, params, cache)
        (mains if rhk["jenis"] == "utama" else extras).append(value)
    if m["bagian"] is None:
        unit = unit_rating(m.get("hasil_unit"))
        behaviour = year_behaviour([p["penilaian"] for p in m["perilaku_periodik"]])
    else:
        unit = None
        rated = m["perilaku"]
        behaviour = slice_behaviour(rated["nilai"], rated["catatan"], params) if rated else None
    return decide(mains, extras, params, unit, behaviour)


@in_rule_context
def evaluate_pp46(m: dict) -> tuple[Outcome, list[Breakdown]]:
    """PP 46/2011 (spec §3) on the SKP's fields, as mapped in docs/penilaian.md: each main RHK
    is an activity whose kuantitas, kualitas, waktu (and biaya) indicators give its aspects;
    the number of additional RHK is the number of tugas tambahan."""
    activities = []
    extras = 0
    for number, rhk in enumerate(m["rhk"], start=1):
        if rhk["jenis"] != "utama":
            extras += 1
            continue
        by_aspect: dict[str, dict] = {}
        for i in rhk["indikator"]:
            if i["aspek"] in by_aspect:
                raise RuleInputError(
                    f"RHK ke-{number} memiliki lebih dari satu indikator aspek {i['aspek']}; "
                    "skema PP 46/2011 memerlukan tepat satu per aspek",
                    field="aspek",
                )
            by_aspect[i["aspek"]] = i
        missing = [a for a in ("kuantitas", "kualitas", "waktu") if a not in by_aspect]
        if missing:
            raise RuleInputError(
                f"RHK ke-{number} belum memiliki indikator aspek {', '.join(missing)}; skema "
                "PP 46/2011 memerlukan kuantitas, kualitas dan waktu",
                field="aspek",
            )

        def pair(aspek, got=by_aspect):
            item = got.get(aspek)
            if item is None:
                return None, None
            return Decimal(item["target"]), Decimal(item["realisasi"] or "0")

        tq, rq = pair("kuantitas")
        tk, rk = pair("kualitas")
        tw, rw = pair("waktu")
        tb, rb = pair("biaya")
        activities.append(pp46.Activity(f"RHK ke-{number}", tq, rq, tk, rk, tw, rw, tb, rb))
    value = pp46.skp_value(activities, additional_tasks=extras)
    sections = [value.breakdown]
    outcome = Outcome(capaian=value.value, predikat=value.category.value)
    scores = m.get("perilaku_pp46")
    if scores:
        behaviour = pp46.behaviour_value(scores, structural=m["struktural"])
        overall = pp46.prestasi_kerja(value, behaviour)
        sections += [behaviour.breakdown, overall.breakdown]
        outcome.nilai = overall.value
        outcome.predikat = overall.category.value
    return outcome, sections
