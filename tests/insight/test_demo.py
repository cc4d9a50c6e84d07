"""The planted demo anomalies are each found by the warnings."""

import json

from kinerja.insight import warnings as checks
from kinerja.insight.demo import plant_anomalies
from kinerja.skp.models import SkpRevisi
from kinerja.skp.services.rencana import snapshot
from tests.factories import PegawaiFactory
from tests.scoring.conftest import simple_skp


def test_every_planted_anomaly_is_found(personas, periode):
    skps = [
        simple_skp(PegawaiFactory(instansi=personas.instansi, unit=personas.atasan_pegawai.unit,
                                  atasan=personas.atasan_pegawai), periode)
        for _ in range(8)
    ]  # fmt: skip
    first = skps[0]
    content = json.loads(json.dumps(snapshot(first), default=str))
    SkpRevisi.objects.create(instansi=first.instansi, skp=first, nomor=0, isi=content,
                             disetujui_pada=first.disetujui_pada)  # fmt: skip
    planted = plant_anomalies(personas.instansi, seed=3)
    assert set(planted) == {"realisasi_tidak_wajar", "target_berubah", "nilai_kembar_pegawai"}
    found = checks.find_warnings(periode)
    by_code = {}
    for warning in found:
        by_code.setdefault(warning.kode, []).append(warning)
    assert f"realisasi:{planted['realisasi_tidak_wajar'][0]}" in {
        w.kunci for w in by_code["realisasi_tidak_wajar"]
    }
    assert f"indikator:{planted['target_berubah'][0]}" in {
        w.kunci for w in by_code["target_berubah"]
    }
    assert len(by_code["nilai_kembar_pegawai"][0].skp_ids) == 5
