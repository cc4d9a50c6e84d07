"""The SKP API: reads scoped like the pages, single and bulk realisations, error shape."""

import pytest

from kinerja.skp.models import Realisasi
from tests.skp.factories import approved_skp


@pytest.fixture
def skp(personas, periode, atasan_skp):
    return approved_skp(
        personas.pegawai_pegawai, periode, indicators=2, intervensi=atasan_skp.rhk.get()
    )


def test_periods_with_their_slices(personas, login, periode):
    body = login(personas.pegawai).get("/api/v1/skp/periode").json()
    assert [p["tahun"] for p in body] == [2026]
    assert [b["nomor"] for b in body[0]["bagian"]] == [1, 2, 3, 4]


def test_skp_list_is_scoped_to_what_the_user_may_see(personas, login, skp, atasan_skp):
    mine = login(personas.pegawai).get("/api/v1/skp/skp").json()["items"]
    assert [s["nama"] for s in mine] == ["Siti Pegawai"]
    rater = login(personas.atasan).get("/api/v1/skp/skp?tahun=2026").json()["items"]
    assert {s["nama"] for s in rater} == {"Siti Pegawai", "Budi Atasan"}
    assert login(personas.outsider).get("/api/v1/skp/skp").json()["items"] == []


def test_skp_detail_with_rhk_and_indicators(personas, login, skp):
    body = login(personas.atasan).get(f"/api/v1/skp/skp/{skp.pk}").json()
    assert body["status"] == "disetujui"
    assert len(body["rhk"]) == 1 and len(body["rhk"][0]["indikator"]) == 2
    assert body["rhk"][0]["intervensi_id"] is not None


def test_someone_elses_skp_is_not_found_with_the_json_error_shape(personas, login, skp):
    response = login(personas.rekan).get(f"/api/v1/skp/skp/{skp.pk}")
    assert response.status_code == 404
    assert response.json()["kode"] == "tidak_ditemukan"


