"""Starting from nothing: manage.py siapkan_instansi and the first-run page /mulai/."""

import io
import os
import stat

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from kinerja.core.audit import verify_chain
from kinerja.core.models import AuditEntry
from kinerja.org import setup
from kinerja.org.models import Instansi, User
from tests.factories import InstansiFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10"><rect width="10" height="9"/></svg>'


@pytest.fixture(autouse=True)
def _own_files(settings, tmp_path):
    settings.KINERJA_SETUP_TOKEN_FILE = tmp_path / "setup-token"
    settings.MEDIA_ROOT = tmp_path / "media"


def run(*args) -> str:
    out = io.StringIO()
    call_command("siapkan_instansi", *args, stdout=out)
    return out.getvalue()


GOOD = [
    "--kode", "KOTA-DEMO", "--nama", "Pemerintah Kota Demo", "--tingkat", "kabupaten_kota",
    "--zona", "WITA", "--tempat", "Kota Demo", "--admin-username", "admin.bkpsdm",
]  # fmt: skip


def nothing_written():
    assert not Instansi.objects.exists()
    assert not User.objects.exists()
    assert not AuditEntry.objects.exists()


# --- the command ---------------------------------------------------------------------------


def test_command_creates_the_agency_and_an_admin_who_must_change_the_printed_password():
    out = run(*GOOD, "--admin-email", "bkpsdm@demo.go.id")
    instansi = Instansi.objects.get()
    assert (instansi.kode, instansi.zona_waktu, instansi.tempat) == (
        "KOTA-DEMO", "Asia/Makassar", "Kota Demo",
    )  # fmt: skip
    admin = User.objects.get()
    assert admin.instansi == instansi and admin.is_admin_kepegawaian
    assert admin.wajib_ganti_sandi and not admin.is_staff and admin.pegawai_id is None
    password = out.split("Kata sandi awal  : ")[1].split()[0]
    assert admin.check_password(password)
    entry = AuditEntry.objects.get()
    assert entry.action == "instansi.siapkan" and entry.after["admin"] == "admin.bkpsdm"
    assert verify_chain(instansi.pk) is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"--zona": "WITX"}, "Zona waktu “WITX” tidak dikenal"),
        ({"--kode": "X"}, "Kode “X” tidak dapat dipakai"),
        ({"--tingkat": "desa"}, "Tingkat “desa” tidak dikenal"),
        ({"--admin-username": "admin bkpsdm"}, "tanpa spasi"),
        ({"--admin-username": "199001012015031001"}, "disediakan untuk akun pegawai"),
        ({"--nama": " "}, "--nama"),
    ],
)
def test_command_refuses_a_bad_value_and_writes_nothing(change, message):
    args = list(GOOD)
    for flag, value in change.items():
        args[args.index(flag) + 1] = value
    with pytest.raises(CommandError, match=message) as refused:
        run(*args)
    assert "Tidak ada yang disimpan" in str(refused.value) or "wajib" in str(refused.value)
    nothing_written()


def test_command_refuses_a_second_setup_and_a_duplicate_code_without_writing():
    run(*GOOD)
    with pytest.raises(CommandError, match="penyiapan awal hanya sekali"):
        run(*[a if a != "admin.bkpsdm" else "admin.dua" for a in GOOD])
    with pytest.raises(CommandError, match="Kode instansi “kota-demo” sudah dipakai"):
        run(*[a if a != "KOTA-DEMO" else "kota-demo" for a in GOOD], "--tambah")
    assert Instansi.objects.count() == 1 and User.objects.count() == 1
    assert AuditEntry.objects.count() == 1


