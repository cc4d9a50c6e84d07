"""Browser journey of a quarter's realisations: the employee fills the whole slice in one
form (an invalid value is shown beside its field, everything else kept), submits all; the
rater previews the evidence in the page, verifies several at once and returns one with a
note."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from kinerja.skp.models import BuktiDukung, Realisasi
from tests.factories import PASSWORD, InstansiFactory, PegawaiFactory, UnitFactory, UserFactory
from tests.skp.factories import PeriodeFactory, RhkFactory, SkpFactory, approved_skp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def quarter(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    instansi = InstansiFactory(kode="KOTA", nama="Pemerintah Kota Uji")
    unit = UnitFactory(instansi=instansi, kode="DINKES-PKM", nama="UPTD Puskesmas Sukamaju")
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
    RhkFactory(skp=head_skp, uraian="Meningkatnya mutu pelayanan puskesmas")
    skp = approved_skp(siti, periode, indicators=3, intervensi=head_skp.rhk.get())
    evidence = tmp_path / "laporan-posyandu.pdf"
    evidence.write_bytes(PDF)
    return {
        "kepala": kepala,
        "siti": siti,
        "skp": skp,
        "indicators": list(skp.rhk.get().indikator.order_by("pk")),
        "evidence": str(evidence),
    }


def switch_user(page, sign_in, pegawai):
    if page.get_by_role("button", name="Keluar").count():
        page.get_by_role("button", name="Keluar").click()
    sign_in(page, pegawai.nip, PASSWORD)


def test_a_quarter_is_filled_in_one_form_then_verified_in_bulk(page, live_server, sign_in, quarter):
    siti, kepala, skp = quarter["siti"], quarter["kepala"], quarter["skp"]
    a, b, c = quarter["indicators"]
    sign_in(page, siti.nip, PASSWORD)
    page.goto(f"{live_server.url}/skp/{skp.pk}/")
    page.get_by_role("link", name="Bagian 1").first.click()

    # one form for the whole slice, one pair of buttons
    expect(page.locator("form.slice-form")).to_have_count(1)
    expect(page.get_by_role("button", name="Ajukan semua")).to_have_count(1)
    page.locator(f"#nilai-{a.pk}").fill("3")
    page.locator(f"#catatan-{a.pk}").fill("Tiga laporan kegiatan")
    page.locator(f"#berkas-{a.pk}").set_input_files(quarter["evidence"])
    page.locator(f"#nilai-{b.pk}").fill("tiga")
    page.locator(f"#nilai-{c.pk}").fill("2")
    page.locator(f"#tautan-{c.pk}").fill("https://drive.example.id/absensi")
    page.get_by_role("button", name="Ajukan semua").click()

    # the message where the user looks: at the top of the form, focused, in view
    summary = page.locator("#ringkasan")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary).to_contain_text("1 isian perlu diperbaiki; belum ada yang disimpan.")
    # the error beside the field; what was typed is still there
    expect(page.locator(f"#g-nilai-{b.pk}")).to_have_text(
        "Realisasi harus berupa angka, mis. 12 atau 87,5."
    )
    expect(page.locator(f"#nilai-{b.pk}")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#nilai-{b.pk}")).to_have_value("tiga")
    expect(page.locator(f"#nilai-{a.pk}")).to_have_value("3")
    expect(page.locator(f"#catatan-{a.pk}")).to_have_value("Tiga laporan kegiatan")
    expect(page.locator(f"#nilai-{c.pk}")).to_have_value("2")
    expect(page.locator(f"#tautan-{c.pk}")).to_have_value("https://drive.example.id/absensi")
    expect(page.locator(f"#g-berkas-{a.pk}")).to_contain_text(
        "Berkas “laporan-posyandu.pdf” belum tersimpan karena formulir ditolak; "
        "pilih berkas itu lagi"
    )
    assert not Realisasi.objects.exists() and not BuktiDukung.objects.exists()

    # the summary links to the field
    summary.get_by_role("link").click()
    page.locator(f"#nilai-{b.pk}").fill("4")
    page.locator(f"#berkas-{a.pk}").set_input_files(quarter["evidence"])
    page.get_by_role("button", name="Ajukan semua").click()
    done = page.get_by_text("3 realisasi diajukan kepada pejabat penilai.")
    expect(done).to_be_visible()
    expect(done).to_be_in_viewport()
    assert sorted(Realisasi.objects.values_list("status", flat=True)) == ["diajukan"] * 3

    # the rater: evidence in the page, two verified at once, one returned with a note
    switch_user(page, sign_in, kepala)
    page.get_by_text("3 realisasi Siti Aminah (bagian 1) menunggu verifikasi").click()
    preview = page.locator("iframe.pratinjau")
    expect(preview).to_be_visible()
    src = preview.get_attribute("src")
    inline = page.request.get(live_server.url + src)
    assert inline.status == 200 and inline.headers["content-type"] == "application/pdf"
    assert inline.body() == PDF
    real = {r.indikator_id: r for r in Realisasi.objects.all()}
    page.locator(f"#pilih-{real[a.pk].pk}").check()
    page.locator(f"#pilih-{real[c.pk].pk}").check()
    page.get_by_role("button", name="Verifikasi terpilih").click()
    expect(page.get_by_text("2 realisasi diverifikasi dan dikunci.")).to_be_in_viewport()

    page.locator(f"#pilih-{real[b.pk].pk}").check()
    page.get_by_role("button", name="Kembalikan terpilih").click()
    expect(page.locator("#ringkasan")).to_be_focused()
    expect(page.locator(f"#g-kr-{real[b.pk].pk}")).to_contain_text("Tulis alasan pengembalian")
    expect(page.locator(f"#pilih-{real[b.pk].pk}")).to_be_checked()
    page.locator(f"#kr-{real[b.pk].pk}").fill("Nilai 4 tidak sesuai daftar hadir; periksa lagi")
    page.get_by_role("button", name="Kembalikan terpilih").click()
    expect(page.get_by_text("1 realisasi dikembalikan dengan komentar.")).to_be_in_viewport()

    statuses = {r.indikator_id: r.status for r in Realisasi.objects.all()}
    assert statuses == {a.pk: "diverifikasi", b.pk: "dikembalikan", c.pk: "diverifikasi"}
    assert Realisasi.objects.get(indikator=b).komentar_penilai.startswith("Nilai 4")

    # the employee sees the note and corrects only that one
    switch_user(page, sign_in, siti)
    page.goto(f"{live_server.url}/skp/{skp.pk}/bagian/1/")
    expect(page.get_by_text("Komentar penilai: Nilai 4 tidak sesuai daftar hadir")).to_be_visible()
    expect(page.locator("input[name^=nilai-]")).to_have_count(1)


def test_on_a_phone_the_error_summary_is_in_view(phone_page, live_server, sign_in, quarter):
    page = phone_page
    siti, skp = quarter["siti"], quarter["skp"]
    a = quarter["indicators"][0]
    sign_in(page, siti.nip, PASSWORD)
    page.goto(f"{live_server.url}/skp/{skp.pk}/bagian/1/")
    page.locator(f"#nilai-{a.pk}").fill("-2")
    page.get_by_role("button", name="Simpan semua").click()
    summary = page.locator("#ringkasan")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(page.locator(f"#g-nilai-{a.pk}")).to_have_text("Realisasi harus angka 0 atau lebih.")
    expect(page.locator(f"#nilai-{a.pk}")).to_have_value("-2")
