"""HR makes a service account for an integration, gives it a scoped token, the integration
uses it against the live API, HR sees when and from where, then rotates it without downtime."""

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.crawl import menu_link
from tests.factories import PASSWORD, InstansiFactory, PegawaiFactory, UnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path(__file__).resolve().parents[2] / "test-results"


def _call(url: str, token: str) -> tuple[int, dict]:
    """The integration's side: a plain HTTP client, no browser cookies."""
    headers = {"Authorization": f"Bearer {token}"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - the test server
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - test server
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def _new_token(page, nama: str) -> str:
    page.get_by_label("Nama token").fill(nama)
    page.get_by_role("checkbox", name="baca", exact=False).first.check()
    page.get_by_role("button", name="Buat token").click()
    secret = page.locator("#token-baru")
    secret.wait_for()
    return secret.inner_text().strip()


@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)])
def test_hr_makes_a_service_account_uses_and_rotates_its_token(
    browser, live_server, sign_in, width, height
):
    instansi = InstansiFactory(kode="KOTA", nama="Pemerintah Kota Uji")
    unit = UnitFactory(instansi=instansi, kode="DINKES", nama="Dinas Kesehatan")
    siti = PegawaiFactory(instansi=instansi, unit=unit, nama="Siti Aminah")
    PegawaiFactory(instansi=instansi, unit=unit, nama="Budi Santoso")
    outsider = PegawaiFactory(instansi=InstansiFactory(kode="LAIN"), nama="Orang Luar")
    UserFactory(username="admin.bkpsdm", instansi=instansi, is_admin_kepegawaian=True)
    phone = width < 600
    context = browser.new_context(
        locale="id-ID", viewport={"width": width, "height": height},
        is_mobile=phone, has_touch=phone,
    )  # fmt: skip
    page = context.new_page()
    RESULTS.mkdir(exist_ok=True)
    api = f"{live_server.url}/api/v1"

    sign_in(page, "admin.bkpsdm", PASSWORD)
    menu_link(page, "Akun layanan API").click()
    page.wait_for_url("**/akun/layanan/")
    page.get_by_label("Nama", exact=True).fill("SIMPEG BKPSDM")
    page.get_by_label("Keterangan (sistem, pengelola, kontak)").fill("Sinkron harian, tim SIMPEG")
    page.get_by_role("button", name="Buat akun layanan").click()
    page.get_by_role("heading", name="SIMPEG BKPSDM").wait_for()

    old = _new_token(page, "Produksi lama")
    assert old.startswith("knj_")
    page.screenshot(path=str(RESULTS / f"akun-layanan-token-{width}.png"), full_page=True)

    status, body = _call(f"{api}/org/pegawai", old)
    assert status == 200 and body["count"] == 2
    status, body = _call(f"{api}/org/pegawai/{siti.nip}", old)
    assert status == 200 and body["nama"] == "Siti Aminah"
    status, body = _call(f"{api}/org/pegawai/{outsider.nip}", old)
    assert status == 404
    status, body = _call(f"{api}/scoring/hasil", old)
    assert status == 403 and "penilaian-baca" in body["detail"]

    page.goto(page.url)  # a fresh GET (reloading would send the form again)
    row = page.locator("tr", has_text="Produksi lama")
    assert "belum pernah" not in row.locator(".terakhir-dipakai").inner_text()
    assert row.locator(".alamat").inner_text().strip() == "127.0.0.1"

    # Rotation: the new token works while the old one still does; then the old is revoked.
    new = _new_token(page, "Produksi baru")
    assert new != old
    assert _call(f"{api}/org/saya", new)[0] == 200
    assert _call(f"{api}/org/saya", old)[0] == 200
    page.get_by_role("button", name="Cabut token Produksi lama").click()
    page.get_by_text("Token “Produksi lama” dicabut.").wait_for()
    assert _call(f"{api}/org/saya", old)[0] == 401
    assert _call(f"{api}/org/saya", new)[0] == 200
    page.goto(page.url)  # a fresh GET (reloading would send the form again)
    rows = page.locator("tbody tr")
    assert rows.filter(has_text="Produksi lama").get_by_text("dicabut").is_visible()
    fresh = rows.filter(has_text="Produksi baru")
    assert "belum pernah" not in fresh.locator(".terakhir-dipakai").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(RESULTS / f"akun-layanan-rotasi-{width}.png"), full_page=True)

    page.get_by_role("link", name="Semua akun layanan").click()
    listed = page.locator("tbody tr", has_text="SIMPEG BKPSDM")
    assert listed.get_by_text("aktif", exact=True).is_visible()
    page.screenshot(path=str(RESULTS / f"akun-layanan-daftar-{width}.png"), full_page=True)
    context.close()
