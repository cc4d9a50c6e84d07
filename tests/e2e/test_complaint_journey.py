"""A complaint from the citizen's phone to its answer and rating, every role in turn:
citizen (phone, from the agency's entry page, with an attachment) → HR opens the attachment
preview and forwards it, choosing the officer (none preselected) → the officer finds it in
"Aduan untuk saya" and answers → the citizen rates the answer, or reopens it."""

import pytest

from kinerja.citizen.complaints import move_complaint, submit_complaint
from kinerja.citizen.models import Aduan, PetugasLayanan
from tests.citizen.conftest import make_layanan
from tests.factories import PASSWORD, InstansiFactory, PegawaiFactory, UnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def agency(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    instansi = InstansiFactory(kode="KOTA", nama="Pemerintah Kota Uji")
    unit = UnitFactory(instansi=instansi, nama="Dinas Kependudukan dan Pencatatan Sipil")
    officer = PegawaiFactory(instansi=instansi, unit=unit, nama="Rina Petugas")
    PegawaiFactory(instansi=instansi, unit=unit, nama="Andi Awal")  # first alphabetically
    service = make_layanan(instansi, unit, nama="Loket perekaman KTP-el", kode="ktp")
    PetugasLayanan.objects.create(instansi=instansi, layanan=service, pegawai=officer, kode="p01")
    UserFactory(username="admin.bkpsdm", instansi=instansi, is_admin_kepegawaian=True)
    UserFactory(pegawai=officer)
    return {"layanan": service, "officer": officer}


@pytest.fixture
def evidence_pdf(tmp_path):
    from weasyprint import HTML

    path = tmp_path / "bukti-antrean.pdf"
    HTML(string="<h1>Bukti antrean</h1><p>Nomor 45 dilompati.</p>").write_pdf(path)
    return path


def test_complaint_goes_from_phone_to_officer_and_is_rated(
    live_server, browser, phone_page, page, sign_in, agency, evidence_pdf
):
    officer = agency["officer"]
    # The citizen, on a phone, from the agency's entry page.
    phone = phone_page
    phone.goto(f"{live_server.url}/publik/kota/")
    phone.get_by_role("link", name="Sampaikan aduan").first.click()
    phone.get_by_label("Layanan yang diadukan").select_option(label="Loket perekaman KTP-el")
    phone.get_by_label("Isi aduan").fill("Nomor antrean saya dilompati dua kali; bukti terlampir.")
    phone.get_by_label("Lampiran (PDF, JPG atau PNG").set_input_files(str(evidence_pdf))
    phone.get_by_role("button", name="Kirim aduan").click()
    phone.get_by_text("Aduan Anda sudah kami terima").wait_for()
    code = phone.locator(".pub-code").inner_text().strip()
    aduan = Aduan.objects.get(kode_lacak=code)
    assert aduan.lampiran.name.endswith(".pdf")

    # HR opens the complaint: the attachment is previewed in the page, not printed as a path.
    sign_in(page, "admin.bkpsdm", PASSWORD)
    with page.expect_response(lambda r: r.url.endswith(f"/aduan/{code}/lampiran/")) as preview:
        page.goto(f"{live_server.url}/layanan/aduan/{code}/")
    served = preview.value
    assert served.status == 200
    assert served.headers["content-type"] == "application/pdf"
    assert served.headers["content-disposition"].startswith("inline")
    assert served.headers["x-content-type-options"] == "nosniff"
    page.locator("iframe.pratinjau-pdf").wait_for(state="visible")
    assert aduan.lampiran.name not in page.content()
    page.get_by_role("button", name="Ubah menjadi Diverifikasi").click()
    page.get_by_text("Status aduan menjadi Diverifikasi").wait_for()

    # Forwarding: no officer is preselected; sending without one says what to do.
    chooser = page.get_by_label("Petugas", exact=True)
    assert chooser.input_value() == ""
    page.get_by_label("Catatan untuk petugas").fill("Periksa rekaman CCTV loket 2")
    page.get_by_role("button", name="Ubah menjadi Diteruskan ke petugas").click()
    page.get_by_role("alert").get_by_text("Pilih petugas yang menangani.").wait_for()
    assert (
        page.get_by_label("Catatan untuk petugas").input_value() == "Periksa rekaman CCTV loket 2"
    )
    assert Aduan.objects.get(pk=aduan.pk).petugas_id is None
    page.get_by_label("Petugas", exact=True).select_option(label=officer.nama_lengkap)
    page.get_by_role("button", name="Ubah menjadi Diteruskan ke petugas").click()
    page.get_by_text("Status aduan menjadi Diteruskan ke petugas").wait_for()
    assert Aduan.objects.get(pk=aduan.pk).petugas == officer

    # The officer signs in and finds it in their own account.
    officer_page = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    mine = officer_page.new_page()
    try:
        sign_in(mine, officer.nip, PASSWORD)
        mine.get_by_role("link", name="Buka aduan untuk saya").click()
        mine.get_by_role("heading", name="Aduan untuk saya").wait_for()
        mine.get_by_role("link", name=code).click()
        mine.locator("iframe.pratinjau-pdf").wait_for(state="visible")
        assert mine.get_by_role("button", name="Ubah menjadi Ditolak").count() == 0
        mine.get_by_label("Tanggapan untuk pelapor").fill(
            "Mohon maaf. Petugas loket sudah kami tegur dan antrean kini memakai mesin."
        )
        mine.get_by_role("button", name="Ubah menjadi Ditanggapi").click()
        mine.get_by_text("Tidak ada aduan yang menunggu tanggapan Anda.").wait_for()
    finally:
        officer_page.close()

    # The citizen reads the answer and rates it.
    phone.goto(f"{live_server.url}/layanan/lacak/{code}/")
    assert phone.locator(".pub-status").inner_text() == "Ditanggapi"
    phone.get_by_text("antrean kini memakai mesin").wait_for()
    phone.get_by_role("button", name="Kirim penilaian").click()
    phone.locator(".pub-rate .pub-fielderr").wait_for()
    phone.get_by_label("4", exact=True).check()
    phone.get_by_label("Komentar (boleh dikosongkan)").fill("Cepat ditanggapi.")
    phone.get_by_role("button", name="Kirim penilaian").click()
    phone.get_by_text("Terima kasih, penilaian Anda sudah kami simpan.").wait_for()
    rated = Aduan.objects.get(pk=aduan.pk)
    assert (rated.penilaian, rated.komentar_penilaian) == (4, "Cepat ditanggapi.")


def test_citizen_reopens_an_answered_complaint_and_it_returns_to_the_officer(
    live_server, phone_page, page, sign_in, agency
):
    layanan, officer = agency["layanan"], agency["officer"]
    aduan = submit_complaint(
        layanan.instansi, layanan=layanan, isi="Loket tutup sebelum jam pelayanan selesai.",
        ip_hash="e2e",
    )  # fmt: skip
    for ke, extra in [
        ("diverifikasi", {}), ("diteruskan", {"petugas": officer}),
        ("direspons", {"tanggapan": "Jam loket sudah kami tertibkan."}),
    ]:  # fmt: skip
        aduan = move_complaint(aduan, ke=ke, by=None, **extra)
    phone = phone_page
    phone.goto(f"{live_server.url}/layanan/lacak/{aduan.kode_lacak}/")
    phone.get_by_text("Masalah belum selesai? Buka kembali aduan").click()
    phone.get_by_label("Apa yang belum selesai?").fill("Kemarin loket tutup pukul 13.00 lagi.")
    phone.get_by_role("button", name="Buka kembali aduan").click()
    phone.get_by_text("Aduan dibuka kembali").wait_for()
    assert phone.locator(".pub-status").inner_text() == "Diteruskan ke petugas"
    phone.get_by_text("(dibuka kembali oleh pelapor)").wait_for(state="visible")
    sign_in(page, officer.nip, PASSWORD)
    page.goto(f"{live_server.url}/layanan/aduan/saya/")
    row = page.get_by_role("row").filter(has_text=aduan.kode_lacak)
    assert "dibuka kembali" in row.inner_text()
