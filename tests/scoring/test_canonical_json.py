"""The hand-written canonical JSON of the inputs is exactly ``json.dumps`` (sorted keys, no
spaces, non-ASCII kept): the stored inputs and their hashes do not depend on which wrote them."""

import json

from hypothesis import given
from hypothesis import strategies as st

from kinerja.scoring.services import canonical
from kinerja.scoring.services.close import close_period
from kinerja.scoring.services.masukan import gather
from tests.factories import PegawaiFactory
from tests.scoring.conftest import A, S, simple_skp


def reference(masukan) -> str:
    return json.dumps(masukan, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


texts = st.one_of(st.sampled_from(["naik", "kuantitas", "12.5", "0", "utama"]), st.text())
scalars = st.one_of(st.none(), st.booleans(), st.integers(), texts,
                    st.floats(allow_nan=False, allow_infinity=False))  # fmt: skip
indicator = st.fixed_dictionaries({
    "id": st.one_of(st.integers(), st.booleans()), "aspek": texts, "arah": texts,
    "target": texts, "target_atas": st.one_of(st.none(), texts), "bobot": texts,
    "realisasi": st.one_of(st.none(), texts, st.integers()),
    "jumlah_realisasi": st.one_of(st.integers(), st.none()),
})  # fmt: skip
rhk = st.fixed_dictionaries(
    {"id": st.integers(), "jenis": texts, "indikator": st.lists(indicator, max_size=4)}
)
masukan = st.fixed_dictionaries(
    {"skema": texts, "versi": texts, "bagian": st.one_of(st.none(), st.integers()),
     "jumlah_bagian": st.integers(), "rhk": st.lists(rhk, max_size=3),
     "parameter": st.dictionaries(texts, texts, max_size=3)},
    optional={"perilaku": st.one_of(st.none(), st.fixed_dictionaries(
                  {"nilai": st.lists(texts, max_size=7), "catatan": st.lists(st.booleans())})),
              "perilaku_periodik": st.lists(st.dictionaries(texts, scalars, max_size=3)),
              "hasil_unit": texts, "struktural": st.booleans(), "Ä": scalars, "extra": scalars},
)  # fmt: skip


@given(masukan)
def test_canonical_json_equals_json_dumps_on_any_inputs_of_the_gathered_shape(value):
    assert canonical.canonical_json(value) == reference(value)


@given(st.dictionaries(st.one_of(texts, st.integers()), scalars, max_size=5))
def test_canonical_json_equals_json_dumps_on_other_shapes(value):
    try:
        expected = reference(value)
    except TypeError:  # json cannot sort mixed keys either
        return
    assert canonical.canonical_json(value) == expected


def test_canonical_json_of_gathered_inputs_equals_json_dumps(personas, periode):
    for n in range(3):
        person = PegawaiFactory(instansi=personas.instansi, unit=personas.pegawai_pegawai.unit,
                                atasan=personas.atasan_pegawai)  # fmt: skip
        simple_skp(person, periode, real=(10 + n, 10, 7, 10), perilaku=(A,) * 4 + (S,) * 3)
    close_period(periode, by=personas.admin)
    slices = [*periode.bagian.all(), None]
    assert len(slices) > 1
    for bagian in slices:
        gathered = gather(periode, bagian=bagian)
        assert gathered, bagian
        for item in gathered:
            assert canonical.canonical_json(item.masukan) == reference(item.masukan)
