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
        assert set(response.json()) == {"kode", "pesan", "kolom"}


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
