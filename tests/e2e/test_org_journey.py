import pytest
from playwright.sync_api import expect

from tests.e2e.crawl import menu_link
from tests.factories import PASSWORD, InstansiFactory, PegawaiFactory, UnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_employee_logs_in_by_nip_and_opens_the_organisation_tree(page, live_server, sign_in):
    instansi = InstansiFactory(kode="KOTA", nama="Pemerintah Kota Uji")
    dinas = UnitFactory(instansi=instansi, kode="DINKES", nama="Dinas Kesehatan")
    UnitFactory(instansi=instansi, kode="DINKES.PKM1", nama="Puskesmas Sukamaju", induk=dinas)
    kepala = PegawaiFactory(instansi=instansi, unit=dinas, nama="Budi Santoso")
    pegawai = PegawaiFactory(instansi=instansi, unit=dinas, atasan=kepala, nama="Siti Aminah")
    UserFactory(pegawai=pegawai)

    sign_in(page, pegawai.nip_tertulis, PASSWORD)
    assert page.get_by_role("heading", name="Selamat datang").is_visible()
    assert page.get_by_text(pegawai.nip_tertulis).is_visible()

    menu_link(page, "Struktur organisasi").click()
    page.wait_for_url(f"{live_server.url}/org/")
    tree = page.get_by_role("list", name="Pohon unit kerja")
    assert tree.get_by_role("link", name="Dinas Kesehatan").is_visible()
    tree.get_by_role("link", name="Puskesmas Sukamaju").click()
    expect(page.get_by_role("heading", name="Puskesmas Sukamaju")).to_be_visible()


def test_the_layout_fits_a_phone_screen(phone_page, live_server, sign_in):
    instansi = InstansiFactory(kode="KOTA")
    pegawai = PegawaiFactory(instansi=instansi, nama="Siti Aminah")
    UserFactory(pegawai=pegawai)
    sign_in(phone_page, pegawai.nip, PASSWORD)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    nav = phone_page.get_by_role("navigation", name="Navigasi utama")
    assert not nav.is_visible()
    menu_link(phone_page, "Struktur organisasi").click()
    phone_page.wait_for_url("**/org/")
