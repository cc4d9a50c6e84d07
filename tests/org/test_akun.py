"""Accounts for imported employees: bulk creation with slips, reissue, the accounts page."""

import base64
import io
import re
import shutil
import subprocess
import zipfile

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from kinerja.core.models import AuditEntry, PekerjaanLatar
from kinerja.org import accounts
from kinerja.org.models import ApiToken, User
from kinerja.org.tokens import create_token
from tests.factories import PegawaiFactory, UserFactory
from tests.jobs import job_file
from tests.org.spreadsheets import xlsx_rows

LIST_URL = reverse("akun_list")
CREATE_URL = reverse("akun_buat")


@pytest.fixture
def baru(personas):
    """Two active employees without an account, and one inactive one."""
    unit = personas.pegawai_pegawai.unit
    return [
        PegawaiFactory(instansi=personas.instansi, unit=unit, nama="Ani Baru"),
        PegawaiFactory(instansi=personas.instansi, unit=unit, nama="Bayu Baru"),
        PegawaiFactory(instansi=personas.instansi, unit=unit, nama="Cici Keluar", aktif=False),
    ]


def _data_uri(page: str, element_id: str) -> bytes:
    match = re.search(rf'href="data:[^;]+;base64,([^"]+)"[^>]*id="{element_id}"', page)
    assert match, f"no {element_id} link"
    return base64.b64decode(match.group(1))


# --- the service --------------------------------------------------------------------------


def test_initial_passwords_are_random_readable_and_twelve_characters_long():
    made = {accounts.generate_password() for _ in range(200)}
    assert len(made) == 200
    for password in made:
        assert len(password) == 12 and set(password) <= set(accounts.PASSWORD_ALPHABET)
        assert any(c.isdigit() for c in password) and any(c.isalpha() for c in password)
    assert not set("01ilo") & set(accounts.PASSWORD_ALPHABET)


def test_accounts_are_made_for_active_employees_without_one(personas, baru):
    slips = accounts.create_accounts(personas.instansi, by=personas.admin)

    assert sorted(s.nama for s in slips) == ["Ani Baru", "Bayu Baru"]
    for slip, pegawai in zip(sorted(slips, key=lambda s: s.nama), baru[:2], strict=True):
        user = User.objects.get(pegawai=pegawai)
        assert user.username == pegawai.nip and user.instansi == personas.instansi
        assert user.wajib_ganti_sandi and user.is_active
        assert user.check_password(slip.password) and slip.password not in user.password
        assert slip.nip == pegawai.nip_tertulis and slip.unit == pegawai.unit.nama
    assert not User.objects.filter(pegawai=baru[2]).exists()
    entries = AuditEntry.objects.filter(action="akun.buat")
    assert entries.count() == 2
    assert all(s.password not in str(e.after) for e in entries for s in slips)
    assert accounts.create_accounts(personas.instansi, by=personas.admin) == []


def test_a_batch_naming_a_bad_nip_creates_nothing_and_says_which(personas, baru):
    nips = [baru[0].nip, "123", baru[2].nip, personas.pegawai_pegawai.nip,
            personas.outsider_pegawai.nip]  # fmt: skip
    with pytest.raises(accounts.AccountError) as error:
        accounts.create_accounts(personas.instansi, by=personas.admin, nips=nips)

    message = str(error.value)
    assert "NIP “123” tidak sah: NIP harus 18 digit angka." in message
    assert f"Cici Keluar ({baru[2].nip}) tidak aktif" in message
    assert "sudah memiliki akun" in message
    assert (
        f"Pegawai dengan NIP {personas.outsider_pegawai.nip} tidak ada di instansi ini" in message
    )
    assert not User.objects.filter(pegawai=baru[0]).exists()
    assert not AuditEntry.objects.filter(action="akun.buat").exists()


def test_a_username_already_taken_refuses_the_batch(personas, baru):
    UserFactory(username=baru[1].nip, instansi=personas.instansi)
    with pytest.raises(accounts.AccountError, match="sudah dipakai akun lain"):
        accounts.create_accounts(personas.instansi, by=personas.admin)
    assert not User.objects.filter(pegawai__in=baru).exists()


# --- the page -----------------------------------------------------------------------------


