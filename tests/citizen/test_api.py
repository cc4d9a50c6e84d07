"""The public API: same protections as the pages, errors as problem+json with kode, pesan,
kolom and errors."""

import json

from kinerja.citizen.models import Aduan, JawabanSurvei
from kinerja.citizen.survey import create_tokens

BODY = {f"u{i}": 3 for i in range(1, 10)}


def post(client, url, body, **extra):
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def test_submit_answer_without_login(client, layanan):
    qr_code = layanan.penugasan.get().kode_qr
    response = post(
        client, f"/api/v1/citizen/survei/{layanan.kode_publik}/", BODY | {"petugas": qr_code}
    )
    assert response.status_code == 201
    assert response.json()["diterima"] is True
    stored = JawabanSurvei.objects.get()
    assert (stored.saluran, stored.petugas_id) == ("api", layanan.penugasan.get().pegawai_id)


def test_out_of_scale_answer_is_a_json_error(client, layanan):
    response = post(client, f"/api/v1/citizen/survei/{layanan.kode_publik}/", BODY | {"u3": 5})
    assert response.status_code == 422
    body = response.json()
    assert {"kode", "pesan", "kolom", "detail", "errors"} <= set(body)
    assert body["errors"] == [{"kolom": "u3", "pesan": "nilai paling besar 4"}]
    assert not JawabanSurvei.objects.exists()


def test_token_reuse_and_rate_limit_apply(client, settings, personas, layanan):
    (token,) = create_tokens(layanan, jumlah=1, by=personas.admin)
    url = f"/api/v1/citizen/survei/{layanan.kode_publik}/"
    assert post(client, url, BODY | {"token": token.kode}).status_code == 201
    reused = post(client, url, BODY | {"token": token.kode})
    assert reused.status_code == 409
    assert reused.json()["kode"] == "kode_struk_terpakai"
    settings.KINERJA_SURVEI_BATAS_ALAMAT = (1, 600)
    limited = post(client, url, BODY)
    assert limited.status_code == 429 and limited.json()["kode"] == "terlalu_sering"


def test_burst_is_reported_as_flagged(client, settings, layanan):
    settings.KINERJA_SURVEI_LONJAKAN = (2, 600)
    url = f"/api/v1/citizen/survei/{layanan.kode_publik}/"
    assert post(client, url, BODY, REMOTE_ADDR="10.0.0.1").json()["ditandai"] is False
    assert post(client, url, BODY, REMOTE_ADDR="10.0.0.2").json()["ditandai"] is True


def test_unknown_service_is_404_json(client, db):
    response = post(client, "/api/v1/citizen/survei/tidak-ada/", BODY)
    assert response.status_code == 404
    assert "pesan" in response.json()


def test_complaint_and_its_status(client, layanan):
    body = {"layanan": layanan.kode_publik, "isi": "Antrean panjang tidak tertib."}
    created = post(client, "/api/v1/citizen/aduan/", body | {"kontak_pelapor": "0812"})
    assert created.status_code == 201
    code = created.json()["kode_lacak"]
    assert Aduan.objects.get().saluran == "api"
    status = client.get(f"/api/v1/citizen/aduan/{code}/")
    assert status.status_code == 200
    assert status.json()["status"] == "diterima"
    assert "0812" not in status.content.decode()
    assert client.get("/api/v1/citizen/aduan/ADU-NOPE/").status_code == 404


def test_openapi_documents_the_public_endpoints_in_indonesian(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/citizen/survei/{kode}"]["post"]
    assert operation["summary"] == "Kirim jawaban survei kepuasan"
    assert "security" not in operation or operation["security"] == [{}] or not operation["security"]


def test_officer_by_nip_and_unknown_or_removed_officer_via_the_api(client, personas, layanan):
    url = f"/api/v1/citizen/survei/{layanan.kode_publik}/"
    nip = personas.pegawai_pegawai.nip
    # A NIP or short code is guessable: alone it rates nobody (issue 23), with a receipt
    # code it does.
    alone = post(client, url, BODY | {"petugas": nip})
    assert (alone.status_code, alone.json()["kode"]) == (400, "kode_petugas_pendek")
    (token,) = create_tokens(layanan, jumlah=1, by=personas.admin)
    assert post(client, url, BODY | {"petugas": nip, "token": token.kode}).status_code == 201
    assert JawabanSurvei.objects.get().petugas_id == personas.pegawai_pegawai.pk
    assert post(client, url, BODY | {"petugas": "p99"}).status_code == 404
    layanan.penugasan.update(aktif=False)
    assert post(client, url, BODY | {"petugas": "p01"}).status_code == 404
    assert post(client, url, BODY).status_code == 201
    assert JawabanSurvei.objects.count() == 2


def test_an_inactive_service_takes_no_answers_via_the_api(client, layanan):
    layanan.aktif = False
    layanan.save()
    response = post(client, f"/api/v1/citizen/survei/{layanan.kode_publik}/", BODY)
    assert response.status_code == 404
    assert not JawabanSurvei.objects.exists()
