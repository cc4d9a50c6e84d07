"""Go-live: HR imports employees, prints their account slips, an employee logs in with the
slip, must change the password, sees their SKP; HR offboards them and everything stops."""

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from kinerja.org.models import Instansi, UnitKerja, User
from kinerja.org.tokens import create_token
from tests.factories import nip_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path(__file__).resolve().parents[2] / "test-results"
HR_PASSWORD = "Tanjung-Kenanga-2026"
CHOSEN = "Pilihan-sendiri-88"


@dataclass
class Agency:
    instansi: Instansi
    hr: User
    password: str


@pytest.fixture
def agency(db) -> Agency:
    """An empty database set up by the setup command (the agency and its first HR admin, whose
    random password is printed once), plus one unit for the employees to import into."""
    out = io.StringIO()
    call_command(
        "siapkan_instansi", kode="KABUJI", nama="Pemerintah Kabupaten Uji", zona="WITA",
        tempat="Uji", admin_username="admin.bkpsdm", stdout=out,
    )  # fmt: skip
    password = re.search(r"Kata sandi awal\s*:\s*(\S+)", out.getvalue()).group(1)
    instansi = Instansi.objects.get(kode="KABUJI")
    UnitKerja.objects.create(instansi=instansi, kode="DINKES", nama="Dinas Kesehatan")
    return Agency(instansi, User.objects.get(username="admin.bkpsdm"), password)


def _employees_xlsx(path: Path) -> list[tuple[str, str]]:
    people = [(nip_for(7001), "Ani Lestari"), (nip_for(7002), "Bambang Wijaya"),
              (nip_for(7003), "Citra Dewi")]  # fmt: skip
    book = Workbook()
    sheet = book.active
    sheet.append(["nip", "nama", "status", "kode_unit"])
    for nip, nama in people:
        sheet.append([nip, nama, "PNS", "DINKES"])
    for row in sheet.iter_rows(min_row=2, max_col=1):
        row[0].data_type = "s"
    book.save(path)
    return people


def _new_page(browser, width, height, **options):
    context = browser.new_context(locale="id-ID", viewport={"width": width, "height": height},
                                  accept_downloads=True, **options)  # fmt: skip
    context.set_default_timeout(20_000)
    return context.new_page()