def test_submit_one_realisation_and_read_it_back(personas, login, skp):
    ind = skp.rhk.get().indikator.first()
    client = login(personas.pegawai)
    response = client.post(
        "/api/v1/skp/realisasi",
        {"indikator_id": ind.pk, "bagian": 1, "nilai": "3.5", "ajukan": True},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "diajukan"
    listed = client.get(f"/api/v1/skp/skp/{skp.pk}/realisasi?bagian=1").json()
    assert [r["nilai"] for r in listed] == ["3.5000"]


def test_errors_say_which_field(personas, login, skp):
    ind = skp.rhk.get().indikator.first()
    response = login(personas.pegawai).post(
        "/api/v1/skp/realisasi",
        {"indikator_id": ind.pk, "bagian": 9, "nilai": "1"},
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert (body["kode"], body["pesan"], body["kolom"]) == (
        "validasi",
        "Bagian 9 tidak ada pada periode ini.",
        "bagian",
    )
    assert body["errors"] == [{"kolom": "bagian", "pesan": "Bagian 9 tidak ada pada periode ini."}]


def test_rater_cannot_submit_for_the_employee(personas, login, skp):
    ind = skp.rhk.get().indikator.first()
    response = login(personas.atasan).post(
        "/api/v1/skp/realisasi",
        {"indikator_id": ind.pk, "bagian": 1, "nilai": "1"},
        content_type="application/json",
    )
    assert response.status_code == 403 and response.json()["kode"] == "ditolak"


def test_version_conflict_is_409(personas, login, skp):
    ind = skp.rhk.get().indikator.first()
    client = login(personas.pegawai)
    payload = {"indikator_id": ind.pk, "bagian": 1, "nilai": "1"}
    client.post("/api/v1/skp/realisasi", payload, content_type="application/json")
    client.post(
        "/api/v1/skp/realisasi",
        {**payload, "nilai": "2", "version": 1},
        content_type="application/json",
    )
    response = client.post(
        "/api/v1/skp/realisasi",
        {**payload, "nilai": "3", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 409 and response.json()["kode"] == "konflik_versi"
    assert Realisasi.objects.get().nilai == 2


def test_bulk_submit_is_idempotent_by_external_key(personas, login, skp):
    first, second = skp.rhk.get().indikator.all()
    batch = {
        "realisasi": [
            {"indikator_id": first.pk, "bagian": 1, "nilai": "4", "kunci_eksternal": "SIMPEG-1"},
            {"indikator_id": second.pk, "bagian": 1, "nilai": "5", "kunci_eksternal": "SIMPEG-2"},
        ]
    }
    client = login(personas.pegawai)
    body = client.post(
        "/api/v1/skp/realisasi/massal", batch, content_type="application/json"
    ).json()
    assert (body["dibuat"], body["diubah"], body["tidak_berubah"]) == (2, 0, 0)
    again = client.post(
        "/api/v1/skp/realisasi/massal", batch, content_type="application/json"
    ).json()
    assert (again["dibuat"], again["diubah"], again["tidak_berubah"]) == (0, 0, 2)
    assert Realisasi.objects.count() == 2
    assert set(Realisasi.objects.values_list("kunci_eksternal", flat=True)) == {
        "SIMPEG-1",
        "SIMPEG-2",
    }


def test_bulk_submit_is_all_or_nothing(personas, login, skp):
    first, second = skp.rhk.get().indikator.all()
    batch = {
        "realisasi": [
            {"indikator_id": first.pk, "bagian": 1, "nilai": "4"},
            {"indikator_id": second.pk, "bagian": 7, "nilai": "5"},
        ]
    }
    response = login(personas.pegawai).post(
        "/api/v1/skp/realisasi/massal", batch, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["pesan"].startswith("Baris 2:")
    assert not Realisasi.objects.exists()


def _submitted(client, skp):
    ind = skp.rhk.get().indikator.first()
    body = {"indikator_id": ind.pk, "bagian": 1, "nilai": "4", "ajukan": True}
    return client.post("/api/v1/skp/realisasi", body, content_type="application/json").json()


def test_rater_verifies_and_returns_through_the_api(personas, login, skp):
    first = _submitted(login(personas.pegawai), skp)
    rater = login(personas.atasan)
    url = f"/api/v1/skp/realisasi/{first['id']}/tinjau"
    stale = rater.post(url, {"aksi": "verifikasi", "version": first["version"] - 1},
                       content_type="application/json")  # fmt: skip
    assert stale.status_code == 409 and stale.json()["kode"] == "konflik_versi"
    no_reason = rater.post(url, {"aksi": "kembalikan", "version": first["version"]},
                           content_type="application/json")  # fmt: skip
    assert no_reason.status_code == 422 and no_reason.json()["kolom"] == "komentar"
    assert Realisasi.objects.get(pk=first["id"]).status == "diajukan"
    done = rater.post(url, {"aksi": "verifikasi", "version": first["version"]},
                      content_type="application/json")  # fmt: skip
    assert done.status_code == 200 and done.json()["status"] == "diverifikasi"
    again = rater.post(url, {"aksi": "verifikasi", "version": done.json()["version"]},
                       content_type="application/json")  # fmt: skip
    assert again.status_code == 422 and "hanya yang diajukan" in again.json()["pesan"]


def test_only_the_rater_reviews_and_other_agencies_see_nothing(personas, login, skp):
    first = _submitted(login(personas.pegawai), skp)
    url = f"/api/v1/skp/realisasi/{first['id']}/tinjau"
    body = {"aksi": "verifikasi", "version": first["version"]}
    own = login(personas.pegawai).post(url, body, content_type="application/json")
    assert own.status_code == 403
    outsider = login(personas.outsider).post(url, body, content_type="application/json")
    assert outsider.status_code == 404
    colleague = login(personas.rekan).post(url, body, content_type="application/json")
    assert colleague.status_code == 404
    assert Realisasi.objects.get(pk=first["id"]).status == "diajukan"


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_an_employee_plans_through_the_api_and_the_rater_approves(personas, login, atasan_skp):
    me = login(personas.pegawai)
    created = _post(me, "/api/v1/skp/skp", {"tahun": 2026})
    assert created.status_code == 201, created.json()
    skp = created.json()
    assert (skp["status"], skp["nip_penilai"]) == ("draf", personas.atasan_pegawai.nip)
    assert _post(me, "/api/v1/skp/skp", {"tahun": 2026}).status_code == 200  # the same SKP
    cascade = atasan_skp.rhk.get().pk
    rhk = _post(me, f"/api/v1/skp/skp/{skp['id']}/rhk",
                {"uraian": "Dokumen kepegawaian selesai", "intervensi_id": cascade})  # fmt: skip
    assert rhk.status_code == 201 and rhk.json()["intervensi_id"] == cascade
    bad = _post(me, f"/api/v1/skp/rhk/{rhk.json()['id']}/indikator",
                {"uraian": "Dokumen", "target": "0", "satuan": "dokumen"})  # fmt: skip
    assert bad.status_code == 422 and bad.json()["kolom"] == "target"
    ind = _post(me, f"/api/v1/skp/rhk/{rhk.json()['id']}/indikator",
                {"uraian": "Dokumen", "target": "12", "satuan": "dokumen"})  # fmt: skip
    assert ind.status_code == 201 and ind.json()["bobot"] == "1.0000"
    url = f"/api/v1/skp/skp/{skp['id']}/transisi"
    stale = _post(me, url, {"aksi": "ajukan", "version": skp["version"] - 1})
    assert stale.status_code == 409
    sent = _post(me, url, {"aksi": "ajukan", "version": skp["version"]})
    assert sent.status_code == 200 and sent.json()["status"] == "diajukan"
    approve = {"aksi": "setujui", "version": sent.json()["version"]}
    assert _post(me, url, approve).status_code == 403
    done = _post(login(personas.atasan), url, approve)
    assert done.status_code == 200 and done.json()["status"] == "disetujui"


def test_planning_someone_elses_skp_is_refused(personas, login, draft):
    assert _post(login(personas.rekan), f"/api/v1/skp/skp/{draft.pk}/rhk",
                 {"uraian": "Bukan milik saya"}).status_code == 404  # fmt: skip
    assert _post(login(personas.outsider), f"/api/v1/skp/skp/{draft.pk}/transisi",
                 {"aksi": "ajukan", "version": 1}).status_code == 404  # fmt: skip
    assert _post(login(personas.outsider), "/api/v1/skp/skp", {"tahun": 2026}).status_code == 404
    assert draft.rhk.count() == 0


def test_the_api_refuses_a_fed_indicator_with_a_summed_aspect(personas, login, draft, atasan_skp):
    me = login(personas.pegawai)
    rhk = _post(me, f"/api/v1/skp/skp/{draft.pk}/rhk",
                {"uraian": "Layanan KTP", "intervensi_id": atasan_skp.rhk.get().pk})  # fmt: skip
    body = {"uraian": "IKM layanan KTP", "target": "80", "satuan": "nilai IKM",
            "sumber": "ikm_layanan", "sumber_kode": "LAY-KTP"}  # fmt: skip
    refused = _post(me, f"/api/v1/skp/rhk/{rhk.json()['id']}/indikator", body)
    assert refused.status_code == 422
    assert refused.json()["kolom"] == "aspek"
    assert "Pilih aspek Kualitas" in refused.json()["pesan"]
    made = _post(me, f"/api/v1/skp/rhk/{rhk.json()['id']}/indikator", body | {"aspek": "kualitas"})
    assert made.status_code == 201 and made.json()["aspek"] == "kualitas"