def test_command_adds_a_second_agency_only_with_tambah():
    run(*GOOD)
    run("--kode", "PROV", "--nama", "Pemerintah Provinsi", "--tingkat", "provinsi",
        "--zona", "WIT", "--admin-username", "admin.prov", "--tambah")  # fmt: skip
    prov = Instansi.objects.get(kode="PROV")
    assert prov.zona_label == "WIT" and User.objects.get(username="admin.prov").instansi == prov


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.gif", b"GIF89a" + b"\x00" * 20, "Logo harus PNG, JPEG atau SVG"),
        ("logo.png", b"not a png at all", "bukan gambar PNG yang utuh"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (1024 * 1024), "paling besar 1 MB"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "SVG tidak dapat dipakai",
        ),  # fmt: skip
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>', "SVG tidak"),
        ("logo.svg", b"<!DOCTYPE svg [<!ENTITY a 'b'>]><svg/>", "SVG tidak dapat dipakai"),
    ],
)
def test_command_refuses_a_bad_logo_and_writes_nothing(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(*GOOD, "--logo", str(path))
    nothing_written()
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.*"))


def test_command_stores_a_png_or_svg_logo(tmp_path):
    path = tmp_path / "lambang.svg"
    path.write_bytes(SVG)
    run(*GOOD, "--logo", str(path))
    instansi = Instansi.objects.get()
    assert instansi.logo.name == "instansi/logo/kota-demo.svg"
    assert instansi.logo.read() == SVG


def test_command_refuses_a_missing_logo_file(tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        run(*GOOD, "--logo", str(tmp_path / "tidak-ada.png"))
    nothing_written()


def test_token_is_printed_once_and_only_its_hash_is_kept(settings):
    out = run("--token")
    token = out.splitlines()[1]
    stored = settings.KINERJA_SETUP_TOKEN_FILE.read_text()
    assert token not in stored and setup._digest(token) in stored
    assert stat.S_IMODE(os.stat(settings.KINERJA_SETUP_TOKEN_FILE).st_mode) == 0o600
    assert setup.token_valid(token) and not setup.token_valid(token + "x")
    newer = run("--token").splitlines()[1]
    assert not setup.token_valid(token) and setup.token_valid(newer)


def test_token_is_refused_once_an_agency_exists():
    InstansiFactory()
    with pytest.raises(CommandError, match="sudah berisi instansi"):
        run("--token")


def test_token_from_the_environment_is_accepted(monkeypatch):
    monkeypatch.setenv("KINERJA_SETUP_TOKEN", "rahasia-dari-lingkungan-0123456789")
    assert setup.token_valid("rahasia-dari-lingkungan-0123456789")
    assert not setup.token_valid("rahasia-lain")
    assert not setup.token_valid("")


# --- the first-run page --------------------------------------------------------------------


def form_data(token: str, **changes) -> dict:
    data = {
        "token": token, "nama": "Pemerintah Kota Demo", "kode": "KOTA-DEMO",
        "tingkat": "kabupaten_kota", "zona_waktu": "Asia/Makassar", "tempat": "Kota Demo",
        "admin_username": "admin.bkpsdm", "admin_email": "",
        "password1": "Tanjung-Pinang-2026", "password2": "Tanjung-Pinang-2026",
    }  # fmt: skip
    data.update(changes)
    return data


def test_page_creates_the_agency_logs_the_admin_in_and_lands_on_the_import_page(
    client, django_capture_on_commit_callbacks
):
    token = setup.issue_token()
    logo = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/mulai/", form_data(token, logo=logo))
    assert response.status_code == 302 and response["Location"] == reverse("org_import")
    admin = User.objects.get()
    assert admin.is_admin_kepegawaian and not admin.wajib_ganti_sandi
    assert admin.check_password("Tanjung-Pinang-2026")
    assert Instansi.objects.get().logo.name.endswith(".png")
    assert client.get(reverse("org_import")).status_code == 200
    assert AuditEntry.objects.get().actor_label.startswith("halaman /mulai/")
    assert not setup.token_path().exists()
    assert client.get("/mulai/").status_code == 404


def test_page_is_404_once_an_agency_exists(client):
    InstansiFactory()
    token = setup.issue_token()
    assert client.get("/mulai/").status_code == 404
    assert client.post("/mulai/", form_data(token)).status_code == 404
    assert Instansi.objects.count() == 1


def test_page_refuses_a_wrong_token_and_keeps_what_was_typed(client):
    setup.issue_token()
    response = client.post("/mulai/", form_data("salah"))
    assert response.status_code == 400
    assert "Token salah atau kedaluwarsa" in response.text
    assert 'value="Pemerintah Kota Demo"' in response.text
    nothing_written()


def test_page_shows_each_error_beside_its_field_and_writes_nothing(client):
    token = setup.issue_token()
    big = SimpleUploadedFile("logo.png", PNG + b"\x00" * (1024 * 1024), content_type="image/png")
    response = client.post(
        "/mulai/",
        form_data(
            token, kode="X", zona_waktu="Asia/Tokyo", password2="lain-sekali-99", logo=big,
            admin_username="admin bkpsdm",
        ),
    )  # fmt: skip
    assert response.status_code == 400
    form = response.context["form"]
    assert "2–20 huruf" in form.errors["kode"][0]
    assert "zona_waktu" in form.errors
    assert "paling besar 1 MB" in form.errors["logo"][0]
    assert "tidak sama" in form.errors["password2"][0]
    assert 'value="admin bkpsdm"' in response.text and 'value="Kota Demo"' in response.text
    nothing_written()
    assert setup.token_valid(token), "a refused attempt must not use up the token"


def test_page_applies_django_password_validators(client):
    token = setup.issue_token()
    response = client.post("/mulai/", form_data(token, password1="12345678", password2="12345678"))
    assert response.status_code == 400
    assert response.context["form"].errors["password1"]
    nothing_written()


def test_login_page_points_to_the_first_run_page_only_while_empty(client):
    assert reverse("setup_start") in client.get("/masuk/").text
    InstansiFactory()
    assert reverse("setup_start") not in client.get("/masuk/").text
