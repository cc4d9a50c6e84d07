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
            if operation.get("requestBody"):
                wanted |= {400, 422}
            if operation.get("parameters"):
                wanted.add(422)
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
