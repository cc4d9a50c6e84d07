"""One error shape for everything under /api/ (issue 22): RFC 9457 problem+json with an
Indonesian detail and every field error by its public name, for the answers routers give and
those they never see (unknown path, wrong method, oversized body, a crash)."""

import json

import pytest

from kinerja.citizen.models import JawabanSurvei
from kinerja.org.tokens import create_token

PROBLEM = "application/problem+json"
ANSWERS = {f"u{i}": 3 for i in range(1, 10)}
ENGLISH = ("Input should", "Field required", "valid integer", "Not Found", "Method not allowed")


def _bearer(user) -> dict:
    _, raw = create_token(user, nama="uji")
    return {"Authorization": f"Bearer {raw}"}


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status
    assert body["type"] == f"urn:kinerja:galat:{body['kode']}"
    assert body["title"] and body["detail"] == body["pesan"]
    assert not any(word in body["detail"] for word in ENGLISH), body["detail"]
    return body


def post(client, url, body, **extra):
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def test_an_unknown_path_is_a_problem_not_an_html_page(client, db):
    body = _problem(client.get("/api/v1/tidak-ada"), 404)
    assert body["kode"] == "alamat_tidak_ditemukan"
    assert body["instance"] == "/api/v1/tidak-ada"


def test_a_wrong_method_is_a_problem_with_allow(client, personas):
    response = client.delete("/api/v1/org/saya", headers=_bearer(personas.admin))
    body = _problem(response, 405)
    assert "GET" in response["Allow"] and "DELETE" in body["detail"]


def test_an_oversized_body_is_413(client, settings, layanan):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = post(client, f"/api/v1/citizen/survei/{layanan.kode_publik}",
                    ANSWERS | {"saran": "x" * 2000})  # fmt: skip
    assert _problem(response, 413)["kode"] == "terlalu_besar"
    assert not JawabanSurvei.objects.exists()


@pytest.mark.parametrize("slash", ["", "/"])
def test_a_post_with_or_without_the_trailing_slash_is_the_same_request(client, layanan, slash):
    # was: a 500 (DEBUG) or a 301 then a confusing 422 without the slash
    response = post(client, f"/api/v1/citizen/survei/{layanan.kode_publik}{slash}", ANSWERS)
    assert response.status_code == 201
    assert client.get(f"/api/v1/org/saya{slash}").status_code == 401


def test_every_field_error_is_listed_by_its_public_name_in_indonesian(client, layanan):
    body = ANSWERS | {"u1": 5, "u3": 0}
    del body["u2"]
    problem = _problem(post(client, f"/api/v1/citizen/survei/{layanan.kode_publik}", body), 422)
    assert problem["kode"] == "validasi"
    assert problem["kolom"] == "u1"  # not data.u1
    assert problem["errors"] == [
        {"kolom": "u1", "pesan": "nilai paling besar 4"},
        {"kolom": "u2", "pesan": "wajib diisi"},
        {"kolom": "u3", "pesan": "nilai paling kecil 1"},
    ]


@pytest.mark.parametrize("answer", [True, 1.0, "2", 2.5, None])
def test_the_public_survey_refuses_answers_that_are_not_integers(client, layanan, answer):
    response = post(client, f"/api/v1/citizen/survei/{layanan.kode_publik}",
                    ANSWERS | {"u4": answer})  # fmt: skip
    assert _problem(response, 422)["errors"][0]["kolom"] == "u4"
    assert not JawabanSurvei.objects.exists()


def test_the_public_404_does_not_speak_of_your_agency(client, db):
    body = _problem(post(client, "/api/v1/citizen/survei/TIDAKADA", ANSWERS), 404)
    assert "instansi Anda" not in body["detail"]
    body = _problem(client.get("/api/v1/citizen/aduan/ADU-NOPE"), 404)
    assert "instansi Anda" not in body["detail"]


def test_a_rate_limit_says_when_to_retry(client, settings, layanan):
    settings.KINERJA_SURVEI_BATAS_ALAMAT = (1, 600)
    url = f"/api/v1/citizen/survei/{layanan.kode_publik}"
    assert post(client, url, ANSWERS).status_code == 201
    response = post(client, url, ANSWERS)
    assert _problem(response, 429)["kode"] == "terlalu_sering"
    assert response["Retry-After"] == "600"


def test_a_crash_is_a_500_problem_without_internals(client, personas, monkeypatch):
    from kinerja.org import api as org_api

    def boom(user):
        raise RuntimeError("rahasia internal")

    monkeypatch.setattr(org_api, "roles_of", boom)
    response = client.get("/api/v1/org/saya", headers=_bearer(personas.admin))
    body = _problem(response, 500)
    assert body["kode"] == "galat_server"
    assert "rahasia" not in response.content.decode()


def test_unauthenticated_is_401_with_the_bearer_challenge(client, db):
    response = client.get("/api/v1/org/pegawai")
    assert _problem(response, 401)["kode"] == "tidak_terautentikasi"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_every_error_in_the_schema_is_problem_json():
    from kinerja.api.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    wrong = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for code, response in operation["responses"].items():
                content = response.get("content", {})
                if int(code) >= 400 and PROBLEM not in content:
                    wrong.append(f"{method} {path} {code}")
    assert not wrong, wrong


def test_a_refused_employee_upsert_is_a_problem_naming_each_item(client, personas):
    unit = personas.pegawai_pegawai.unit.kode
    body = {"pegawai": [{"nip": "123", "nama": "A", "status": "PNS", "kode_unit": unit}]}
    response = post(client, "/api/v1/org/impor/pegawai", body, headers=_bearer(personas.admin))
    problem = _problem(response, 422)
    assert problem["errors"][0]["kolom"] == "pegawai.0.nip"
    assert problem["disimpan"] is False and problem["kesalahan"][0]["indeks"] == 0
