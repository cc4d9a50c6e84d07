"""A new rule version with a changed policy (registered here only) leaves a period closed under
the earlier version as it was: the same inputs, hashes, values and explanation, verified by
the version that closed it; the same inputs computed afresh under the new version differ."""

import dataclasses
from decimal import Decimal

import pytest

from kinerja.scoring import services
from kinerja.scoring.models import Hasil
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import registry
from kinerja.scoring.services import bulk, canonical, engine, explanation, masukan
from kinerja.skp.models import Periode
from tests.scoring.conftest import S, V, build_skp

NEW = "9.0-uji"


@pytest.fixture
def averaged_kuantitas(monkeypatch):
    """Version ``NEW``: kuantitas realisations averaged over the slices and scored against
    the full target (under 1.1 they are summed, each slice against target / 4)."""
    rules = dataclasses.replace(
        registry.current(pmp.SCHEME), version=NEW, summed_aspects=frozenset({"biaya"})
    )
    monkeypatch.setitem(registry.BOOK, (pmp.SCHEME, NEW), rules)
    return rules


def _stored(periode):
    return list(
        Hasil.objects.filter(periode=periode).order_by("skp_id", "bagian__nomor")
        .values_list("skp_id", "bagian__nomor", "hash_masukan", "masukan", "capaian",
                     "usulan_predikat", "versi_aturan")
    )  # fmt: skip


def _explained(periode):
    return {
        (h.skp_id, h.bagian_id): services.explain(h.masukan).as_dict()
        for h in Hasil.objects.filter(periode=periode)
    }


def test_a_period_closed_before_a_new_version_keeps_its_results_and_explanation(
    personas, periode, averaged_kuantitas, monkeypatch
):
    spec = {"aspek": "kuantitas", "target": 40, "real": {n: (10, V) for n in range(1, 5)}}
    build_skp(personas.pegawai_pegawai, periode, [("utama", [spec])],
              perilaku={n: [S] * 7 for n in range(1, 5)})  # fmt: skip
    run = services.close_period(periode, by=personas.admin)
    periode.refresh_from_db()
    stored, explained = _stored(periode), _explained(periode)
    assert {row[6] for row in stored} == {"1.1"}
    assert {row[4] for row in stored} == {Decimal(100)}  # 40 of 40 a year, 10 of 10 a slice

    monkeypatch.setitem(registry.CURRENT, pmp.SCHEME, NEW)  # the new version ships
    assert engine.rule_version(periode) == "1.1"  # the version that closed it
    assert services.verify_period(periode) == []
    assert services.combined_hash(periode) == run.hash_gabungan
    assert _explained(periode) == explained
    (item,) = masukan.gather(periode)
    assert item.masukan == next(row[3] for row in stored if row[1] is None)
    assert _stored(periode) == stored

    # The same inputs computed afresh (the period as if still open) follow the new version.
    afresh = Periode.objects.get(pk=periode.pk)
    afresh.status = Periode.Status.PENILAIAN
    assert engine.rule_version(afresh) == NEW
    (year,) = bulk.compute(afresh)
    (item,) = masukan.gather(afresh)
    assert item.masukan["versi"] == NEW
    assert item.masukan["rhk"][0]["indikator"][0]["realisasi"] == "10"  # averaged, not 40
    assert year[4] == canonical.input_hash(item.masukan)
    assert year[4] not in {row[2] for row in stored}
    fresh = explanation.explain(item.masukan)
    assert year[5].capaian == Decimal(25) == fresh.outcome.capaian
    # each explanation cites the version that computed it
    assert f"versi {NEW}" in str(fresh.as_dict()) and "versi 1.1" not in str(fresh.as_dict())
    assert "versi 1.1" in str(explained) and NEW not in str(explained)
    first = periode.bagian.get(nomor=1)
    (part,) = bulk.compute(afresh, bagian=first)
    assert part[5].capaian == Decimal(25)  # 10 against the full 40, not against 10
