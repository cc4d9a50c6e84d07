"""Offboarding, forced password change, password changes and resets, the login lockout."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kinerja.core.models import AuditEntry
from kinerja.org import impor, services
from kinerja.org.models import ApiToken, Pegawai
from kinerja.org.tokens import create_token
from tests.factories import PASSWORD, UserFactory

NEW = "Sandi-pilihan-77"


def _api(raw):
    return Client().get("/api/v1/org/saya", headers={"Authorization": f"Bearer {raw}"})


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200
    return client


def _still_in(client) -> bool:
    return client.get(reverse("home")).status_code == 200


def _row_csv(pegawai, aktif: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["nip", "nama", "status", "kode_unit", "aktif"])
    writer.writerow([pegawai.nip, pegawai.nama, "PNS", pegawai.unit.kode, aktif])
    return out.getvalue().encode()


# --- offboarding -----------------------------------------------------------------------------


def test_an_import_row_aktif_tidak_closes_login_sessions_and_tokens(personas, login):
    session = _signed_in(personas.pegawai)
    _, raw = create_token(personas.pegawai, nama="HP")
    response = login(personas.admin).post(
        reverse("org_import"),
        {"jenis": "pegawai", "berkas": SimpleUploadedFile("p.csv", _row_csv(
            personas.pegawai_pegawai, "tidak"))},
        follow=True,
    )  # fmt: skip

    assert "1 akun pegawai yang dinonaktifkan ditutup" in response.content.decode()
    personas.pegawai.refresh_from_db()
    assert not personas.pegawai.is_active
    assert not _still_in(session) and _api(raw).status_code == 401
    assert ApiToken.objects.get(user=personas.pegawai).dicabut is not None
    assert Client().post(reverse("login"), {"username": personas.pegawai.username,
                                            "password": PASSWORD}).status_code == 200  # fmt: skip
    entry = AuditEntry.objects.get(action="akun.nonaktifkan")
    assert entry.after["token_dicabut"] == 1 and "aktif=tidak" in entry.after["alasan"]


def test_an_import_that_fails_leaves_the_account_open(personas):
    _, raw = create_token(personas.pegawai, nama="HP")
    content = _row_csv(personas.pegawai_pegawai, "tidak") + b"123,Salah,PNS,DINKES,ya\r\n"
    result = impor.import_file(content, "p.csv", instansi=personas.instansi,
                                  jenis=impor.PEGAWAI, actor=personas.admin)  # fmt: skip
    assert not result.ok
    personas.pegawai.refresh_from_db()
    assert personas.pegawai.is_active and _api(raw).status_code == 200


def test_an_import_that_does_not_change_aktif_leaves_the_account_alone(personas):
    _, raw = create_token(personas.pegawai, nama="HP")
    result = impor.import_file(_row_csv(personas.pegawai_pegawai, "ya"), "p.csv",
                                  instansi=personas.instansi, jenis=impor.PEGAWAI,
                                  actor=personas.admin)  # fmt: skip
    assert result.ok and result.akun_dinonaktifkan == 0
    assert _api(raw).status_code == 200


def test_the_api_upsert_with_aktif_false_closes_the_account(personas):
    _, hr = create_token(personas.admin, nama="SIMPEG")
    _, raw = create_token(personas.pegawai, nama="HP")
    p = personas.pegawai_pegawai
    body = {"pegawai": [{"nip": p.nip, "nama": p.nama, "status": "PNS",
                         "kode_unit": p.unit.kode, "aktif": False}]}  # fmt: skip
    response = Client().post("/api/v1/org/impor/pegawai", body, content_type="application/json",
                             headers={"Authorization": f"Bearer {hr}"})  # fmt: skip
    assert response.status_code == 200, response.content
    assert _api(raw).status_code == 401
    personas.pegawai.refresh_from_db()
    assert not personas.pegawai.is_active


def test_hr_makes_an_employee_inactive_on_their_page(personas, login):
    session = _signed_in(personas.pegawai)
    _, raw = create_token(personas.pegawai, nama="HP")
    p = personas.pegawai_pegawai
    response = login(personas.admin).post(
        reverse("pegawai_set_aktif", args=[p.nip]), {"aktif": "0", "version": p.version},
        follow=True,
    )  # fmt: skip

    assert "Akunnya tidak dapat dipakai lagi" in response.content.decode()
    p.refresh_from_db()
    personas.pegawai.refresh_from_db()
    assert not p.aktif and not personas.pegawai.is_active
    assert not _still_in(session) and _api(raw).status_code == 401
    assert AuditEntry.objects.filter(action="pegawai.ubah_status").count() == 1
    assert AuditEntry.objects.filter(action="akun.nonaktifkan").count() == 1
    # Active again: the employee is, the account waits for HR.
    login(personas.admin).post(reverse("pegawai_set_aktif", args=[p.nip]),
                               {"aktif": "1", "version": p.version})  # fmt: skip
    p.refresh_from_db()
    personas.pegawai.refresh_from_db()
    assert p.aktif and not personas.pegawai.is_active


def test_a_stale_page_does_not_change_the_status(personas, login):
    p = personas.pegawai_pegawai
    response = login(personas.admin).post(
        reverse("pegawai_set_aktif", args=[p.nip]), {"aktif": "0", "version": p.version + 5},
        follow=True,
    )  # fmt: skip
    assert "sudah diubah orang lain" in response.content.decode()
    p.refresh_from_db()
    personas.pegawai.refresh_from_db()
    assert p.aktif and personas.pegawai.is_active


@pytest.mark.parametrize("who", ["pegawai", "atasan", "pimpinan"])
def test_only_hr_changes_an_employees_status(personas, login, who):
    p = personas.pegawai_pegawai
    response = login(getattr(personas, who)).post(
        reverse("pegawai_set_aktif", args=[p.nip]), {"aktif": "0", "version": p.version}
    )
    assert response.status_code in (403, 404)
    p.refresh_from_db()
    assert p.aktif


def test_another_agencys_employee_is_not_found(personas, login):
    p = personas.outsider_pegawai
    response = login(personas.admin).post(
        reverse("pegawai_set_aktif", args=[p.nip]), {"aktif": "0", "version": p.version}
    )
    assert response.status_code == 404
    assert Pegawai.objects.get(pk=p.pk).aktif


# --- forced change, own change, HR reset ----------------------------------------------------


def test_a_forced_change_comes_before_anything_else(personas):
    personas.pegawai.wajib_ganti_sandi = True
    personas.pegawai.save()
    client = Client()
    client.force_login(personas.pegawai)
    for url in (reverse("home"), reverse("org_tree"), reverse("api_tokens")):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("password_change")
    assert client.get(reverse("password_change")).status_code == 200
    assert client.get("/static/kinerja/app.css").status_code != 302

    response = client.post(reverse("password_change"), {"old_password": PASSWORD,
                           "password1": NEW, "password2": NEW})  # fmt: skip

    assert response.status_code == 302
    personas.pegawai.refresh_from_db()
    assert not personas.pegawai.wajib_ganti_sandi
    assert client.get(reverse("home")).status_code == 200


def test_a_forced_user_may_log_out(personas):
    personas.pegawai.wajib_ganti_sandi = True
    personas.pegawai.save()
    client = Client()
    client.force_login(personas.pegawai)
    assert client.post(reverse("logout")).url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_a_bad_forced_change_keeps_the_flag(personas):
    personas.pegawai.wajib_ganti_sandi = True
    personas.pegawai.save()
    client = Client()
    client.force_login(personas.pegawai)
    response = client.post(reverse("password_change"), {"old_password": PASSWORD,
                           "password1": "12345678", "password2": "12345678"})  # fmt: skip
    assert response.status_code == 200
    personas.pegawai.refresh_from_db()
    assert personas.pegawai.wajib_ganti_sandi and personas.pegawai.check_password(PASSWORD)


def test_an_own_change_ends_other_sessions_and_every_token(personas):
    other = _signed_in(personas.pegawai)
    _, raw = create_token(personas.pegawai, nama="HP")
    current = _signed_in(personas.pegawai)

    current.post(reverse("password_change"), {"old_password": PASSWORD, "password1": NEW,
                                              "password2": NEW})  # fmt: skip

    assert _still_in(current) and not _still_in(other)
    assert _api(raw).status_code == 401
    assert AuditEntry.objects.get(action="akun.ganti_sandi").after == {"token_dicabut": 1}


def test_an_hr_reset_ends_sessions_and_tokens_lifts_the_lockout_and_forces_a_change(
    personas, login, settings
):
    session = _signed_in(personas.pegawai)
    _, raw = create_token(personas.pegawai, nama="HP")
    elsewhere = Client(REMOTE_ADDR="10.2.2.2")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        elsewhere.post(reverse("login"), {"username": personas.pegawai.username, "password": "x"})

    login(personas.admin).post(
        reverse("pegawai_reset_password", args=[personas.pegawai_pegawai.nip]),
        {"password1": "Sandi-reset-2026", "password2": "Sandi-reset-2026"},
    )

    assert not _still_in(session) and _api(raw).status_code == 401
    response = elsewhere.post(reverse("login"), {"username": personas.pegawai.username,
                                                 "password": "Sandi-reset-2026"})  # fmt: skip
    assert response.status_code == 302
    assert elsewhere.get(reverse("home")).url == reverse("password_change")


def test_ending_sessions_does_not_touch_other_accounts(personas):
    from kinerja.org import accounts

    rekan = _signed_in(personas.rekan)
    accounts.end_access([personas.pegawai])
    assert _still_in(rekan)


# --- lockout ---------------------------------------------------------------------------------


def _fail(client, username, times):
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "salah"})


def _login_ok(client, user) -> bool:
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    return response.status_code == 302


def test_knowing_a_nip_does_not_lock_its_owner_out_from_elsewhere(personas, settings):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    _fail(attacker, personas.pegawai.username, settings.AXES_FAILURE_LIMIT)

    assert not _login_ok(attacker, personas.pegawai)
    assert _login_ok(Client(REMOTE_ADDR="10.0.0.5"), personas.pegawai)


def test_spraying_one_address_over_many_accounts_locks_that_address(personas, settings, db):
    settings.KINERJA_LOGIN_IP_FAILURE_LIMIT = 8
    victims = [UserFactory(instansi=personas.instansi) for _ in range(4)]
    sprayer = Client(REMOTE_ADDR="198.51.100.7")
    for victim in victims:
        _fail(sprayer, victim.username, 2)  # below the per-account limit for each

    assert not _login_ok(sprayer, personas.rekan)
    assert _login_ok(Client(REMOTE_ADDR="10.0.0.6"), personas.rekan)


def test_a_successful_login_does_not_wipe_the_addresses_failures(personas, settings):
    settings.KINERJA_LOGIN_IP_FAILURE_LIMIT = 6
    sprayer = Client(REMOTE_ADDR="198.51.100.8")
    _fail(sprayer, personas.rekan.username, 3)
    _fail(sprayer, personas.atasan.username, 2)
    assert _login_ok(sprayer, personas.pegawai)  # the attacker's own account

    _fail(Client(REMOTE_ADDR="198.51.100.8"), personas.auditor.username, 1)
    assert not _login_ok(Client(REMOTE_ADDR="198.51.100.8"), personas.pimpinan)


def test_guessing_one_account_from_many_addresses_locks_the_account(personas, settings):
    settings.KINERJA_LOGIN_ACCOUNT_FAILURE_LIMIT = 9
    for n in range(3):
        _fail(Client(REMOTE_ADDR=f"192.0.2.{n + 1}"), personas.pegawai.username, 3)
    assert not _login_ok(Client(REMOTE_ADDR="10.0.0.7"), personas.pegawai)
    assert _login_ok(Client(REMOTE_ADDR="10.0.0.7"), personas.rekan)


def test_the_locked_page_says_what_to_do(personas, settings):
    client = Client(REMOTE_ADDR="203.0.113.10")
    _fail(client, personas.pegawai.username, settings.AXES_FAILURE_LIMIT)
    response = client.post(reverse("login"), {"username": personas.pegawai.username,
                                              "password": PASSWORD})  # fmt: skip
    assert "dikunci sementara" in response.content.decode()
    assert (
        "slip baru" in response.content.decode() and "Tunggu 15 menit" in response.content.decode()
    )


def test_services_refuse_a_status_change_by_a_non_admin(personas):
    with pytest.raises(services.OrgError):
        services.set_aktif(personas.pegawai_pegawai, aktif=False, by=personas.atasan,
                           version=personas.pegawai_pegawai.version)  # fmt: skip
