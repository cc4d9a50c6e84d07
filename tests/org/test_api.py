"""Organisation API: tokens, scoping by agency and role, one error shape."""

from datetime import timedelta

from django.utils import timezone

from kinerja.org.models import ApiToken
from kinerja.org.tokens import create_token, revoke_token


def _get(client, url, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(url, headers=headers)


def test_a_token_acts_as_its_owner(client, personas):
    _, raw = create_token(personas.admin, nama="SIMPEG")
    response = _get(client, "/api/v1/org/saya", raw)
    assert response.status_code == 200
    assert response.json() == {
        "username": "admin.bkpsdm", "instansi": "KOTA", "nip": None, "peran": ["admin"]
    }  # fmt: skip


def test_only_the_tokens_hash_is_stored(personas):
    token, raw = create_token(personas.admin, nama="SIMPEG")
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw not in (stored.digest, stored.prefix) and len(stored.digest) == 64


def test_revoked_expired_or_unknown_tokens_are_refused_with_one_error_shape(client, personas):
    token, raw = create_token(personas.admin, nama="SIMPEG")
    revoke_token(token, by=personas.admin)
    expired, raw_expired = create_token(personas.admin, nama="lama")
    ApiToken.objects.filter(pk=expired.pk).update(kedaluwarsa=timezone.now() - timedelta(days=1))
    for bad in (raw, raw_expired, "knj_tebakan", None):
        response = _get(client, "/api/v1/org/saya", bad)
        assert response.status_code == 401
        assert response.json()["kode"] == "tidak_terautentikasi"
        assert response["Content-Type"] == "application/problem+json"
        assert {"type", "title", "status", "detail", "kode", "pesan", "kolom"} <= set(
            response.json()
        )


def test_an_employee_sees_only_themself_and_hr_sees_the_agency(client, personas):
    _, mine = create_token(personas.pegawai, nama="uji")
    nips = [p["nip"] for p in _get(client, "/api/v1/org/pegawai", mine).json()["items"]]
    assert nips == [personas.pegawai_pegawai.nip]
    _, hr = create_token(personas.admin, nama="uji")
    body = _get(client, "/api/v1/org/pegawai", hr).json()
    assert body["count"] == 3


def test_a_supervisor_sees_the_team_below(client, personas):
    _, raw = create_token(personas.atasan, nama="uji")
    body = _get(client, "/api/v1/org/pegawai", raw).json()
    assert {p["nama"] for p in body["items"]} == {"Budi Atasan", "Siti Pegawai", "Rina Rekan"}


def test_another_agencys_employee_is_not_found(client, personas):
    _, raw = create_token(personas.outsider, nama="uji")
    response = _get(client, f"/api/v1/org/pegawai/{personas.pegawai_pegawai.nip}", raw)
    assert response.status_code == 404
    assert response.json()["kode"] == "tidak_ditemukan"


def test_filters_by_unit_and_name(client, personas):
    _, raw = create_token(personas.admin, nama="uji")
    body = _get(client, "/api/v1/org/pegawai?unit=DINKES&q=siti", raw).json()
    assert [p["nama"] for p in body["items"]] == ["Siti Pegawai"]


def test_a_bad_query_value_names_the_field(client, personas):
    _, raw = create_token(personas.admin, nama="uji")
    response = _get(client, "/api/v1/org/pegawai?aktif=mungkin", raw)
    assert response.status_code == 422
    assert response.json()["kolom"] == "aktif"


def test_the_openapi_schema_is_published(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/org/pegawai" in response.json()["paths"]


def test_a_user_creates_a_token_on_the_page_and_sees_it_once(personas, login):
    client = login(personas.pegawai)
    response = client.post("/akun/token/", {"nama": "Aplikasi absensi", "hari": "30"})
    secret = response.context["secret"]
    assert secret.startswith("knj_") and secret in response.content.decode()
    again = client.get("/akun/token/")
    assert secret not in again.content.decode()
    assert "Aplikasi absensi" in again.content.decode()


def test_a_token_with_a_bad_lifetime_is_refused_with_a_message(personas, login):
    response = login(personas.pegawai).post("/akun/token/", {"nama": "x", "hari": "1000"})
    assert "1–365 hari" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_nobody_revokes_another_users_token(personas, login):
    token, _ = create_token(personas.admin, nama="SIMPEG")
    response = login(personas.pegawai).post(f"/akun/token/{token.pk}/cabut/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.dicabut is None


def _post(client, url, body, token):
    return client.post(
        url, body, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )


def test_hr_upserts_employees_by_nip_in_bulk_and_a_repeat_changes_nothing(client, personas):
    from kinerja.org.models import Pegawai

    _, raw = create_token(personas.admin, nama="SIMPEG")
    body = {
        "pegawai": [
            {"nip": "19900101 201501 1 001", "nama": "Andi Baru", "status": "PNS",
             "kode_unit": "DINKES", "nip_atasan": personas.atasan_pegawai.nip,
             "golongan": "III/b"},
            {"nip": personas.rekan_pegawai.nip, "nama": "Rina Rekan Sari", "status": "PNS",
             "kode_unit": "DINKES"},
        ]
    }  # fmt: skip
    first = _post(client, "/api/v1/org/impor/pegawai", body, raw)
    assert first.status_code == 200, first.json()
    assert first.json() | {"kesalahan": []} == {
        "dibuat": 1, "diubah": 1, "tidak_berubah": 0, "disimpan": True, "kesalahan": []
    }  # fmt: skip
    assert Pegawai.objects.get(nip="199001012015011001").atasan == personas.atasan_pegawai
    again = _post(client, "/api/v1/org/impor/pegawai", body, raw).json()
    assert (again["dibuat"], again["diubah"], again["tidak_berubah"]) == (0, 0, 2)


def test_a_bad_item_is_reported_by_index_and_nothing_is_written(client, personas):
    from kinerja.org.models import Pegawai

    _, raw = create_token(personas.admin, nama="SIMPEG")
    before = Pegawai.objects.count()
    body = {
        "pegawai": [
            {"nip": "199001012015011001", "nama": "Andi", "status": "PNS", "kode_unit": "DINKES"},
            {"nip": "12345", "nama": "Salah", "status": "PNS", "kode_unit": "TIDAKADA"},
        ]
    }
    response = _post(client, "/api/v1/org/impor/pegawai", body, raw)
    assert response.status_code == 422
    errors = response.json()["kesalahan"]
    assert {(e["indeks"], e["kolom"]) for e in errors} == {(1, "nip"), (1, "kode_unit")}
    assert Pegawai.objects.count() == before


def test_only_hr_may_upsert_employees(client, personas):
    _, raw = create_token(personas.atasan, nama="uji")
    body = {"pegawai": [{"nip": "199001012015011001", "nama": "A", "status": "PNS",
                         "kode_unit": "DINKES"}]}  # fmt: skip
    response = _post(client, "/api/v1/org/impor/pegawai", body, raw)
    assert response.status_code == 403 and response.json()["kode"] == "ditolak"
