"""Scoring API: results with breakdown as the role allows, filters, pagination, decisions."""

import pytest

from kinerja.scoring import services
from kinerja.scoring.models import Hasil
from tests.scoring.conftest import simple_skp


@pytest.fixture
def computed(personas, periode):
    simple_skp(personas.pegawai_pegawai, periode, real=(10, 10, 10, 14))
    simple_skp(personas.rekan_pegawai, periode)
    services.compute_results(periode, by=personas.admin)
    return Hasil.objects.get(skp__pegawai=personas.pegawai_pegawai)


def test_employee_reads_only_their_own_results_with_breakdown(personas, login, computed):
    body = login(personas.pegawai).get("/api/v1/scoring/hasil?tahun=2026").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (
        item["nip"] == personas.pegawai_pegawai.nip and item["capaian"] == "110.00"
    )  # exact, as the rule returns it
    assert item["usulan_hasil_kerja"] == "di_atas" and item["bagian"] is None
    assert item["rincian"]["indikator"][0]["rumus"] == "capaian = realisasi / target × 100%"


def test_rater_and_hr_see_the_team_and_filter_by_unit(personas, login, computed):
    assert login(personas.atasan).get("/api/v1/scoring/hasil").json()["count"] == 2
    kode = personas.pegawai_pegawai.unit.kode
    body = login(personas.auditor).get(f"/api/v1/scoring/hasil?unit={kode}&rincian=false").json()
    assert body["count"] == 2 and body["items"][0]["rincian"] is None
    assert login(personas.admin).get("/api/v1/scoring/hasil?unit=TIDAKADA").json()["count"] == 0


def test_other_agency_and_colleague_get_404(personas, login, computed):
    assert login(personas.outsider).get(f"/api/v1/scoring/hasil/{computed.pk}").status_code == 404
    response = login(personas.rekan).get(f"/api/v1/scoring/hasil/{computed.pk}")
    assert response.status_code == 404 and response.json()["kode"] == "tidak_ditemukan"


def test_override_needs_a_reason_and_a_stale_version_is_409(personas, login, computed):
    client = login(personas.atasan)
    url = f"/api/v1/scoring/hasil/{computed.pk}/keputusan"
    body = {"aksi": "ubah", "version": computed.version, "hasil_kerja": "sesuai",
            "perilaku": "sesuai", "alasan": ""}  # fmt: skip
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["kolom"] == "alasan"
    body["alasan"] = "Sebagian realisasi kuartal 4 milik tim lain."
    done = client.post(url, body, content_type="application/json")
    assert done.status_code == 200 and done.json()["predikat"] == "baik"
    assert done.json()["status"] == "diubah"
    stale = client.post(url, {"aksi": "konfirmasi", "version": computed.version},
                        content_type="application/json")  # fmt: skip
    assert stale.status_code == 409 and stale.json()["kode"] == "konflik_versi"


def test_only_the_rater_decides_through_the_api(personas, login, computed):
    response = login(personas.admin).post(
        f"/api/v1/scoring/hasil/{computed.pk}/keputusan",
        {"aksi": "konfirmasi", "version": computed.version}, content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 403 and response.json()["kode"] == "ditolak"
