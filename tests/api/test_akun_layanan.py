"""Service accounts (akun layanan): scoped tokens, agency scope, rotation, throttling."""

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.utils import timezone

from kinerja.api.api import api
from kinerja.core.audit import AuditEntry
from kinerja.org import layanan
from kinerja.org.models import AkunLayanan, ApiToken, User
from kinerja.org.tokens import create_token

PROBLEM = "application/problem+json"


def _get(client, url, token, **extra):
    return client.get(url, headers={"Authorization": f"Bearer {token}"}, **extra)


def _post(client, url, token, body):
    return client.post(
        url, body, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )


@pytest.fixture
def akun(personas):
    return layanan.create_account(personas.admin, nama="SIMPEG BKPSDM", keterangan="Sinkron")


def _token(akun, by, *cakupan):
    return layanan.create_token(akun, by=by, nama="produksi", cakupan=list(cakupan))[1]


# --- the model and the services ---------------------------------------------------------


def test_hr_makes_an_account_that_cannot_sign_in_and_is_audited(personas, akun):
    assert akun.instansi == personas.instansi and akun.dibuat_oleh == personas.admin
    assert not akun.akun.is_active and not akun.akun.has_usable_password()
    request = RequestFactory().post("/masuk/")
    assert authenticate(request, username=akun.akun.username, password="") is None
    entry = AuditEntry.objects.filter(instansi=personas.instansi, action="akun_layanan.buat").get()
    assert entry.object_id == str(akun.pk)


@pytest.mark.parametrize("persona", ["pegawai", "pimpinan", "auditor", "outsider"])
def test_only_hr_makes_service_accounts(personas, persona):
    with pytest.raises(layanan.LayananError, match="admin kepegawaian"):
        layanan.create_account(getattr(personas, persona), nama="Dasbor")
    assert not AkunLayanan.objects.exists()


def test_bad_input_changes_nothing(personas, akun):
    for nama in ("", "   ", "x" * 101, "simpeg bkpsdm"):
        with pytest.raises(layanan.LayananError):
            layanan.create_account(personas.admin, nama=nama)
    for kwargs in (
        {"nama": "t", "cakupan": []},
        {"nama": "t", "cakupan": ["semua"]},
        {"nama": "", "cakupan": ["baca"]},
        {"nama": "t", "cakupan": ["baca"], "hari": 0},
        {"nama": "t", "cakupan": ["baca"], "hari": 366},
    ):
        with pytest.raises(layanan.LayananError):
            layanan.create_token(akun, by=personas.admin, **kwargs)
    assert AkunLayanan.objects.count() == 1 and not ApiToken.objects.exists()


def test_two_active_tokens_at_most_and_rotation_keeps_the_integration_running(
    client, personas, akun
):
    old, old_raw = layanan.create_token(akun, by=personas.admin, nama="lama", cakupan=["baca"])
    new, new_raw = layanan.create_token(akun, by=personas.admin, nama="baru", cakupan=["baca"])
    with pytest.raises(layanan.LayananError, match="2 token aktif"):
        layanan.create_token(akun, by=personas.admin, nama="ketiga", cakupan=["baca"])
    assert _get(client, "/api/v1/org/unit", old_raw).status_code == 200
    assert _get(client, "/api/v1/org/unit", new_raw).status_code == 200
    layanan.revoke_token(old, by=personas.admin)
    assert _get(client, "/api/v1/org/unit", old_raw).status_code == 401
    assert _get(client, "/api/v1/org/unit", new_raw).status_code == 200
    actions = set(
        AuditEntry.objects.filter(instansi=personas.instansi).values_list("action", flat=True)
    )
    assert {"akun_layanan.token_buat", "akun_layanan.token_cabut"} <= actions
    layanan.create_token(akun, by=personas.admin, nama="ketiga", cakupan=["baca"])  # room again


def test_last_use_and_client_address_are_recorded(client, personas, akun):
    token, raw = layanan.create_token(akun, by=personas.admin, nama="p", cakupan=["baca"])
    assert token.terakhir_dipakai is None
    _get(client, "/api/v1/org/saya", raw, REMOTE_ADDR="203.0.113.7")
    token.refresh_from_db()
    assert token.alamat_terakhir == "203.0.113.7"
    assert timezone.now() - token.terakhir_dipakai < timedelta(minutes=1)


def test_a_switched_off_account_and_an_expired_token_are_refused(client, personas, akun):
    token, raw = layanan.create_token(akun, by=personas.admin, nama="p", cakupan=["baca"])
    layanan.set_active(akun, aktif=False, by=personas.admin)
    assert _get(client, "/api/v1/org/saya", raw).status_code == 401
    layanan.set_active(akun, aktif=True, by=personas.admin)
    assert _get(client, "/api/v1/org/saya", raw).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(kedaluwarsa=timezone.now() - timedelta(days=1))
    assert _get(client, "/api/v1/org/saya", raw).status_code == 401


