"""Browser journeys of the SKP year: plan → return → fix → approve; realise → verify."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from kinerja.skp.models import Realisasi, Skp
from tests.e2e.crawl import menu_link
from tests.factories import PASSWORD, InstansiFactory, PegawaiFactory, UnitFactory, UserFactory
from tests.skp.factories import PeriodeFactory, RhkFactory, SkpFactory, approved_skp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def team(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    instansi = InstansiFactory(kode="KOTA", nama="Pemerintah Kota Uji")
    unit = UnitFactory(instansi=instansi, kode="DINKES", nama="Dinas Kesehatan")
    kepala = PegawaiFactory(instansi=instansi, unit=unit, nama="Budi Santoso")
    siti = PegawaiFactory(instansi=instansi, unit=unit, atasan=kepala, nama="Siti Aminah")
    UserFactory(pegawai=kepala)
    UserFactory(pegawai=siti)
    periode = PeriodeFactory(instansi=instansi, tahun=2026)
    head_skp = SkpFactory(
        pegawai=kepala,
        periode=periode,
        penilai=None,
        status="disetujui",
        disetujui_pada=datetime(2026, 1, 10, tzinfo=UTC),
    )
    RhkFactory(skp=head_skp, uraian="Meningkatnya cakupan imunisasi dasar")
    return {"kepala": kepala, "siti": siti, "periode": periode, "head_rhk": head_skp.rhk.get()}


def switch_user(page, sign_in, pegawai):
    if page.get_by_role("button", name="Keluar").count():
        page.get_by_role("button", name="Keluar").click()
    sign_in(page, pegawai.nip, PASSWORD)


def test_plan_is_drafted_returned_fixed_and_approved(page, live_server, sign_in, team):
    siti, kepala = team["siti"], team["kepala"]
    sign_in(page, siti.nip_tertulis, PASSWORD)
    menu_link(page, "SKP saya").click()
    page.get_by_role("button", name="Susun SKP baru").click()
    expect(page.get_by_role("heading", name="SKP 2026 · Siti Aminah")).to_be_visible()

    page.locator("#rhk-uraian").fill("Terlaksananya imunisasi di 5 posyandu")
    page.locator("#iv-baru").select_option(label="Meningkatnya cakupan imunisasi dasar")
    page.get_by_role("button", name="Tambah RHK").click()
    expect(page.get_by_text("RHK ditambahkan.")).to_be_visible()

    page.get_by_text("Tambah indikator").first.click()
    form = page.locator("form.add-indikator")
    form.locator("[name=uraian]").fill("Jumlah posyandu terlayani")
    form.locator("[name=target]").fill("0")
    form.locator("[name=satuan]").fill("posyandu")
    form.get_by_role("button", name="Tambah indikator").click()
    expect(page.get_by_text("Target tidak boleh 0")).to_be_visible()
    page.get_by_text("Tambah indikator").first.click()
    form.locator("[name=uraian]").fill("Jumlah posyandu terlayani")
    form.locator("[name=target]").fill("3")
    form.locator("[name=satuan]").fill("posyandu")
    form.get_by_role("button", name="Tambah indikator").click()
    expect(page.get_by_role("cell", name="3 posyandu")).to_be_visible()

    page.get_by_role("button", name="Ajukan kepada penilai").click()
    expect(page.get_by_text("SKP diajukan kepada pejabat penilai.")).to_be_visible()

    switch_user(page, sign_in, kepala)
    menu_link(page, "Rencana & realisasi tim").click()
    page.get_by_role("link", name="Siti Aminah").click()
    page.get_by_label("Komentar (wajib bila dikembalikan)").fill(
        "Target terlalu rendah; 5 posyandu"
    )
    page.get_by_role("button", name="Kembalikan").click()
    expect(page.get_by_text("SKP dikembalikan kepada pegawai dengan komentar.")).to_be_visible()

    switch_user(page, sign_in, siti)
    expect(page.get_by_text("SKP 2026 Anda dikembalikan")).to_be_visible()
    page.get_by_text("SKP 2026 Anda dikembalikan").click()
    expect(page.get_by_text("Target terlalu rendah; 5 posyandu")).to_be_visible()
    page.get_by_text("Ubah indikator").click()
    page.locator("form:has(button:text('Simpan indikator')) [name=target]").fill("5")
    page.get_by_role("button", name="Simpan indikator").click()
    expect(page.get_by_role("cell", name="5 posyandu")).to_be_visible()
    page.get_by_role("button", name="Ajukan kepada penilai").click()

    switch_user(page, sign_in, kepala)
    menu_link(page, "Rencana & realisasi tim").click()
    row = page.locator("tr", has_text="Siti Aminah")
    row.get_by_role("button", name="Setujui SKP").click()  # htmx: only the row is replaced
    expect(row.get_by_text("SKP Siti Aminah disetujui.")).to_be_visible()
    expect(row.get_by_text("Disetujui").first).to_be_visible()
    assert Skp.objects.get(pegawai=siti).status == "disetujui"


def test_realisation_with_a_file_is_recorded_and_verified(
    page, live_server, sign_in, team, tmp_path
):
    siti, kepala = team["siti"], team["kepala"]
    skp = approved_skp(siti, team["periode"], intervensi=team["head_rhk"])
    evidence = tmp_path / "laporan-posyandu.pdf"
    evidence.write_bytes(PDF)

    sign_in(page, siti.nip, PASSWORD)
    page.goto(f"{live_server.url}/skp/{skp.pk}/")
    page.get_by_role("link", name="Bagian 1").first.click()
    indicator = skp.rhk.get().indikator.get()
    form = page.locator("form.slice-form")
    form.locator(f"[name=nilai-{indicator.pk}]").fill("3")
    form.locator(f"[name=catatan-{indicator.pk}]").fill("Tiga laporan kegiatan")
    form.locator(f"[name=berkas-{indicator.pk}]").set_input_files(str(evidence))
    form.get_by_role("button", name="Ajukan semua").click()
    expect(page.get_by_text("1 realisasi diajukan kepada pejabat penilai.")).to_be_visible()
    expect(page.get_by_role("link", name="laporan-posyandu.pdf")).to_be_visible()

    switch_user(page, sign_in, kepala)
    expect(
        page.get_by_text("1 realisasi Siti Aminah (bagian 1) menunggu verifikasi")
    ).to_be_visible()
    page.get_by_text("1 realisasi Siti Aminah (bagian 1) menunggu verifikasi").click()
    page.get_by_label("Pilih: ").check()
    page.get_by_role("button", name="Verifikasi terpilih").click()
    expect(page.get_by_text("1 realisasi diverifikasi dan dikunci.")).to_be_visible()
    assert Realisasi.objects.get().status == "diverifikasi"
