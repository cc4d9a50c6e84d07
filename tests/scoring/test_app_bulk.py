"""The close's bulk path gives, result by result, exactly what gather → canonical_json →
evaluate give: the same canonical text (so the same hash), the same outcome, the same count of
unverified realisations, on random SKPs with every kind of input the rules see."""

import json
import random

import pytest

from kinerja.core import dbstream
from kinerja.scoring import services
from kinerja.scoring.models import Hasil
from kinerja.scoring.services import bulk, canonical, engine, inputs, masukan
from kinerja.skp.models import Realisasi
from tests.scoring.conftest import A, B, S, random_agency


def reference(periode, bagian, skp_ids=None, source=None) -> list[tuple]:
    params = engine.parameters(periode)
    found = []
    for item in masukan.gather(periode, bagian=bagian, skp_ids=skp_ids, source=source):
        payload = json.dumps(item.masukan, sort_keys=True, separators=(",", ":"),
                             ensure_ascii=False)  # fmt: skip
        outcome = engine.evaluate(item.masukan, params, {})
        found.append((item.skp_id, item.instansi_id, item.tertunda, payload,
                      canonical.hash_of(payload), outcome.key()))  # fmt: skip
    return found


def fast(periode, bagian, skp_ids=None, source=None) -> list[tuple]:
    return [
        (skp_id, instansi_id, tertunda, payload, digest, outcome.key())
        for skp_id, instansi_id, tertunda, payload, digest, outcome in bulk.compute(
            periode, bagian=bagian, skp_ids=skp_ids, source=source
        )
    ]


def test_bulk_path_equals_gather_and_evaluate_on_random_skps(personas, periode):
    rng = random.Random(5)
    skps = random_agency(personas, periode, rng)
    slices = list(periode.bagian.order_by("nomor"))
    for bagian in slices:
        expected = reference(periode, bagian)
        assert len(expected) == len(skps)
        assert fast(periode, bagian) == expected
    # some slices decided by the rater: the year takes their behaviour instead of the proposal
    for bagian in slices[:2]:
        services.compute_results(periode, by=personas.admin, bagian=bagian)
    decided = list(Hasil.objects.filter(bagian__isnull=False, galat="").order_by("pk"))
    for n, hasil in enumerate(decided[::3]):
        status = Hasil.Status.DIKONFIRMASI if n % 2 else Hasil.Status.DIUBAH
        Hasil.objects.filter(pk=hasil.pk).update(
            status=status, akhir_hasil_kerja=S, akhir_perilaku=[A, S, B][n % 3],
            akhir_predikat="baik", alasan="alasan yang cukup panjang",
        )  # fmt: skip
    expected = reference(periode, None)
    assert any(json.loads(row[3])["perilaku_periodik"] for row in expected)
    assert any(row[5][5] for row in expected)  # some results carry the rules' message
    assert any(json.loads(row[3])["hasil_unit"] for row in expected)
    assert fast(periode, None) == expected
    # narrowed to some SKPs, and with the inputs read once for several passes
    some = [skp.pk for skp in skps[::4]]
    assert fast(periode, slices[2], skp_ids=some) == reference(periode, slices[2], skp_ids=some)
    source = inputs.read_source(periode)
    for bagian in [*slices, None]:
        assert fast(periode, bagian, source=source) == reference(periode, bagian)
        assert fast(periode, bagian, skp_ids=some, source=source) == reference(
            periode, bagian, skp_ids=some
        )


def test_the_year_from_summed_realisations_equals_the_year_from_single_ones(personas, periode):
    """read_source(annual_only=True) sums per indicator in the database; the year computed
    from it is the year computed from every realisation (texts, hashes, outcomes, pending
    counts), whole and narrowed, on both paths; a slice cannot be computed from it."""
    rng = random.Random(17)
    skps = random_agency(personas, periode, rng, count=40)
    summed = inputs.read_source(periode, annual_only=True)
    expected = reference(periode, None)
    assert any(row[2] for row in expected)  # some unverified realisations
    assert fast(periode, None, source=summed) == expected
    assert reference(periode, None, source=summed) == expected
    some = [skp.pk for skp in skps[::3]]
    narrowed = inputs.read_source(periode, skp_ids=some, annual_only=True)
    assert fast(periode, None, skp_ids=some, source=narrowed) == reference(
        periode, None, skp_ids=some
    )
    with pytest.raises(ValueError, match="annual_only"):
        fast(periode, periode.bagian.first(), source=summed)


