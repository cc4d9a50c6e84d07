"""Rule versions as facts: every rule set Kinerja has shipped, by (scheme, version).

A rule set is a scheme module's ``Version``: every number and policy that decides a result
(for ``permenpanrb-6-2022`` also how slices combine into the year and what an indicator
without a verified realisation scores). :func:`scheme` returns the one a stored result names;
:func:`current` the one a period still open is computed under. A period closed under a
version keeps it: its results are recomputed, verified and explained by that version's
rules, whatever version is current today.

Adding a version (docs/penilaian.md, "Versi aturan"): add a ``Version`` to the scheme
module's ``VERSIONS`` with the changed policy, make the rule functions follow it through
``Parameters`` where they must, move the module's ``VERSION`` to it, and record its
:func:`fingerprint` in ``tests/scoring/rule_fingerprints.json``. The fingerprint of a version
already recorded never changes (``tests/scoring/test_rule_versions.py``): that test fails
with "aturan berubah tanpa menaikkan versi" when a number or a rule's result changes under
an existing version.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import Enum
from typing import Protocol

from . import ikm
from . import permenpanrb_6_2022 as pmp
from . import pp_46_2011 as pp46
from .common import RuleInputError


class RuleSet(Protocol):
    """What every scheme's ``Version`` has."""

    scheme: str
    version: str


BOOK: dict[tuple[str, str], RuleSet] = {}
"""(scheme, version) → its rule set: every version that ever closed a period."""
CURRENT: dict[str, str] = {}
"""scheme → the version a period not yet closed is computed under."""


def register(rules: RuleSet, *, current: bool = False) -> None:
    """Add ``rules`` under (its scheme, its version); refuse a different rule set under a
    version already registered (a version is never edited)."""
    key = (rules.scheme, rules.version)
    if BOOK.get(key, rules) != rules:
        raise ValueError(f"skema {key[0]} versi {key[1]} sudah terdaftar dengan aturan lain")
    BOOK[key] = rules
    if current:
        CURRENT[rules.scheme] = rules.version


def scheme(skema: str, versi: str) -> RuleSet:
    """The rule set of ``skema`` at ``versi``; :class:`RuleInputError` for one never shipped."""
    try:
        return BOOK[skema, versi]
    except KeyError:
        raise RuleInputError(
            f"aturan skema {skema} versi {versi} tidak dikenal", field="versi"
        ) from None


def current(skema: str) -> RuleSet:
    """The rule set a period of ``skema`` that is not closed is computed under."""
    return scheme(skema, CURRENT[skema])


def versions(skema: str | None = None) -> list[RuleSet]:
    """Every registered rule set (of ``skema``), by scheme and version."""
    return [BOOK[key] for key in sorted(BOOK) if skema is None or key[0] == skema]


def _register_shipped() -> None:
    for module in (pmp, pp46, ikm):
        for rules in module.VERSIONS.values():
            register(rules, current=rules.version == module.VERSION)


_register_shipped()


# --------------------------------------------------------------------------- fingerprints


def fingerprint(rules: RuleSet) -> str:
    """SHA-256 of what ``rules`` decides: its numbers and policies (every field) and the
    results of its scheme's rules on fixed examples (:func:`examples`). A refactoring that
    changes no result keeps it; a changed number, policy or formula changes it."""
    payload = json.dumps(
        {"aturan": _plain(rules), "contoh": examples(rules)},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False,
    )  # fmt: skip
    return hashlib.sha256(payload.encode()).hexdigest()


def fingerprints() -> dict[str, dict[str, str]]:
    """scheme → version → :func:`fingerprint`, for every registered version: what
    ``tests/scoring/rule_fingerprints.json`` holds (print it with ``python -m
    kinerja.scoring.rules.registry``)."""
    found: dict[str, dict[str, str]] = {}
    for rules in versions():
        found.setdefault(rules.scheme, {})[rules.version] = fingerprint(rules)
    return found


def examples(rules: RuleSet) -> dict[str, object]:
    """The rules of ``rules``' scheme under its parameters on fixed inputs, as plain values."""
    probe = _EXAMPLES.get(rules.scheme)
    if probe is None:
        raise ValueError(f"tidak ada contoh untuk skema {rules.scheme}")
    return _plain(probe(rules))


def _plain(value) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, Iterable) and not isinstance(value, str):
        return [_plain(v) for v in value]
    return value


def _refused(call) -> object:
    try:
        return call()
    except RuleInputError as error:
        return f"ditolak: {error}"