def test_hr_of_another_agency_cannot_touch_the_account(personas, akun):
    other_hr = User.objects.create(
        username="hr.lain", instansi=personas.outsider.instansi, is_admin_kepegawaian=True
    )
    with pytest.raises(layanan.LayananError):
        layanan.create_token(akun, by=other_hr, nama="x", cakupan=["baca"])
    token, _ = layanan.create_token(akun, by=personas.admin, nama="p", cakupan=["baca"])
    with pytest.raises(layanan.LayananError):
        layanan.revoke_token(token, by=other_hr)
    token.refresh_from_db()
    assert token.dicabut is None


# --- the API, scope by scope --------------------------------------------------------------


def test_baca_reads_the_whole_agency_like_hr(client, personas, akun):
    raw = _token(akun, personas.admin, "baca")
    body = _get(client, "/api/v1/org/pegawai", raw).json()
    assert body["count"] == 3  # the agency's three employees, not the other agency's
    one = _get(client, f"/api/v1/org/pegawai/{personas.pegawai_pegawai.nip}", raw)
    assert one.status_code == 200 and one.json()["nama"] == "Siti Pegawai"
    saya = _get(client, "/api/v1/org/saya", raw).json()
    assert saya["instansi"] == "KOTA" and saya["peran"] == ["admin"]


def test_another_agencys_object_is_not_found(client, personas, akun):
    raw = _token(akun, personas.admin, "baca")
    response = _get(client, f"/api/v1/org/pegawai/{personas.outsider_pegawai.nip}", raw)
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


def test_a_token_without_the_scope_gets_403_naming_it(client, personas, akun):
    raw = _token(akun, personas.admin, "penilaian-baca")
    response = _get(client, "/api/v1/org/pegawai", raw)
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert "“baca”" in response.json()["detail"]
    # authorisation before existence: the other agency's employee also answers 403
    other = _get(client, f"/api/v1/org/pegawai/{personas.outsider_pegawai.nip}", raw)
    assert other.status_code == 403


def test_penilaian_baca_is_its_own_scope(client, personas, akun):
    only_baca = _token(akun, personas.admin, "baca")
    response = _get(client, "/api/v1/scoring/hasil", only_baca)
    assert response.status_code == 403 and "penilaian-baca" in response.json()["detail"]
    both = _token(akun, personas.admin, "baca", "penilaian-baca")
    assert _get(client, "/api/v1/scoring/hasil", both).status_code == 200


UPSERT = {
    "pegawai": [
        {"nip": "199001012015031001", "nama": "Ani Baru", "status": "PNS", "kode_unit": "DINKES"}
    ],
    "uji_coba": True,
}


def test_tulis_organisasi_is_needed_to_upsert_employees(client, personas, akun):
    reader = _token(akun, personas.admin, "baca")
    refused = _post(client, "/api/v1/org/impor/pegawai", reader, UPSERT)
    assert refused.status_code == 403 and "tulis-organisasi" in refused.json()["detail"]
    writer = _token(akun, personas.admin, "tulis-organisasi")
    allowed = _post(client, "/api/v1/org/impor/pegawai", writer, UPSERT)
    assert allowed.status_code == 200, allowed.content
    assert allowed.json()["dibuat"] == 1 and allowed.json()["disimpan"] is False


def test_operations_without_a_scope_are_closed_to_service_tokens(client, personas, akun):
    raw = _token(akun, personas.admin, *layanan.CAKUPAN)
    response = _get(client, "/api/v1/followup/hasil-saya", raw)
    assert response.status_code == 403
    assert "akun layanan" in response.json()["detail"]


def test_personal_tokens_are_not_limited_by_scopes(client, personas):
    _, raw = create_token(personas.admin, nama="pribadi")
    assert _get(client, "/api/v1/scoring/hasil", raw).status_code == 200
    assert _post(client, "/api/v1/org/impor/pegawai", raw, UPSERT).status_code == 200


# --- throttling -------------------------------------------------------------------------


def test_each_token_is_throttled_with_retry_after(client, personas, akun, settings):
    settings.KINERJA_API_RATE = "3/m"
    first = _token(akun, personas.admin, "baca")
    second = _token(akun, personas.admin, "baca")
    codes = [_get(client, "/api/v1/org/saya", first).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = _get(client, "/api/v1/org/saya", first)
    assert refused["Content-Type"] == PROBLEM
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["kode"] == "terlalu_sering"
    assert _get(client, "/api/v1/org/saya", second).status_code == 200  # per token
    _, personal = create_token(personas.admin, nama="pribadi")
    personal_codes = [_get(client, "/api/v1/org/saya", personal).status_code for _ in range(4)]
    assert personal_codes[-1] == 429


# --- the schema --------------------------------------------------------------------------


def test_every_authenticated_operation_documents_its_scope():
    schema = api.get_openapi_schema()
    scheme = schema["components"]["securitySchemes"]["TokenAuth"]
    assert "akun layanan" in scheme["description"]
    seen = {}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if not operation.get("security"):
                continue
            assert "x-scopes" in operation, (method, path)
            assert set(operation["x-scopes"]) <= set(layanan.CAKUPAN)
            assert "akun layanan" in operation["description"]
            seen[operation["operationId"]] = operation["x-scopes"]
    assert seen["daftar_pegawai"] == ["baca"]
    assert seen["upsert_pegawai"] == ["tulis-organisasi"]
    assert seen["daftar_hasil"] == ["penilaian-baca"]
    assert seen["hasil_saya"] == []
