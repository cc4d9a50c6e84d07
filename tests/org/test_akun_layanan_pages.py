"""The service-account pages: HR only, the agency's own accounts only, a secret shown once."""

import re

from django.urls import reverse

from kinerja.org import layanan
from kinerja.org.models import AkunLayanan, ApiToken, User


def test_hr_sees_the_link_and_others_do_not(personas, login):
    url = reverse("akun_layanan_list")
    assert url in login(personas.admin).get(reverse("home")).content.decode()
    for persona in ("pegawai", "atasan", "pimpinan", "auditor"):
        client = login(getattr(personas, persona))
        assert url not in client.get(reverse("home")).content.decode(), persona
        assert client.get(url).status_code == 403, persona


def test_hr_makes_an_account_and_a_token_shown_once(personas, login):
    client = login(personas.admin)
    response = client.post(reverse("akun_layanan_list"), {"nama": "SIMPEG", "keterangan": "x"})
    account = AkunLayanan.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{account.pk}/")
    detail = reverse("akun_layanan_detail", args=[account.pk])
    page = client.post(
        detail, {"nama": "produksi", "cakupan": ["baca", "penilaian-baca"], "hari": "30"}
    )
    html = page.content.decode()
    secret = re.search(r'id="token-baru">(knj_[^<]+)<', html).group(1)
    token = ApiToken.objects.get(akun_layanan=account)
    assert token.cakupan == ["baca", "penilaian-baca"] and token.prefix == secret[:12]
    again = client.get(detail).content.decode()
    assert secret not in again and token.prefix in again and "belum pernah" in again


def test_bad_token_input_is_explained_and_changes_nothing(personas, login):
    account = layanan.create_account(personas.admin, nama="Dasbor")
    client = login(personas.admin)
    detail = reverse("akun_layanan_detail", args=[account.pk])
    for data, message in (
        ({"nama": "t", "hari": "90"}, "Pilih sedikitnya satu cakupan"),
        ({"nama": "t", "cakupan": ["baca"], "hari": "sembilan"}, "berupa angka"),
        ({"nama": "t", "cakupan": ["root"], "hari": "90"}, "Cakupan tidak dikenal"),
    ):
        html = client.post(detail, data).content.decode()
        assert message in html, message
    assert not ApiToken.objects.exists()


def test_another_agencys_account_is_not_found(personas, login):
    account = layanan.create_account(personas.admin, nama="Dasbor")
    token, _ = layanan.create_token(account, by=personas.admin, nama="p", cakupan=["baca"])
    other_hr = User.objects.create(
        username="hr.lain", instansi=personas.outsider.instansi, is_admin_kepegawaian=True
    )
    client = login(other_hr)
    assert client.get(reverse("akun_layanan_detail", args=[account.pk])).status_code == 404
    cabut = reverse("akun_layanan_token_cabut", args=[account.pk, token.pk])
    assert client.post(cabut).status_code == 404
    token.refresh_from_db()
    assert token.dicabut is None


def test_the_service_accounts_own_login_is_not_among_the_agencys_accounts(personas, login):
    account = layanan.create_account(personas.admin, nama="SIMPEG")
    client = login(personas.admin)
    assert account.akun.username not in client.get(reverse("akun_list")).content.decode()
    status = client.post(reverse("akun_status", args=[account.akun.pk]), {"aktif": "1"})
    assert status.status_code == 404
    account.akun.refresh_from_db()
    assert not account.akun.is_active