def _examples_pmp(rules: pmp.Version) -> dict[str, object]:
    capped = rules.parameters({"batas_capaian": "120", "batas_atas": "110", "batas_bawah": "90"})
    params = [capped, rules.parameters({})]
    targets: list = [Decimal(10), Decimal(100), (Decimal(80), Decimal(90))]
    realisations = [Decimal(v) for v in ("0", "5", "10", "19.5", "24", "85", "95", "130")]

    def uncapped(p, t, r, d):
        return pmp.indicator_capaian(target=t, realisation=r, direction=d, params=p).uncapped

    capaian = [
        _refused(lambda p=p, t=t, r=r, d=d: uncapped(p, t, r, d))
        for p in params
        for t in targets
        for r in realisations
        for d in pmp.Direction
    ]
    capped_values = [
        pmp.indicator_capaian(target=Decimal(10), realisation=r, direction="naik", params=p).capaian
        for p in params
        for r in realisations
    ]
    behaviour = [
        pmp.propose_behaviour_rating(
            dict(zip(pmp.CoreValue, ratings, strict=True)), notes=notes, params=capped
        ).value
        for ratings, notes in (
            (["di_atas"] * 4 + ["sesuai"] * 3, None),
            (["di_atas"] * 3 + ["sesuai"] * 4, None),
            (["di_atas"] * 6 + ["di_bawah"], None),
            (["di_atas"] * 6 + ["di_bawah"], {pmp.CoreValue.ADAPTIF: "terlambat"}),
        )
    ]
    return {
        "capaian_indikator": capaian,
        "capaian_dibatasi": capped_values,
        "tanpa_realisasi": [
            pmp.unverified_capaian(target="10", direction="naik", params=p).capaian for p in params
        ],
        "capaian_skp": [
            pmp.skp_capaian([Decimal(80), Decimal(100), Decimal(115)], extras, params=capped).value
            for extras in ((), (Decimal(130), Decimal(90)), (Decimal(99),))
        ],
        "usulan_hasil_kerja": [
            pmp.propose_work_rating(Decimal(v), params=p).value
            for p in params
            for v in ("89.99", "90", "109.99", "110")
        ],
        "usulan_perilaku": behaviour,
        "usulan_tahunan": [
            pmp.propose_annual(
                capaian=Decimal(100), periodic_behaviour=seq, params=capped
            ).behaviour
            for seq in (["di_atas", "sesuai", "sesuai", "di_atas"], ["di_bawah", "sesuai"])
        ],
        "predikat": {f"{w}/{b}": pmp.predikat(w, b).value for w in pmp.Rating for b in pmp.Rating},
    }


def _examples_pp46(rules: pp46.Version) -> dict[str, object]:
    def activity(tq, rq, tk, rk, tw, rw, tb=None, rb=None):
        return pp46.Activity("contoh", tq, rq, tk, rk, tw, rw, tb, rb)

    activities = [
        activity(10, 10, 100, 90, 12, 12),
        activity(10, 8, 100, 80, 12, 10, 1000, 900),
        activity(5, 6, 100, 100, 12, 15, 1000, 1300),
        activity(5, 5, 100, 76, 12, 6),
    ]
    skp = pp46.skp_value(activities, additional_tasks=2, creativity=None)
    scores = {a: 85 for a in pp46.BehaviourAspect if a is not pp46.BehaviourAspect.KEPEMIMPINAN}
    behaviour = pp46.behaviour_value(scores, structural=False)
    return {
        "nilai_kegiatan": [pp46.activity_value(a).value for a in activities],
        "nilai_skp": skp.value,
        "bonus_tugas_tambahan": [pp46.additional_task_bonus(n) for n in range(9)],
        "nilai_perilaku": behaviour.value,
        "prestasi_kerja": pp46.prestasi_kerja(skp, behaviour).value,
        "kategori": [
            pp46.category(Decimal(v)).value
            for v in ("50", "50.01", "60", "60.01", "75", "75.01", "90", "90.01")
        ],
        "kreativitas": [
            pp46.skp_value(activities[:1], creativity=c).value for c in pp46.Creativity
        ],
    }


def _examples_ikm(rules: ikm.Version) -> dict[str, object]:
    nrr = [Decimal(v) for v in ("3.2", "3.1", "2.9", "3.5", "3.0", "3.3", "3.4", "2.8", "3.0")]
    return {
        "ikm": [ikm.ikm(nrr).nilai, ikm.ikm(nrr, weight=ikm.SPREADSHEET_WEIGHT).nilai],
        "mutu": [
            ikm.band(Decimal(v)).value
            for v in ("25", "64.99", "65", "76.60", "76.61", "88.30", "88.31", "100")
        ],
        "sampel_minimal": [
            ikm.minimum_sample(n).value for n in (1, 10, 12, 50, 99, 500, 1234, 100_000, 5_000_000)
        ],
    }


_EXAMPLES = {pmp.SCHEME: _examples_pmp, pp46.SCHEME: _examples_pp46, ikm.SCHEME: _examples_ikm}


if __name__ == "__main__":
    print(json.dumps(fingerprints(), indent=2, sort_keys=True))
