"""Rule versions are facts (issue 24): every (scheme, version) ever shipped stays registered and
decides exactly what it decided when it was recorded; a changed number, policy or formula is a
new version. The fingerprints are in ``rule_fingerprints.json`` beside this file."""

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest

from kinerja.scoring.rules import ikm, registry
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import pp_46_2011 as pp46
from kinerja.scoring.rules.common import RuleInputError

RECORDED = Path(__file__).with_name("rule_fingerprints.json")
PRINT = "python -m kinerja.scoring.rules.registry"


def _recorded() -> dict[str, dict[str, str]]:
    return json.loads(RECORDED.read_text())


def test_every_recorded_version_decides_what_it_decided_when_recorded():
    recorded = _recorded()
    found = registry.fingerprints()
    assert set(found) == {pmp.SCHEME, pp46.SCHEME, ikm.SCHEME}
    for skema, by_version in recorded.items():
        assert by_version
        for versi, expected in by_version.items():
            # a closed period may name any version ever recorded: none may disappear
            assert versi in found.get(skema, {}), f"skema {skema} versi {versi} hilang"
            assert found[skema][versi] == expected, (
                f"aturan berubah tanpa menaikkan versi: skema {skema} versi {versi}. Angka, "
                "kebijakan atau rumus yang menentukan hasil tidak boleh berubah di bawah versi "
                "yang sudah ada; tambahkan Version baru (docs/penilaian.md, 'Versi aturan')."
            )


def test_every_registered_version_is_recorded():
    recorded = _recorded()
    fingerprints = registry.fingerprints()
    assert fingerprints  # versions are registered: the loop below checks something
    for skema, by_version in fingerprints.items():
        for versi in by_version:
            assert versi in recorded.get(skema, {}), (
                f"versi baru skema {skema} versi {versi} belum dicatat di {RECORDED.name}: "
                f"cetak sidiknya dengan `{PRINT}` dan tambahkan"
            )


def test_the_current_versions_are_the_modules_versions():
    assert registry.CURRENT == {pmp.SCHEME: pmp.VERSION, pp46.SCHEME: pp46.VERSION,
                                ikm.SCHEME: ikm.VERSION}  # fmt: skip
    assert registry.current(pmp.SCHEME) is pmp.VERSIONS[pmp.VERSION]


@pytest.mark.parametrize(
    "change",
    [
        {"summed_aspects": frozenset({"kuantitas"})},
        {"prorated_slice_target": False},
        {"unverified_capaian": Decimal(50)},
        {"turun_floor": False},
        {"defaults": pmp.Parameters(upper=Decimal(105))},
        {"defaults": pmp.Parameters(behaviour_min_above=5)},
    ],
    ids=lambda change: next(iter(change)),
)
def test_a_changed_number_or_policy_changes_the_fingerprint(change):
    current = registry.current(pmp.SCHEME)
    assert registry.fingerprint(dataclasses.replace(current, **change)) != registry.fingerprint(
        current
    )


def test_a_changed_formula_changes_the_fingerprint(monkeypatch):
    """The fingerprint covers the rules' results on fixed examples, not only the constants:
    a formula edited under an existing version is caught too."""
    current = registry.current(pmp.SCHEME)
    before = registry.fingerprint(current)
    real = pmp.skp_capaian

    def rounded(*args, **kwargs):
        result = real(*args, **kwargs)
        return dataclasses.replace(result, value=result.value.quantize(Decimal("0.01")))

    monkeypatch.setattr(pmp, "skp_capaian", rounded)
    assert registry.fingerprint(current) != before
    for module in (pp46, ikm):
        rules = registry.current(module.SCHEME)
        assert registry.fingerprint(rules) == _recorded()[module.SCHEME][rules.version]


def test_a_version_is_never_edited_once_registered(monkeypatch):
    monkeypatch.setattr(registry, "BOOK", dict(registry.BOOK))
    current = registry.current(pmp.SCHEME)
    registry.register(current)  # the same rule set again: nothing changes
    with pytest.raises(ValueError, match="sudah terdaftar dengan aturan lain"):
        registry.register(dataclasses.replace(current, unverified_capaian=Decimal(1)))


def test_an_unknown_version_is_refused_in_indonesian():
    with pytest.raises(RuleInputError, match="versi 0.9 tidak dikenal"):
        registry.scheme(pmp.SCHEME, "0.9")


def test_a_version_reads_a_periods_parameters_with_its_own_policy():
    old, new = pmp.VERSIONS["1.0"], pmp.VERSIONS["1.1"]
    stored = {"batas_atas": "105", "batas_bawah": "80"}
    assert old.parameters(stored) == dataclasses.replace(
        new.parameters(stored), turun_floor=False, version="1.0"
    )
    params = new.parameters(stored)
    assert (params.upper, params.lower, params.capaian_cap) == (Decimal(105), Decimal(80), None)


def test_scoring_imports_nothing_from_citizen():
    """The IKM rule lives in scoring/rules; citizen imports it, never the other way round."""
    root = Path(__file__).resolve().parents[2] / "kinerja" / "scoring"
    sources = sorted(root.rglob("*.py"))
    assert sources
    offending = [
        str(path.relative_to(root))
        for path in sources
        if "kinerja.citizen" in path.read_text(encoding="utf-8")
    ]
    assert offending == []


def test_the_plan_checks_sum_the_aspects_the_current_version_sums():
    """An SKP plan refuses an indicator fed by a survey on a summed aspect (skp, which comes
    before scoring, keeps its own list): the lists move together."""
    from kinerja.skp import terukur
    from kinerja.skp.models import Indikator

    summed = registry.current(pmp.SCHEME).summed_aspects
    assert summed == set(Indikator.ASPEK_DIJUMLAH) == set(terukur.ASPEK_DIJUMLAH)