def test_hr_creates_accounts_and_downloads_the_slips_once(personas, login, baru):
    client = login(personas.admin)
    assert "Buat akun untuk 2 pegawai tanpa akun" in client.get(LIST_URL).content.decode()
    assert (
        "Buat akun untuk 2 pegawai tanpa akun" in client.get(reverse("org_import")).content.decode()
    )

    bundle = zipfile.ZipFile(io.BytesIO(job_file(client, CREATE_URL)))

    job = PekerjaanLatar.objects.get()
    page = client.get(reverse("pekerjaan", args=[job.pk])).content.decode()
    assert "Akun dibuat untuk 2 pegawai" in page
    assert sorted(bundle.namelist()) == ["akun-kota.xlsx", "slip-akun-kota.pdf"]
    pdf = bundle.read("slip-akun-kota.pdf")
    assert pdf.startswith(b"%PDF")
    rows = xlsx_rows(bundle.read("akun-kota.xlsx"))
    assert rows[0][:6] == ("instansi", "nama", "nip", "unit", "nama_pengguna", "kata_sandi_awal")
    assert len(rows) == 3
    for row in rows[1:]:
        user = User.objects.get(username=row[4])
        assert user.check_password(row[5]) and row[7].endswith("/masuk/")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert "Ani Baru" in text and rows[1][5] in text and "wajib mengganti" in text
    # Nothing shows a password again.
    assert "Buat akun untuk" not in client.get(LIST_URL).content.decode()
    for row in rows[1:]:
        assert row[5] not in client.get(LIST_URL).content.decode()


def test_the_slips_may_also_go_by_email_where_an_address_is_known(personas, login):
    personas.pegawai.email = "siti@kota.go.id"
    personas.pegawai.save()
    response = login(personas.admin).post(
        reverse("akun_slip", args=[personas.pegawai.pk]), {"email": "1"}
    )

    assert "Email terkirim: 1" in response.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["siti@kota.go.id"]
    rows = xlsx_rows(_data_uri(response.content.decode(), "unduh-xlsx"))
    assert rows[1][5] in mail.outbox[0].body and "wajib mengganti" in mail.outbox[0].body


@pytest.mark.parametrize("who", ["pegawai", "atasan", "pimpinan", "auditor"])
def test_only_hr_creates_accounts(personas, login, baru, who):
    client = login(getattr(personas, who))
    assert client.post(CREATE_URL).status_code == 403
    assert client.get(LIST_URL).status_code == 403
    assert not User.objects.filter(pegawai__in=baru).exists()


def test_the_command_writes_the_slips_and_refuses_bad_input(personas, baru, tmp_path):
    pdf, xlsx = tmp_path / "slip.pdf", tmp_path / "akun.xlsx"
    with pytest.raises(CommandError, match="NIP “12” tidak sah.*Tidak ada akun yang dibuat"):
        call_command("buat_akun", "--instansi", "KOTA", "--nip", "12", "--pdf", str(pdf))
    assert not pdf.exists() and not User.objects.filter(pegawai__in=baru).exists()

    out = io.StringIO()
    call_command("buat_akun", "--instansi", "KOTA", "--nip", baru[0].nip_tertulis,
                 "--pdf", str(pdf), "--xlsx", str(xlsx), stdout=out)  # fmt: skip

    assert "1 akun dibuat" in out.getvalue()
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_mode & 0o777 == 0o600
    rows = xlsx_rows(xlsx.read_bytes())
    assert User.objects.get(pegawai=baru[0]).check_password(rows[1][5])
    with pytest.raises(CommandError, match="sudah ada"):
        call_command("buat_akun", "--instansi", "KOTA", "--pdf", str(pdf))
    with pytest.raises(CommandError, match="Instansi dengan kode X tidak ada"):
        call_command("buat_akun", "--instansi", "X", "--pdf", str(tmp_path / "b.pdf"))


# --- reissue, disable, revoke, unlock --------------------------------------------------------