def _log_in(page, url, username, password):
    page.goto(f"{url}/masuk/")
    page.get_by_label("NIP atau nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()


def _download(page, selector) -> bytes:
    with page.expect_download() as info:
        page.click(selector)
    return Path(info.value.path()).read_bytes()


def test_from_import_to_a_first_login_and_offboarding(browser, live_server, agency, tmp_path):
    url = live_server.url
    hr = _new_page(browser, 1366, 900)
    try:
        # The first admin logs in with the password the setup command printed and must change it.
        _log_in(hr, url, "admin.bkpsdm", agency.password)
        hr.wait_for_url(f"{url}/akun/sandi/")
        hr.locator("#id_old_password").fill(agency.password)
        hr.locator("#id_password1").fill(HR_PASSWORD)
        hr.locator("#id_password2").fill(HR_PASSWORD)
        hr.get_by_role("button", name="Simpan").click()
        hr.wait_for_url(f"{url}/")

        # Import three employees from an XLSX.
        people = _employees_xlsx(tmp_path / "pegawai.xlsx")
        hr.goto(f"{url}/org/impor/")
        hr.get_by_label("Pegawai").check()
        hr.get_by_label("Berkas CSV atau XLSX").set_input_files(str(tmp_path / "pegawai.xlsx"))
        hr.get_by_role("button", name="Impor", exact=True).click()
        hr.get_by_text("3 baris: 3 dibuat").wait_for()

        # Create their accounts (a background job) and print the slips.
        hr.get_by_role("link", name="Kembali ke halaman impor").click()
        hr.get_by_role("button", name="Buat akun untuk 3 pegawai tanpa akun").click()
        hr.get_by_text("Akun dibuat untuk 3 pegawai").first.wait_for()
        RESULTS.mkdir(exist_ok=True)
        hr.screenshot(path=str(RESULTS / "akun-pekerjaan-1366.png"), full_page=True)
        bundle = zipfile.ZipFile(io.BytesIO(_download(hr, "a[href$='/unduh/']")))
        pdf = bundle.read("slip-akun-kabuji.pdf")
        xlsx = bundle.read("akun-kabuji.xlsx")
        assert pdf.startswith(b"%PDF")
        rows = list(load_workbook(io.BytesIO(xlsx), read_only=True).worksheets[0].values)
        slips = {row[4]: row[5] for row in rows[1:]}
        assert set(slips) == {nip for nip, _ in people}
        ani_nip = people[0][0]
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf,
                                  capture_output=True, check=True).stdout.decode()  # fmt: skip
            assert all(nama in text for _, nama in people)
            assert slips[ani_nip] in text and "Pemerintah Kabupaten Uji" in text
        RESULTS.mkdir(exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-",
                        str(RESULTS / "golive-slip")], input=pdf, check=False)  # fmt: skip

        # The employee logs in with the slip's password and must change it first.
        ani = _new_page(browser, 1366, 900)
        _log_in(ani, url, ani_nip, slips[ani_nip])
        ani.wait_for_url(f"{url}/akun/sandi/")
        assert ani.get_by_text("Ganti kata sandi awal Anda").is_visible()
        ani.goto(f"{url}/skp/")
        ani.wait_for_url(f"{url}/akun/sandi/")
        ani.locator("#id_old_password").fill(slips[ani_nip])
        ani.locator("#id_password1").fill(CHOSEN)
        ani.locator("#id_password2").fill(CHOSEN)
        ani.get_by_role("button", name="Simpan").click()
        ani.wait_for_url(f"{url}/")
        ani.goto(f"{url}/skp/")
        assert ani.get_by_role("heading", name="SKP saya").is_visible()

        _, token = create_token(User.objects.get(username=ani_nip), nama="HP")
        auth = {"Authorization": f"Bearer {token}"}
        assert ani.request.get(f"{url}/api/v1/org/saya", headers=auth).status == 200

        # HR makes her inactive: session, password and token stop at once.
        hr.goto(f"{url}/org/pegawai/{ani_nip}/")
        hr.get_by_role("button", name="Nonaktifkan pegawai").click()
        hr.get_by_text("Akunnya tidak dapat dipakai lagi").wait_for()

        ani.reload()
        ani.wait_for_url(f"{url}/masuk/**")
        _log_in(ani, url, ani_nip, CHOSEN)
        assert ani.url.startswith(f"{url}/masuk/")
        assert ani.get_by_text("kata sandi salah").is_visible()
        assert ani.request.get(f"{url}/api/v1/org/saya", headers=auth).status == 401

        hr.goto(f"{url}/org/akun/?status=nonaktif")
        assert hr.get_by_role("cell", name=ani_nip).is_visible()
    except Exception:
        RESULTS.mkdir(exist_ok=True)
        hr.screenshot(path=str(RESULTS / "golive-hr.png"), full_page=True)
        raise
    finally:
        hr.context.close()


def test_the_accounts_page_fits_a_phone(browser, live_server, agency):
    from tests.factories import PegawaiFactory, UserFactory

    unit = UnitKerja.objects.get(instansi=agency.instansi, kode="DINKES")
    for n in range(4):
        UserFactory(pegawai=PegawaiFactory(instansi=agency.instansi, unit=unit,
                                           nama=f"Pegawai Ponsel {n}"))  # fmt: skip
    PegawaiFactory(instansi=agency.instansi, unit=unit, nama="Belum Berakun")
    agency.hr.set_password(HR_PASSWORD)  # as if the first change were done
    agency.hr.wajib_ganti_sandi = False
    agency.hr.save()
    phone = _new_page(browser, 390, 844, is_mobile=True, has_touch=True)
    try:
        _log_in(phone, live_server.url, "admin.bkpsdm", HR_PASSWORD)
        phone.goto(f"{live_server.url}/org/akun/")
        assert phone.get_by_role("button", name="Buat akun untuk 1 pegawai tanpa akun").is_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        RESULTS.mkdir(exist_ok=True)
        phone.screenshot(path=str(RESULTS / "akun-390.png"), full_page=True)
        phone.get_by_role("button", name="Nonaktifkan").first.click()
        phone.get_by_text("dinonaktifkan: tidak dapat masuk").wait_for()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        phone.context.close()
