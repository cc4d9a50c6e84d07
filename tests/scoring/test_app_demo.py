"""Demo results: past slices computed, lenient and severe raters planted, idempotent."""

from datetime import date

from kinerja.scoring.demo import build_results
from kinerja.scoring.models import Hasil
from tests.factories import PegawaiFactory
from tests.scoring.conftest import simple_skp


def test_build_results_computes_past_slices_and_plants_two_kinds_of_raters(personas, periode):
    unit = personas.pegawai_pegawai.unit
    for boss in (personas.atasan_pegawai, PegawaiFactory(instansi=personas.instansi, unit=unit)):
        for _ in range(3):
            person = PegawaiFactory(instansi=personas.instansi, unit=unit, atasan=boss)
            simple_skp(person, periode, real=(10, 10, 10, 10))
    summary = build_results(personas.instansi, today=date(2026, 7, 15))
    assert summary.bagian == [1, 2]
    assert Hasil.objects.filter(bagian__nomor__in=[1, 2]).count() == 12
    assert not Hasil.objects.filter(bagian__isnull=True).exists()
    assert summary.dinaikkan == 6 and summary.diturunkan == 6
    raised = Hasil.objects.filter(skp__penilai_id=summary.penilai_longgar)
    assert {h.akhir_hasil_kerja for h in raised} == {"di_atas"}
    assert all(h.alasan for h in Hasil.objects.filter(status="diubah"))
    again = build_results(personas.instansi, today=date(2026, 7, 15))
    assert again.stored.baru == 0 and again.dinaikkan == 0
