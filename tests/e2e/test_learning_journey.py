"""Browser walks of learning the system (issue 25): a new employee's first steps, the glossary's
"?", an indicator checked while it is typed, and the rater training with HR seeing completion."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import (
    PASSWORD,
    InstansiFactory,
    JabatanFactory,
    PegawaiFactory,
    UnitFactory,
    UserFactory,
)
from tests.skp.factories import PeriodeFactory, RhkFactory, SkpFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "belajar"


@pytest.fixture
def agency():
    instansi = InstansiFactory(kode="KOTA", nama="Pemerintah Kota Uji")
    unit = UnitFactory(instansi=instansi, kode="DISKOMINFO", nama="Dinas Kominfo")
    jabatan = JabatanFactory(instansi=instansi, nama="Pranata Komputer")
    kepala = PegawaiFactory(instansi=instansi, unit=unit, nama="Budi Santoso")
    siti = PegawaiFactory(instansi=instansi, unit=unit, atasan=kepala, nama="Siti Aminah",
                          jabatan=jabatan)  # fmt: skip
    periode = PeriodeFactory(instansi=instansi, tahun=2026, status="perencanaan")
    head = SkpFactory(pegawai=kepala, periode=periode, penilai=None, status="disetujui",
                      disetujui_pada=datetime(2026, 1, 10, tzinfo=UTC))  # fmt: skip
    RhkFactory(skp=head, uraian="Meningkatnya keandalan layanan digital")
    return {
        "kepala": UserFactory(pegawai=kepala),
        "siti": UserFactory(pegawai=siti),
        "hr": UserFactory(username="admin.bkpsdm", instansi=instansi, is_admin_kepegawaian=True),
    }


def sign_out(page):
    page.get_by_role("button", name="Keluar").click()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_first_week_glossary_and_a_vague_indicator(page, live_server, sign_in, agency):
    sign_in(page, agency["siti"].username, PASSWORD)
    steps = page.locator("#minggu-pertama")
    expect(steps.get_by_role("heading", name="Langkah pertama Anda")).to_be_visible()
    expect(steps).to_contain_text("0 dari 3 langkah selesai")
    shot(page, "beranda-pegawai")

    steps.get_by_role("link", name="Buka SKP Anda").click()
    page.get_by_role("button", name="Susun SKP baru").click()
    page.locator("#rhk-uraian").fill("Layanan aplikasi kantor yang andal")
    page.locator("#iv-baru").select_option(label="Meningkatnya keandalan layanan digital")
    page.get_by_role("button", name="Tambah RHK").click()
    expect(page.get_by_text("RHK ditambahkan.")).to_be_visible()

    # the "?" beside RHK opens its one glossary entry
    page.get_by_role("link", name="Apa itu RHK (Rencana Hasil Kerja)?").click()
    expect(page.get_by_role("heading", name="RHK (Rencana Hasil Kerja)")).to_be_visible()
    expect(page.get_by_text("PermenPANRB Nomor 6 Tahun 2022")).to_be_visible()
    page.go_back()

    # a vague indicator is questioned while it is typed, before anything is saved
    page.get_by_text("Tambah indikator").first.click()
    form = page.locator("form.add-indikator")
    form.locator("[name=uraian]").fill("Meningkatkan kualitas layanan TI")
    form.locator("[name=satuan]").fill("baik")
    finding = form.locator(".temuan")
    expect(finding).to_contain_text("menyatakan keinginan, bukan hasil yang dapat dihitung")
    expect(finding).to_contain_text("adalah penilaian, bukan satuan ukur")
    shot(page, "indikator-kabur")
    form.locator("[name=uraian]").fill("Persentase waktu layanan aplikasi tersedia")
    form.locator("[name=satuan]").fill("%")
    form.locator("[name=aspek]").select_option("kualitas")
    expect(form.get_by_text("Tidak ada temuan: indikator ini dapat diukur.")).to_be_visible()
    form.locator("[name=target]").fill("99")
    form.get_by_role("button", name="Tambah indikator").click()
    expect(page.get_by_text("Indikator ditambahkan.")).to_be_visible()

    # back home: the steps done tick themselves
    page.get_by_role("link", name="Beranda").first.click()
    expect(page.locator("#minggu-pertama")).to_contain_text("2 dari 3 langkah selesai")
    expect(page.locator('[data-langkah="tulis_indikator"]')).to_contain_text("selesai")


def test_a_supervisor_trains_and_hr_sees_completion(page, live_server, sign_in, agency):
    sign_in(page, agency["kepala"].username, PASSWORD)
    page.locator("#minggu-pertama").get_by_role("link", name="Ikuti latihan penilai").click()
    expect(page.get_by_role("heading", name="Latihan penilai")).to_be_visible()
    cases = page.locator("section.kasus")
    expect(cases).to_have_count(10)
    shot(page, "latihan")
    # save with one case missing: the message says which, the other choices stay
    for n in range(1, 10):
        case = page.locator(f"#kasus-{n}")
        case.locator(f'input[name="w{n}"][value="di_atas"]').check()
        case.locator(f'input[name="b{n}"][value="di_atas"]').check()
    page.get_by_role("button", name="Simpan jawaban dan lihat umpan balik").click()
    expect(page.get_by_role("alert")).to_contain_text("untuk Pegawai J")
    expect(page.locator('input[name="w1"][value="di_atas"]')).to_be_checked()
    page.locator('input[name="w10"][value="di_atas"]').check()
    page.locator('input[name="b10"][value="di_atas"]').check()
    page.get_by_role("button", name="Simpan jawaban dan lihat umpan balik").click()
    expect(page.get_by_role("heading", name="Umpan balik latihan penilai")).to_be_visible()
    expect(page.locator("#kesalahan")).to_contain_text("Murah hati (leniency)")
    expect(page.locator("tr.kasus-hasil")).to_have_count(10)
    shot(page, "latihan-umpan-balik")
    sign_out(page)

    sign_in(page, agency["hr"].username, PASSWORD)
    page.goto(f"{live_server.url}/belajar/latihan/peserta/")
    row = page.get_by_role("row", name="Budi Santoso")
    expect(row).to_contain_text("selesai")
    expect(page.locator("main")).not_to_contain_text("Murah hati")


def test_training_on_a_phone_fits_the_screen(phone_page, live_server, sign_in, agency):
    page = phone_page
    sign_in(page, agency["kepala"].username, PASSWORD)
    page.goto(f"{live_server.url}/belajar/latihan/")
    expect(page.locator("section.kasus")).to_have_count(10)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width
    shot(page, "latihan-ponsel")
