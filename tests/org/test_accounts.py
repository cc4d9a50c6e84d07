"""Login by NIP, lockout, password change and reset."""

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse

from kinerja.core.models import AuditEntry
from tests.factories import PASSWORD


def _login(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_an_employee_logs_in_with_the_nip_written_with_spaces(client, personas):
    response = _login(client, personas.pegawai_pegawai.nip_tertulis)
    assert response.status_code == 302 and response.url == reverse("home")
    assert int(client.session["_auth_user_id"]) == personas.pegawai.pk


def test_staff_without_nip_log_in_with_their_username(client, personas):
    assert _login(client, "admin.bkpsdm").status_code == 302


def test_a_wrong_password_says_what_to_check(client, personas):
    response = _login(client, personas.pegawai_pegawai.nip, "salah")
    assert response.status_code == 200
    assert "kata sandi salah" in response.content.decode()


def test_repeated_failures_lock_the_account_even_with_the_right_password(
    client, personas, settings
):
    nip = personas.pegawai_pegawai.nip
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, nip, "salah")
    response = _login(client, personas.pegawai_pegawai.nip_tertulis)
    assert "dikunci sementara" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_touch_other_accounts(client, personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, personas.pegawai_pegawai.nip, "salah")
    assert _login(client, personas.rekan_pegawai.nip).status_code == 302


def test_production_hashes_passwords_with_argon2(personas, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    user = personas.pegawai
    user.set_password("kata-sandi-baru-9")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_password_change_needs_the_old_password_and_is_audited(personas, login):
    client = login(personas.pegawai)
    url = reverse("password_change")
    bad = client.post(url, {"old_password": "x", "password1": "Baru-sekali-77",
                            "password2": "Baru-sekali-77"})  # fmt: skip
    assert "Kata sandi lama salah" in bad.content.decode()
    ok = client.post(url, {"old_password": PASSWORD, "password1": "Baru-sekali-77",
                           "password2": "Baru-sekali-77"})  # fmt: skip
    assert ok.status_code == 302
    personas.pegawai.refresh_from_db()
    assert personas.pegawai.check_password("Baru-sekali-77")
    assert AuditEntry.objects.filter(action="akun.ganti_sandi").count() == 1


def test_hr_resets_an_employees_password(personas, login):
    url = reverse("pegawai_reset_password", args=[personas.pegawai_pegawai.nip])
    response = login(personas.admin).post(
        url, {"password1": "Sandi-reset-2026", "password2": "Sandi-reset-2026"}
    )
    assert response.status_code == 302
    personas.pegawai.refresh_from_db()
    assert personas.pegawai.check_password("Sandi-reset-2026")
    entry = AuditEntry.objects.get(action="akun.atur_ulang_sandi")
    assert entry.actor == personas.admin


@pytest.mark.parametrize("who", ["pegawai", "atasan", "pimpinan"])
def test_only_hr_may_reset_a_password(personas, login, who):
    url = reverse("pegawai_reset_password", args=[personas.pegawai_pegawai.nip])
    response = login(getattr(personas, who)).post(
        url, {"password1": "Sandi-reset-2026", "password2": "Sandi-reset-2026"}
    )
    assert response.status_code in (403, 404)
    personas.pegawai.refresh_from_db()
    assert personas.pegawai.check_password(PASSWORD)


def test_logout_only_by_post(personas, login):
    client = login(personas.pegawai)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("who", ["pegawai", "atasan", "admin", "pimpinan", "auditor"])
def test_every_role_has_a_home_page(personas, login, who):
    response = login(getattr(personas, who)).get(reverse("home"))
    assert response.status_code == 200
    assert "Selamat datang" in response.content.decode()


@pytest.mark.parametrize("who", ["admin", "auditor"])
def test_home_names_recent_changes_in_words_not_codes(personas, login, who):
    from kinerja.core import audit

    audit.record(
        personas.instansi, actor=personas.admin, action="penilaian.predikat_organisasi",
        object_repr="Baik (uji)",
    )  # fmt: skip
    page = login(getattr(personas, who)).get(reverse("home")).content.decode()
    assert "Penilaian: predikat organisasi · Baik (uji)" in page
    assert "penilaian.predikat_organisasi" not in page


def test_home_names_recent_objects_as_the_audit_page_does(personas, login):
    """Not the object's internal text ("Realisasi 3.0000", "Hasil 995/7"): the person,
    indicator and slice, as on the audit page."""
    from kinerja.core import audit
    from tests.skp.factories import PeriodeFactory, RealisasiFactory, approved_skp

    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026)
    skp = approved_skp(personas.pegawai_pegawai, periode)
    realisasi = RealisasiFactory(indikator=skp.rhk.get().indikator.get())
    audit.record(personas.instansi, actor=personas.atasan, action="realisasi.verifikasi",
                 obj=realisasi)  # fmt: skip
    page = login(personas.admin).get(reverse("home")).content.decode()
    name = personas.pegawai_pegawai
    assert f"Realisasi: verifikasi · Realisasi {name.nama} ({name.nip_tertulis})" in page
    assert "bagian 1 2026" in page and str(realisasi) not in page
