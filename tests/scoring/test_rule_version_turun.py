"""Issue 24: the ``turun`` floor (rule version 1.1) changes results; a period closed under
1.0 keeps its frozen rows, verifies against them and is explained by 1.0's rule."""

from decimal import Decimal

from kinerja.scoring import services
from kinerja.scoring.models import Hasil, PenutupanPeriode
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import registry
from kinerja.scoring.services import engine, masukan
from kinerja.scoring.services.explanation import explain
from tests.scoring.conftest import S, V, build_skp


def _turun_skp(pegawai, periode):
    """One 'turun' quality indicator, target 10, realised 24 in every slice: (1 + (1 − 2.4))
    × 100% = −40% by the formula."""
    spec = {"aspek": "kualitas", "arah": "turun", "target": 10,
            "real": {n: (24, V) for n in range(1, 5)}}  # fmt: skip
    return build_skp(pegawai, periode, [("utama", [spec])],
                     perilaku={n: [S] * 7 for n in range(1, 5)})  # fmt: skip


def _annual(periode):
    return Hasil.objects.get(periode=periode, bagian__isnull=True)


def test_a_new_close_floors_turun_at_zero_and_records_version_1_1(personas, periode):
    _turun_skp(personas.pegawai_pegawai, periode)
    run = services.close_period(periode, by=personas.admin)
    hasil = _annual(periode)
    assert run.versi_aturan == pmp.VERSION == "1.1"
    assert hasil.versi_aturan == "1.1"
    assert hasil.capaian == Decimal(0)
    assert services.verify_period(periode) == []


def test_a_period_closed_under_1_0_keeps_its_rows_hashes_and_explanation(
    personas, periode, monkeypatch
):
    _turun_skp(personas.pegawai_pegawai, periode)
    with monkeypatch.context() as m:  # the close as version 1.0 made it
        m.setitem(registry.CURRENT, engine.PMP, "1.0")
        run = services.close_period(periode, by=personas.admin)
    periode.refresh_from_db()
    hasil = _annual(periode)
    assert run.versi_aturan == "1.0" and hasil.versi_aturan == "1.0"
    assert hasil.capaian == Decimal(-40)
    stored = list(Hasil.objects.filter(periode=periode).order_by("pk")
                  .values_list("hash_masukan", "capaian", "usulan_predikat"))  # fmt: skip
    # today's code (1.1) reads the period as 1.0 closed it: nothing differs, nothing moves
    assert engine.rule_version(periode) == "1.0"
    assert services.verify_period(periode) == []
    assert services.combined_hash(periode) == run.hash_gabungan
    (item,) = masukan.gather(periode)
    explanation = explain(item.masukan)
    assert explanation.outcome.capaian == Decimal(-40)
    assert "versi 1.0" in str(explanation.as_dict()) and "versi 1.1" not in str(
        explanation.as_dict()
    )
    assert list(Hasil.objects.filter(periode=periode).order_by("pk")
                .values_list("hash_masukan", "capaian", "usulan_predikat")) == stored  # fmt: skip
    assert PenutupanPeriode.objects.get(periode=periode).versi_aturan == "1.0"
