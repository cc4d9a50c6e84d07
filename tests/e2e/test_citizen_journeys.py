"""Citizen journeys on a phone: scan (open) a service's survey link, answer, see thanks;
file a complaint and check its status by its code."""

import pytest

from kinerja.citizen.models import Aduan, JawabanSurvei, Layanan, PetugasLayanan
from tests.citizen.conftest import make_layanan
from tests.factories import InstansiFactory, PegawaiFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def layanan(transactional_db):
    instansi = InstansiFactory(kode="KOTA", nama="Pemerintah Kota Uji")
    unit = UnitFactory(instansi=instansi, nama="Dinas Kependudukan dan Pencatatan Sipil")
    officer = PegawaiFactory(instansi=instansi, unit=unit, nama="Rina Petugas")
    service = make_layanan(instansi, unit, nama="Loket perekaman KTP-el", kode="ktp", populasi=1000)
    PetugasLayanan.objects.create(instansi=instansi, layanan=service, pegawai=officer, kode="p01")
    return service


def test_scan_officer_qr_answer_on_a_phone_and_see_thanks(live_server, phone_page, layanan):
    phone = phone_page
    phone.goto(
        f"{live_server.url}/layanan/s/{layanan.kode_publik}/{layanan.penugasan.get().kode_qr}/"
    )
    assert phone.get_by_text("Rina Petugas").is_visible()
    answers = ["Sesuai", "Mudah", "Cepat", "Gratis", "Sesuai", "Kompeten", "Sangat sopan dan ramah",
               "Dikelola dengan baik", "Baik"]  # fmt: skip
    for number, label in enumerate(answers, start=1):
        phone.locator(f"#q-u{number}").get_by_label(label, exact=True).check()
    phone.get_by_label("Saran dan masukan").fill("Pelayanan cepat, terima kasih.")
    phone.get_by_role("button", name="Kirim jawaban").click()
    phone.get_by_text("Jawaban Anda sudah kami simpan").wait_for()
    stored = JawabanSurvei.objects.get()
    assert (stored.u1, stored.u4, stored.u7, stored.u9) == (3, 4, 4, 3)
    assert stored.petugas.nama == "Rina Petugas"
    assert stored.saran == "Pelayanan cepat, terima kasih."


def test_missing_answer_is_pointed_out_without_losing_the_others(live_server, phone_page, layanan):
    phone = phone_page
    phone.goto(f"{live_server.url}/layanan/s/{layanan.kode_publik}/")
    for number in range(1, 9):  # the ninth is forgotten
        phone.locator(f"#q-u{number}").locator("input").nth(2).check()
    phone.evaluate("document.querySelector('form').noValidate = true")
    phone.get_by_role("button", name="Kirim jawaban").click()
    phone.get_by_role("alert").wait_for()
    assert phone.locator("#q-u9 .pub-fielderr").is_visible()
    assert phone.locator("#q-u1 input").nth(2).is_checked()
    assert not JawabanSurvei.objects.exists()


def test_file_a_complaint_and_check_its_status(live_server, phone_page, layanan):
    phone = phone_page
    phone.goto(f"{live_server.url}/layanan/aduan/baru/?layanan={layanan.kode_publik}")
    phone.get_by_label("Isi aduan").fill("Antrean tidak tertib dan nomor dilompati.")
    phone.get_by_role("button", name="Kirim aduan").click()
    phone.get_by_text("Aduan Anda sudah kami terima").wait_for()
    code = phone.locator(".pub-code").inner_text().strip()
    assert Aduan.objects.get().kode_lacak == code
    phone.goto(f"{live_server.url}/layanan/lacak/")
    phone.get_by_label("Kode lacak").fill(code.lower())
    phone.get_by_role("button", name="Lihat status").click()
    phone.locator(".pub-status").wait_for()
    assert phone.locator(".pub-status").inner_text() == "Diterima"


def test_hr_registers_a_service_adds_an_officer_and_prints_receipt_codes(
    live_server, page, sign_in, layanan
):
    from tests.factories import PASSWORD, UserFactory

    UserFactory(username="admin.bkpsdm", instansi=layanan.instansi, is_admin_kepegawaian=True)
    colleague = PegawaiFactory(instansi=layanan.instansi, unit=layanan.unit, nama="Dodi Loket")
    sign_in(page, "admin.bkpsdm", PASSWORD)
    page.goto(f"{live_server.url}/layanan/kelola/baru/")
    page.get_by_label("Unit kerja").select_option(label=layanan.unit.nama)
    page.get_by_label("Nama layanan").fill("Loket akta kelahiran")
    page.get_by_label("Kode layanan").fill("akta")
    page.get_by_label("Tenggat tanggapan pertama (hari kerja)").fill("2")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("Tidak boleh kurang dari tenggat verifikasi").wait_for()
    assert not Layanan.objects.filter(kode="akta").exists()
    page.get_by_label("Tenggat tanggapan pertama (hari kerja)").fill("5")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("Layanan Loket akta kelahiran dibuat").wait_for()
    page.get_by_label("NIP petugas").fill(colleague.nip)
    page.get_by_role("button", name="Tambah petugas").click()
    page.get_by_text("Dodi Loket menjadi petugas (p01)").wait_for()
    page.get_by_role("link", name="Kode struk").click()
    page.get_by_label("Jumlah kode").fill("12")
    page.get_by_role("button", name="Buat kode").click()
    page.get_by_text("12 kode struk dibuat").wait_for()
    assert page.locator("ol.tokens li").count() == 12