def test_a_reissued_slip_ends_sessions_tokens_and_lockout_and_forces_a_change(
    personas, login, settings
):
    employee = Client()
    employee.force_login(personas.pegawai)
    _, raw = create_token(personas.pegawai, nama="HP")
    locked = Client(REMOTE_ADDR="10.1.1.1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked.post(reverse("login"), {"username": personas.pegawai.username, "password": "x"})

    response = login(personas.admin).post(reverse("akun_slip", args=[personas.pegawai.pk]))

    password = xlsx_rows(_data_uri(response.content.decode(), "unduh-xlsx"))[1][5]
    personas.pegawai.refresh_from_db()
    assert personas.pegawai.check_password(password) and personas.pegawai.wajib_ganti_sandi
    assert employee.get(reverse("home")).status_code == 302  # signed out
    assert (
        Client().get("/api/v1/org/saya", headers={"Authorization": f"Bearer {raw}"}).status_code
        == 401
    )
    ok = locked.post(
        reverse("login"), {"username": personas.pegawai.username, "password": password}
    )
    assert ok.status_code == 302 and ok.url == reverse("home")
    entry = AuditEntry.objects.get(action="akun.terbitkan_slip")
    assert entry.after["token_dicabut"] == 1 and password not in str(entry.after)


def test_no_slip_for_an_account_without_nip(personas, login):
    before = User.objects.get(pk=personas.pimpinan.pk).password
    response = login(personas.admin).post(
        reverse("akun_slip", args=[personas.pimpinan.pk]), follow=True
    )
    assert "tidak terhubung dengan pegawai ber-NIP" in response.content.decode()
    assert User.objects.get(pk=personas.pimpinan.pk).password == before
    assert not AuditEntry.objects.filter(action="akun.terbitkan_slip").exists()


@pytest.mark.parametrize(
    "name", ["akun_slip", "akun_status", "akun_cabut_token", "akun_buka_kunci"]
)
def test_another_agencys_account_is_not_found(personas, login, name):
    response = login(personas.admin).post(
        reverse(name, args=[personas.outsider.pk]), {"aktif": "0"}
    )
    assert response.status_code == 404
    personas.outsider.refresh_from_db()
    assert personas.outsider.is_active and not personas.outsider.wajib_ganti_sandi


def test_hr_disables_and_enables_an_account(personas, login):
    employee = Client()
    employee.force_login(personas.pegawai)
    _, raw = create_token(personas.pegawai, nama="HP")
    client = login(personas.admin)

    client.post(reverse("akun_status", args=[personas.pegawai.pk]), {"aktif": "0", "q": "Siti"})

    personas.pegawai.refresh_from_db()
    assert not personas.pegawai.is_active
    assert employee.get(reverse("home")).status_code == 302
    assert ApiToken.objects.get(user=personas.pegawai).dicabut is not None
    assert AuditEntry.objects.get(action="akun.nonaktifkan").after["token_dicabut"] == 1
    response = client.post(reverse("akun_status", args=[personas.pegawai.pk]), {"aktif": "1"})
    assert response.url == LIST_URL
    personas.pegawai.refresh_from_db()
    assert personas.pegawai.is_active
    assert employee.get(reverse("home")).status_code == 302  # the old session stays ended
    assert (
        Client().get("/api/v1/org/saya", headers={"Authorization": f"Bearer {raw}"}).status_code
        == 401
    )


def test_an_inactive_employees_account_cannot_be_enabled(personas, login):
    from kinerja.org import services

    services.set_aktif(personas.pegawai_pegawai, aktif=False, by=personas.admin,
                       version=personas.pegawai_pegawai.version)  # fmt: skip
    response = login(personas.admin).post(
        reverse("akun_status", args=[personas.pegawai.pk]), {"aktif": "1"}, follow=True
    )
    assert "aktifkan pegawainya lebih dulu" in response.content.decode()
    personas.pegawai.refresh_from_db()
    assert not personas.pegawai.is_active


def test_hr_cannot_disable_their_own_account(personas, login):
    response = login(personas.admin).post(
        reverse("akun_status", args=[personas.admin.pk]), {"aktif": "0"}, follow=True
    )
    assert "akun Anda sendiri" in response.content.decode()
    personas.admin.refresh_from_db()
    assert personas.admin.is_active


def test_hr_revokes_a_persons_tokens_and_unlocks_a_login(personas, login, settings):
    create_token(personas.atasan, nama="satu")
    create_token(personas.atasan, nama="dua")
    client = login(personas.admin)
    response = client.post(reverse("akun_cabut_token", args=[personas.atasan.pk]), follow=True)
    assert "2 token API milik" in response.content.decode()
    assert not ApiToken.objects.filter(user=personas.atasan, dicabut__isnull=True).exists()

    other = Client(REMOTE_ADDR="10.9.9.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        other.post(reverse("login"), {"username": personas.atasan.username, "password": "x"})
    assert "gagal masuk 5×" in client.get(LIST_URL).content.decode()
    client.post(reverse("akun_buka_kunci", args=[personas.atasan.pk]))
    ok = other.post(
        reverse("login"), {"username": personas.atasan.username, "password": "rahasia-uji-123"}
    )
    assert ok.status_code == 302
    assert (
        AuditEntry.objects.filter(action__in=["akun.cabut_semua_token", "akun.buka_kunci"]).count()
        == 2
    )


def test_the_accounts_page_searches_and_filters(personas, login):
    client = login(personas.admin)
    page = client.get(LIST_URL, {"q": "Siti"}).content.decode()
    assert "Siti Pegawai" in page and "Rina Rekan" not in page
    page = client.get(LIST_URL, {"q": personas.rekan_pegawai.nip[:10]}).content.decode()
    assert "Rina Rekan" in page and "Orang Luar" not in page
    User.objects.filter(pk=personas.rekan.pk).update(is_active=False)
    page = client.get(LIST_URL, {"status": "nonaktif"}).content.decode()
    assert "Rina Rekan" in page and "Siti Pegawai" not in page


def test_the_accounts_page_costs_the_same_for_more_accounts(
    personas, login, django_assert_max_num_queries
):
    client = login(personas.admin)
    client.get(LIST_URL)
    for _ in range(15):
        UserFactory(pegawai=PegawaiFactory(instansi=personas.instansi,
                                           unit=personas.pegawai_pegawai.unit))  # fmt: skip
    with django_assert_max_num_queries(12):
        response = client.get(LIST_URL)
    assert response.content.decode().count('action="/org/akun/') >= 20
