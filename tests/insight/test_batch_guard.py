"""A bulk print that would print nothing says why before it starts (issue 19): no job row,
no empty ZIP, the choice kept."""

import pytest

from kinerja.insight.models import PekerjaanLaporan
from kinerja.scoring import services as scoring
from kinerja.skp.models import Periode
from tests.scoring.conftest import simple_skp
from tests.skp.factories import PeriodeFactory


@pytest.fixture
def no_thread(settings):
    settings.KINERJA_LAPORAN_THREAD = False


def _post(client, periode, **data):
    return client.post(f"/wawasan/cetak/?tahun={periode.tahun}", data)


def test_annual_evaluations_of_an_open_period_are_explained_not_started(personas, login, no_thread):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026,
                             status=Periode.Status.PENILAIAN)  # fmt: skip
    simple_skp(personas.pegawai_pegawai, periode)
    scoring.compute_results(periode, by=personas.admin)  # provisional annual results exist
    response = _post(login(personas.admin), periode, jenis="evaluasi", unit="", bagian="")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Evaluasi tahunan 2026 belum dapat dicetak" in page and "Penilaian" in page
    assert '<option value="evaluasi" selected>' in page
    assert not PekerjaanLaporan.objects.exists()


def test_a_batch_with_no_document_is_explained_not_started(personas, login, no_thread):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026,
                             status=Periode.Status.PELAKSANAAN)  # fmt: skip
    unit = personas.pegawai_pegawai.unit
    response = _post(login(personas.admin), periode, jenis="skp", unit=str(unit.pk), bagian="")
    page = response.content.decode()
    assert response.status_code == 400
    assert f"belum ada SKP di {unit.nama} yang disetujui pada periode 2026" in page
    assert f'<option value="{unit.pk}" selected>' in page
    bagian = periode.bagian.get(nomor=1)
    response = _post(login(personas.admin), periode, jenis="evaluasi", bagian=str(bagian.pk))
    assert response.status_code == 400 and "belum ada hasil evaluasi" in response.content.decode()
    assert not PekerjaanLaporan.objects.exists()


def test_a_batch_with_documents_still_starts(personas, login, no_thread):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026,
                             status=Periode.Status.PELAKSANAAN)  # fmt: skip
    simple_skp(personas.pegawai_pegawai, periode)
    response = _post(login(personas.admin), periode, jenis="skp", unit="", bagian="")
    job = PekerjaanLaporan.objects.get()
    assert response.status_code == 302 and job.jumlah == 1
