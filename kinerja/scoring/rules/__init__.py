"""Kinerja's rule layer: pure functions, no Django, no I/O (spec ``regulasi.md`` §2–§4).

Every function takes numbers (``Decimal``, ``int`` or decimal strings), codes or labels and
returns its value together with a :class:`~.common.Breakdown` (Indonesian: inputs, formula,
thresholds, steps). Bad input raises :class:`~.common.RuleInputError` (a ``ValueError``) with
an Indonesian message and the name of the field at fault. Arithmetic is ``Decimal`` in a
fixed context; values are unrounded; :func:`~.common.round_half_up` is for display.

Scheme ``permenpanrb-6-2022`` (:mod:`.permenpanrb_6_2022`, ``VERSION``, ``VERSIONS``,
``DEFAULTS``):
    predikat(hasil_kerja, perilaku) -> Scored[Predikat]                          §2.1
    indicator_capaian(*, target, realisation, direction, params) -> IndicatorCapaian §2.2
    unverified_capaian(*, target, direction, params) -> IndicatorCapaian     [policy]
    rhk_capaian(indicators, weights=None) -> Scored[Decimal]                     §2.3
    skp_capaian(main, additional=(), *, main_weights, params) -> Scored[Decimal]  §2.3
    propose_work_rating(capaian, *, params, unit_rating=None) -> Scored[Rating]  §2.3
    propose_behaviour_rating(ratings, *, notes, params) -> Scored[Rating]        §2.3
    propose_annual(*, capaian, periodic_behaviour, periodic_predikat, params)
        -> AnnualProposal                                                        §2.4
    Parameters(capaian_cap=120, upper=110, lower=90, behaviour_min_above=4,
               additional_rhk_weight=1, turun_floor=True, unverified_capaian=0)  [policy]
    Version(version, turun_floor, summed_aspects, prorated_slice_target,
            unverified_capaian, defaults).parameters(stored) -> Parameters       [policy]
    Each rule's value is computed once, by :mod:`.pmp_values` (parsed values in, values
    out, no breakdown): the rule functions above call it and write their breakdown from
    what it returns; the close calls it directly.

Distribution curve (:mod:`.kurva`):
    check_curve(organisation, employees, *, advisory_below=10) -> CurveCheck     §2.5
    Employee.of(nip, predikat, capaian=None, behaviour=None) -> Employee

Scheme ``pp-46-2011`` (:mod:`.pp_46_2011`, ``VERSION``, ``VERSIONS``, ``DEFAULTS``):
    activity_value(Activity(...)) -> ActivityValue                               §3
    skp_value(activities, *, additional_tasks=0, creativity=None) -> SkpValue    §3
    behaviour_value(scores, *, structural) -> Scored[Decimal]                    §3
    prestasi_kerja(skp, behaviour) -> Graded                                     §3
    category(value) -> Scored[Category]                                          §3

Public satisfaction (:mod:`kinerja.scoring.rules.ikm`):
    ikm_from_responses(responses, *, weight=None) -> IkmResult                   §4
    ikm(nrr_values, *, weight=None, respondents=0) -> IkmResult                  §4
    nrr(total, count) -> Decimal; band(nilai) -> Scored[(mutu, kinerja)]         §4
    minimum_sample(population) -> Scored[int]                                    §4

Versions (:mod:`.registry`): each scheme module's ``VERSIONS`` holds every ``Version`` it has
shipped (every number and policy that decides a result), registered by (scheme, version):
    scheme(skema, versi) -> Version; current(skema) -> Version; CURRENT[skema] -> str
    fingerprint(version) -> str (guarded by tests/scoring/rule_fingerprints.json)
"""

from . import kurva, permenpanrb_6_2022, pp_46_2011
from .common import Breakdown, RuleInputError, Scored, round_half_up

SCHEMES = {
    permenpanrb_6_2022.SCHEME: permenpanrb_6_2022,
    pp_46_2011.SCHEME: pp_46_2011,
}
"""Scheme code → module; a period stores the code, each result the version it was computed
under (:mod:`.registry`)."""

__all__ = [
    "SCHEMES",
    "Breakdown",
    "RuleInputError",
    "Scored",
    "kurva",
    "permenpanrb_6_2022",
    "pp_46_2011",
    "round_half_up",
]
