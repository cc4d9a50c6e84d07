"""Regression tests for what fuzzing the API found: each a plain request, fast, with the
personas of tests/conftest.py."""

from kinerja.api.api import api
from kinerja.org.tokens import create_token


def _schema() -> dict:
    return api.get_openapi_schema(path_prefix="/api/v1")


def _bearer(user) -> dict:
    _, raw = create_token(user, nama="uji")
    return {"Authorization": f"Bearer {raw}"}


def test_every_operation_declares_the_errors_the_handlers_give():
    missing = []
    for path, methods in _schema()["paths"].items():
        for method, operation in methods.items():
            codes = {int(code) for code in operation["responses"]}
            wanted = set()
            if operation.get("security"):
                wanted |= {401, 403, 404} | ({409} if method == "post" else set())
            wanted.add(422)
            if operation.get("requestBody"):
                wanted.add(400)
            if wanted - codes:
                missing.append(f"{method.upper()} {path}: {sorted(wanted - codes)}")
    assert not missing, "\n".join(missing)


def test_a_body_that_is_not_json_answers_400_in_the_error_shape(client, personas):
    response = client.post(
        "/api/v1/skp/realisasi", b"\x00", content_type="application/json",
        headers=_bearer(personas.pegawai),
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["kode"] == "permintaan_rusak"
    assert "JSON" in response.json()["pesan"]


def _component_names(model, seen: dict) -> None:
    """Every pydantic model reachable from ``model``, by the name the schema gives it."""
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(model, type) and issubclass(model, BaseModel):
        name = model.__name__
        if name != "NinjaResponseSchema":  # ninja's wrapper, inlined rather than named
            if model in seen.setdefault(name, set()):
                return
            seen[name].add(model)
        for field in model.model_fields.values():
            _component_names(field.annotation, seen)
    for arg in get_args(model):
        _component_names(arg, seen)


def test_no_two_response_models_share_a_schema_name():
    # Two routers' HasilOut were one component: /scoring/hasil was documented with the
    # follow-up's fields.
    seen: dict[str, set] = {}
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                for model in operation.response_models.values():
                    _component_names(model, seen)
    shared = {name: models for name, models in seen.items() if len(models) > 1}
    assert not shared, shared


def test_a_result_is_documented_with_the_fields_it_has(client, personas):
    schema = _schema()
    ref = schema["paths"]["/api/v1/scoring/hasil/{pk}"]["get"]["responses"][200]["content"][
        "application/json"
    ]["schema"]["$ref"]
    fields = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]["properties"]
    assert {"nip", "predikat", "hash_masukan", "rincian"} <= set(fields)


def test_a_page_past_the_last_possible_one_is_refused_not_a_server_error(client, personas):
    headers = _bearer(personas.admin)
    for url in (
        "/api/v1/skp/skp",
        "/api/v1/org/unit",
        "/api/v1/org/pegawai",
        "/api/v1/scoring/hasil",
    ):
        response = client.get(url, {"page": 288230376151711743}, headers=headers)
        assert response.status_code == 422, url
        assert response.json()["kolom"] == "page"
        assert client.get(url, {"page": 1_000_000}, headers=headers).status_code == 200


def test_an_empty_employee_upsert_is_documented_with_the_error_body_it_gets(client, personas):
    response = client.post(
        "/api/v1/org/impor/pegawai", {"pegawai": []}, content_type="application/json",
        headers=_bearer(personas.admin),
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json()["kolom"] == "pegawai"
    declared = _schema()["paths"]["/api/v1/org/impor/pegawai"]["post"]["responses"][422]
    assert declared["content"] == {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/GalatImpor"}}
    }


def test_a_nul_character_anywhere_in_a_request_is_refused_not_a_server_error(client, personas):
    # On PostgreSQL a NUL in ?q= reached the query: DataError, a 500.
    headers = _bearer(personas.admin)
    for url, params in (
        ("/api/v1/org/pegawai", {"q": "Siti\x00"}),
        ("/api/v1/org/saya", {"x\x00": "1"}),
        ("/api/v1/citizen/aduan/AB\x00CD/", {}),
    ):
        response = client.get(url, params, headers=headers)
        assert response.status_code == 422, url
        assert response.json()["kode"] == "validasi"
    body = {"nip": "1\x00", "jenis": "x", "tanggal": "2025-01-02", "dasar": "x"}
    response = client.post(
        "/api/v1/followup/penghargaan", body, content_type="application/json", headers=headers
    )
    assert response.status_code == 422
    assert client.get("/api/v1/org/pegawai", {"q": "Siti"}, headers=headers).status_code == 200


def test_a_page_refuses_a_nul_character_with_400(client, personas):
    client.force_login(personas.admin)
    assert client.get("/", {"q": "a\x00"}).status_code == 400
    assert client.post("/", {"q": "a\x00"}).status_code == 400
