"""From an empty database: the setup token, the first-run page, the agency settings."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kinerja.org.models import Instansi, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture(autouse=True)
def _own_files(settings, tmp_path):
    settings.KINERJA_SETUP_TOKEN_FILE = tmp_path / "setup-token"
    settings.MEDIA_ROOT = tmp_path / "media"


def _png(tmp_path) -> Path:
    """A real 64x64 PNG, drawn with Pillow (installed with WeasyPrint)."""
    from PIL import Image

    path = tmp_path / "lambang.png"
    Image.new("RGB", (64, 64), (20, 90, 160)).save(path)
    return path


def test_the_operator_sets_up_the_agency_and_hr_edits_it(browser, live_server, tmp_path):
    assert not Instansi.objects.exists()
    out = io.StringIO()
    call_command("siapkan_instansi", "--token", stdout=out)
    token = out.getvalue().splitlines()[1].strip()

    context = browser.new_context(locale="id-ID", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    csp_errors = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security" in m.text else 0)

    page.goto(f"{live_server.url}/masuk/")
    page.get_by_role("link", name="halaman Mulai dari nol").click()
    page.wait_for_url(f"{live_server.url}/mulai/")

    # A wrong token: refused, what was typed stays.
    page.get_by_label("Token penyiapan").fill("salah")
    page.get_by_label("Nama instansi").fill("Pemerintah Kota Demo")
    page.get_by_label("Kode instansi").fill("KOTA-DEMO")
    page.get_by_label("Tingkat").select_option("kabupaten_kota")
    page.get_by_label("Zona waktu").select_option(label="WITA (Waktu Indonesia Tengah)")
    page.get_by_label("Nama tempat untuk tanda tangan").fill("Kota Demo")
    page.get_by_label("Nama pengguna admin kepegawaian").fill("admin.bkpsdm")
    page.get_by_label("Kata sandi baru", exact=True).fill("Tanjung-Pinang-2026")
    page.get_by_label("Ulangi kata sandi baru").fill("Tanjung-Pinang-2026")
    page.get_by_role("button", name="Simpan dan masuk").click()
    expect(page.get_by_text("Token salah atau kedaluwarsa")).to_be_visible()
    assert page.get_by_label("Nama instansi").input_value() == "Pemerintah Kota Demo"
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "setup-mulai-galat.png"), full_page=True)
    assert not Instansi.objects.exists()

    page.get_by_label("Token penyiapan").fill(token)
    page.get_by_label("Logo (opsional)").set_input_files(str(_png(tmp_path)))
    page.get_by_label("Kata sandi baru", exact=True).fill("Tanjung-Pinang-2026")
    page.get_by_label("Ulangi kata sandi baru").fill("Tanjung-Pinang-2026")
    page.get_by_role("button", name="Simpan dan masuk").click()
    page.wait_for_url(f"{live_server.url}/org/impor/")
    assert page.get_by_role("heading", name="Impor unit dan pegawai").is_visible()
    assert page.get_by_text("Instansi “Pemerintah Kota Demo” siap").is_visible()
    page.screenshot(path=str(SHOTS / "setup-impor.png"), full_page=True)
    admin = User.objects.get(username="admin.bkpsdm")
    assert admin.instansi.kode == "KOTA-DEMO" and admin.instansi.logo

    # The page is gone once the agency exists.
    assert page.goto(f"{live_server.url}/mulai/").status == 404

    # The audit log shows the setup in the agency's zone.
    page.goto(f"{live_server.url}/audit/")
    row = page.get_by_role("row").filter(has_text="Instansi: siapkan")
    assert "WITA" in row.inner_text()
    assert csp_errors == []

    # The settings page on a phone, as the same admin.
    phone = browser.new_context(
        locale="id-ID", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
        storage_state=context.storage_state(),
    )  # fmt: skip
    context.close()
    phone_page = phone.new_page()
    phone_page.set_default_timeout(10_000)
    phone_page.goto(f"{live_server.url}/org/instansi/")
    assert phone_page.get_by_role("heading", name="Pengaturan instansi").is_visible()
    assert phone_page.get_by_role("img", name="Logo instansi saat ini").is_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    phone_page.get_by_label("Zona waktu").select_option(label="WIT (Waktu Indonesia Timur)")
    phone_page.get_by_label("Nama tempat untuk tanda tangan").fill("Kota Demo Baru")
    # A newly chosen logo is previewed before it is uploaded (static JS, a data: URL).
    phone_page.get_by_label("Ganti logo").set_input_files(str(_png(tmp_path)))
    preview = phone_page.get_by_role("img", name="Logo instansi saat ini")
    phone_page.wait_for_function(
        "document.getElementById('logo-pratinjau').src.startsWith('data:image/png')"
    )
    assert preview.is_visible()
    assert phone_page.get_by_text("Pratinjau logo baru (belum disimpan)").is_visible()
    phone_page.screenshot(path=str(SHOTS / "setup-pengaturan-hp.png"), full_page=True)
    phone_page.get_by_role("button", name="Simpan").click()
    expect(phone_page.get_by_text("Pengaturan instansi disimpan.")).to_be_visible()
    instansi = Instansi.objects.get()
    assert (instansi.zona_label, instansi.tempat) == ("WIT", "Kota Demo Baru")
    phone_page.goto(f"{live_server.url}/audit/")
    changed = phone_page.get_by_role("row").filter(has_text="Instansi: ubah").first
    assert "WIT" in changed.inner_text()
    phone.close()
