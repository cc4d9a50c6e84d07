"""The password-change form is limited like the login; idle sessions end (issue 23)."""

from datetime import timedelta
from unittest import mock

from django.urls import reverse
from django.utils import timezone


def test_guessing_the_old_password_is_limited_like_the_login(client, personas, settings):
    client.force_login(personas.pegawai)
    url = reverse("password_change")
    wrong = {"old_password": "tebakan", "password1": "Sandi-Baru-123!", "password2":
             "Sandi-Baru-123!"}  # fmt: skip
    statuses = [client.post(url, wrong | {"old_password": f"tebak{i}"}).status_code
                for i in range(settings.AXES_FAILURE_LIMIT + 3)]  # fmt: skip
    assert statuses[0] == 200  # the field says the old password is wrong
    assert 429 in statuses
    first_locked = statuses.index(429)
    assert first_locked <= settings.AXES_FAILURE_LIMIT
    assert set(statuses[first_locked:]) == {429}
    personas.pegawai.refresh_from_db()
    assert not personas.pegawai.check_password("Sandi-Baru-123!")


def _later(minutes):
    return timezone.now() + timedelta(minutes=minutes)


def test_an_idle_hr_session_ends_after_thirty_minutes(client, personas):
    client.force_login(personas.admin)
    assert client.get(reverse("home")).status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=_later(29)):
        assert client.get(reverse("home")).status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=_later(29 + 31)):
        response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.get(reverse("home")).status_code == 302  # logged out for good


def test_an_employee_session_lasts_longer(client, personas, settings):
    assert settings.KINERJA_SESI_DIAM_MENIT_PEGAWAI > settings.KINERJA_SESI_DIAM_MENIT_STAF
    client.force_login(personas.pegawai)
    assert client.get(reverse("home")).status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=_later(45)):
        assert client.get(reverse("home")).status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=_later(45 + 121)):
        assert client.get(reverse("home")).status_code == 302