def test_the_year_laid_out_while_the_database_sums_is_the_same(personas, periode):
    """read_source(annual_only) hands the source to ``prepare`` before the sums are in (the
    slot lists still empty, filled in place afterwards): the year computed on it equals the
    year from the single realisations, indicators without a realisation included."""
    random_agency(personas, periode, random.Random(23), count=12)
    bare = Realisasi.objects.order_by("pk").first().indikator_id
    Realisasi.objects.filter(indikator_id=bare).delete()  # an indicator without a realisation
    seen = []

    def prepare(source):
        seen.append(sum(len(slots) for slots in source.realisations.values()))
        bulk.prepare(source)

    # right after a streamed read (libpq kept its chunked mode into a pipeline)
    assert list(dbstream.stream_rows(Realisasi.objects.values_list("pk")))
    summed = inputs.read_source(periode, annual_only=True, prepare=prepare)
    assert seen == [0]  # laid out before any sum arrived
    assert any(slots for slots in summed.realisations.values())
    assert summed.realisations[bare] == []
    assert fast(periode, None, source=summed) == reference(periode, None)


def test_every_slice_laid_out_beside_the_reading_is_the_same(personas, periode):
    """read_source (every realisation) hands the source to ``prepare`` in a thread of its
    own, every indicator's slots made (filled in place), while it reads the rest: every
    slice and the year computed on it equal the reference, indicators without a realisation
    included; the thread has ended when read_source returns; its error comes out of it."""
    import threading

    random_agency(personas, periode, random.Random(37), count=12)
    bare = Realisasi.objects.order_by("pk").first().indikator_id
    Realisasi.objects.filter(indikator_id=bare).delete()
    seen = []

    def prepare(source):
        every = [row[2] for rows in source.indicators.values() for row in rows]
        seen.append((threading.current_thread() is threading.main_thread(),
                     all(len(source.realisations[i]) == 4 for i in every)))  # fmt: skip
        bulk.prepare(source)

    source = inputs.read_source(periode, prepare=prepare)
    assert seen == [(False, True)]  # beside the reading; every slot list there to keep
    assert not [t for t in threading.enumerate() if t.name == "kinerja-tata-letak"]
    assert source.realisations[bare] == [None] * 4
    for bagian in [*periode.bagian.order_by("nomor"), None]:
        assert fast(periode, bagian, source=source) == reference(periode, bagian)

    def broken(source):
        raise RuntimeError("tata letak gagal")

    with pytest.raises(RuntimeError, match="tata letak gagal"):
        inputs.read_source(periode, prepare=broken)


def test_a_close_after_every_slice_reads_sums_and_stores_the_same_year(personas, periode):
    random_agency(personas, periode, random.Random(19), count=10)
    expected = {row[0]: row[4] for row in reference(periode, None)}
    for bagian in periode.bagian.order_by("nomor"):
        services.compute_results(periode, by=personas.admin, bagian=bagian)
    reads = []
    real = inputs.read_source
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(inputs, "read_source", lambda *a, **k: reads.append(k) or real(*a, **k))
        services.close_period(periode, by=personas.admin)
    assert reads == [{"annual_only": True, "prepare": bulk.prepare}]
    stored = dict(
        Hasil.objects.filter(periode=periode, bagian__isnull=True).values_list(
            "skp_id", "hash_masukan"
        )
    )
    assert stored == expected


def test_close_stores_the_bulk_paths_text_and_hash(personas, periode):
    rng = random.Random(11)
    random_agency(personas, periode, rng, count=8)
    expected = {(None if b is None else b.pk): reference(periode, b)
                for b in [*periode.bagian.all(), None]}  # fmt: skip
    services.close_period(periode, by=personas.admin)
    assert expected and all(expected.values())
    for bagian_id, rows in expected.items():
        stored = dict(
            Hasil.objects.filter(periode=periode, bagian_id=bagian_id).values_list(
                "skp_id", "hash_masukan"
            )
        )
        assert stored == {row[0]: row[4] for row in rows}


def test_a_rating_code_holding_the_separator_is_refused(personas, periode):
    """The seven ratings are read as one text split on "|": a stored value holding it (no
    code does; only a write past the form could) stops the read instead of shifting the
    ratings."""
    from kinerja.skp.models import PenilaianPerilaku

    random_agency(personas, periode, random.Random(31), count=2)
    inputs.read_source(periode)
    PenilaianPerilaku.objects.filter(pk=PenilaianPerilaku.objects.first().pk).update(
        adaptif="di|atas"
    )
    with pytest.raises(ValueError, match="kode tak dikenal"):
        inputs.read_source(periode)
