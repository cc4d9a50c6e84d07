"""Issue 19, done when: one small agency lives a whole year in Chromium, every role through
the pages. HR opens the year; the supervisors and employees plan (RHK cascaded from the
head's, indicators of every aspect) and are approved; four quarters of realisations with
evidence are submitted, verified in bulk and behaviour rated; the pre-close checklist names
what is still open and lets nothing through silently; HR closes the year; the official
evaluation PDF prints, for an indicator of each aspect, the realisation the web explanation
shows; the employee objects with an attachment, the rater's supervisor decides and the team
pages follow at once; HR opens next year and the closed year stays one click away on every
page that showed it.

The year walked is last year (all its quarters have ended: time passes by the calendar,
not by a clock stub); next year is this year. Screenshots of key steps land in
test-results/whole-year/ at 1366×900 (and a few at 390×844).
"""

import re
import shutil
import subprocess
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kinerja.followup.models import Keberatan, LampiranKeberatan
from kinerja.org.models import Jabatan
from kinerja.scoring.models import Hasil
from kinerja.skp.models import NILAI_INTI, Indikator, Periode, Realisasi, Skp
from tests.e2e.conftest import RESULTS
from tests.factories import (
    PASSWORD,
    InstansiFactory,
    JabatanFactory,
    PegawaiFactory,
    UnitFactory,
    UserFactory,
)
from tests.skp.factories import (
    IndikatorFactory,
    PerilakuFactory,
    RealisasiFactory,
    RhkFactory,
    SkpFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext diperlukan"),
]

SHOTS = RESULTS / "whole-year"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# Siti's indicators, one of each aspect: (aspect, text, target, unit, direction, per quarter)
SITI = [
    ("kuantitas", "Jumlah posyandu yang didampingi", "40", "posyandu", "naik",
     ["12", "12", "12", "12"]),
    ("kualitas", "Persentase laporan posyandu lengkap dan tepat", "90", "%", "naik",
     ["95", "98,1", "98", "97"]),
    ("waktu", "Rata-rata waktu penyampaian laporan bulanan", "5", "hari", "turun",
     ["3,5", "3,25", "3,4", "3,5"]),
    ("biaya", "Biaya operasional pendampingan posyandu", "1000", "ribu rupiah", "turun",
     ["240", "250", "260,5", "200"]),
]  # fmt: skip
ANDI = ["6", "6", "6", "6"]  # Jumlah laporan kunjungan rumah, target 24


def _pdf_text(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


class Walk:
    """The browser and the people: each person signs in once, in their own browser context,
    and keeps their page; screenshots are numbered in the order they are taken."""

    def __init__(self, browser, url: str, people: dict):
        self.browser = browser
        self.url = url
        self.people = people
        self.pages: dict = {}
        self.contexts: list = []
        self.shots = 0
        SHOTS.mkdir(parents=True, exist_ok=True)

    def _context(self, viewport: dict, **extra):
        context = self.browser.new_context(locale="id-ID", viewport=viewport, **extra)
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        return context

    def _sign_in(self, page, who: str):
        person = self.people[who]
        username = person.username if hasattr(person, "username") else person.nip
        page.goto(f"{self.url}/masuk/")
        page.get_by_label("NIP atau nama pengguna").fill(username)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(f"{self.url}/")

    def as_(self, who: str):
        """``who``'s page (signed in on first use)."""
        if who not in self.pages:
            page = self._context(DESKTOP).new_page()
            self._sign_in(page, who)
            self.pages[who] = page
        return self.pages[who]

    def nav(self, page, name: str):
        """Follow the main navigation's link ``name``, opening its menu group when it sits
        in one."""
        nav = page.get_by_role("navigation", name="Navigasi utama")
        inner = page.get_by_role("link", name=name, exact=True, include_hidden=True)
        link = nav.locator(inner).first
        # The link is on the page (a navigation under way has ended) before asking whether
        # it is hidden: asked between two pages, a top-level link read as hidden.
        expect(link).to_be_attached()
        group = nav.locator("details", has=inner)
        if group.count() and not link.is_visible():  # inside a closed menu group: open it
            group.first.locator("summary").click()
        with page.expect_navigation():
            link.click()

    def shot(self, page, name: str):
        self.shots += 1
        page.screenshot(path=str(SHOTS / f"{self.shots:02d}-{name}.png"), full_page=True)

    def phone(self, who: str, path: str, name: str) -> str:
        """``path`` on a phone (390×844) as ``who``: screenshot; the page's text."""
        context = self._context(PHONE, is_mobile=True, has_touch=True)
        page = context.new_page()
        self._sign_in(page, who)
        page.goto(f"{self.url}{path}")
        self.shot(page, f"ponsel-{name}")
        text = page.locator("main").inner_text()
        context.close()
        self.contexts.remove(context)
        return text

    def failed(self):
        for who, page in self.pages.items():
            self.shot(page, f"GAGAL-{who}")

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def agency(settings, tmp_path):
    """A small health office: the head, two heads of division, two staff under each; HR,
    the regent (pimpinan) and the inspectorate (auditor). Accounts only; no period yet."""
    settings.MEDIA_ROOT = tmp_path / "media"
    instansi = InstansiFactory(kode="KABCONTOH", nama="Pemerintah Kabupaten Contoh")
    dinas = UnitFactory(instansi=instansi, kode="DINKES", nama="Dinas Kesehatan")
    yankes = UnitFactory(instansi=instansi, kode="DINKES-YAN", induk=dinas,
                         nama="Bidang Pelayanan Kesehatan")  # fmt: skip
    sdk = UnitFactory(instansi=instansi, kode="DINKES-SDK", induk=dinas,
                      nama="Bidang Sumber Daya Kesehatan")  # fmt: skip
    jpt = JabatanFactory(instansi=instansi, nama="Kepala Dinas Kesehatan",
                         jenis=Jabatan.Jenis.JPT_PRATAMA)  # fmt: skip
    kabid = JabatanFactory(instansi=instansi, nama="Kepala Bidang",
                           jenis=Jabatan.Jenis.ADMINISTRATOR)  # fmt: skip
    staf = JabatanFactory(instansi=instansi, nama="Pengelola Layanan Kesehatan",
                          jenis=Jabatan.Jenis.PELAKSANA)  # fmt: skip

    def person(nama, unit, jabatan, atasan=None):
        pegawai = PegawaiFactory(instansi=instansi, unit=unit, jabatan=jabatan, atasan=atasan,
                                 nama=nama)  # fmt: skip
        UserFactory(pegawai=pegawai)
        return pegawai

    kepala = person("Rahmat Hidayat", dinas, jpt)
    budi = person("Budi Santoso", yankes, kabid, kepala)
    dewi = person("Dewi Lestari", sdk, kabid, kepala)
    for unit, head in ((dinas, kepala), (yankes, budi), (sdk, dewi)):
        unit.kepala = head
        unit.save(update_fields=["kepala"])
    people = {
        "kepala": kepala, "budi": budi, "dewi": dewi,
        "siti": person("Siti Aminah", yankes, staf, budi),
        "andi": person("Andi Pratama", yankes, staf, budi),
        "rina": person("Rina Marlina", sdk, staf, dewi),
        "joko": person("Joko Susilo", sdk, staf, dewi),
        "hr": UserFactory(username="admin.bkpsdm", instansi=instansi,
                          is_admin_kepegawaian=True),
        "bupati": UserFactory(username="bupati", instansi=instansi, is_pimpinan=True),
    }  # fmt: skip
    people["instansi"] = instansi
    return people


def _seed_off_screen(agency, periode):
    """What happens off this walk's screens, as the factories write it: the head's plan
    (approved by the regent), and the other division: Dewi's team planned, realised,
    verified and rated, Dewi never decides their annual results (the checklist shows it)."""
    approved = datetime(periode.tahun, 1, 15, tzinfo=UTC)
    slices = {b.nomor: b for b in periode.bagian.all()}
    head = SkpFactory(pegawai=agency["kepala"], periode=periode, penilai=None,
                      jenis=Skp.Jenis.JPT, status=Skp.Status.DISETUJUI,
                      disetujui_pada=approved)  # fmt: skip
    head_rhk = RhkFactory(skp=head, uraian="Meningkatnya derajat kesehatan masyarakat")
    _realised(head_rhk, slices, target=4, per_quarter=1)

    def planned(pegawai, intervensi, uraian, target, per_quarter):
        skp = SkpFactory(pegawai=pegawai, periode=periode, status=Skp.Status.DISETUJUI,
                         disetujui_pada=approved)  # fmt: skip
        rhk = RhkFactory(skp=skp, uraian=uraian, intervensi=intervensi)
        _realised(rhk, slices, target=target, per_quarter=per_quarter)
        for bagian in slices.values():
            PerilakuFactory(skp=skp, bagian=bagian)
        return rhk

    dewi = planned(agency["dewi"], head_rhk, "Terpenuhinya tenaga kesehatan di puskesmas", 8, 2)
    planned(agency["rina"], dewi, "Terselenggaranya pelatihan tenaga kesehatan", 12, 3)
    planned(agency["joko"], dewi, "Termutakhirkannya data tenaga kesehatan", 4, 1)
    return head_rhk


def _realised(rhk, slices, *, target, per_quarter):
    indikator = IndikatorFactory(rhk=rhk, target=Decimal(target), satuan="kegiatan")
    for bagian in slices.values():
        RealisasiFactory(indikator=indikator, bagian=bagian, nilai=Decimal(per_quarter),
                         status=Realisasi.Status.DIVERIFIKASI)  # fmt: skip


def test_a_whole_year_of_one_agency(browser, live_server, agency, tmp_path):
    year = timezone.localdate().year - 1
    walk = Walk(browser, live_server.url, agency)
    try:
        periode = _open_and_plan(walk, agency, year)
        _four_quarters(walk, agency, periode)
        _assess_and_close(walk, agency, periode)
        _documents_and_objection(walk, agency, periode)
        _next_year(walk, periode)
    except Exception:
        walk.failed()
        raise
    finally:
        walk.close()


def _open_and_plan(walk, agency, year) -> Periode:
    # HR opens the year.
    hr = walk.as_("hr")
    walk.nav(hr, "Periode kinerja")
    hr.get_by_label("Tahun").fill(str(year))
    hr.get_by_label("Tenggat perencanaan").fill(f"{year}-01-31")
    hr.get_by_label("Tenggat pelaksanaan").fill(f"{year}-12-31")
    hr.get_by_label("Tenggat penilaian").fill(f"{year + 1}-01-31")
    hr.get_by_role("button", name="Buka periode").click()
    expect(hr.get_by_text(f"Periode {year} dibuka.")).to_be_visible()
    walk.shot(hr, "hr-membuka-periode")
    periode = Periode.objects.get(tahun=year)
    head_rhk = _seed_off_screen(agency, periode)

    # Planning: Budi cascades from the head's RHK, his staff from his.
    _plan(walk, "budi", "Meningkatnya mutu pelayanan kesehatan dasar", head_rhk.uraian,
          [("kuantitas", "Jumlah puskesmas memenuhi standar pelayanan minimal", "12",
            "puskesmas", "naik")])  # fmt: skip
    kepala = walk.as_("kepala")
    walk.nav(kepala, "Rencana & realisasi tim")
    row = kepala.locator("tr", has_text="Budi Santoso")
    row.get_by_role("button", name="Setujui SKP").click()
    expect(row.get_by_text("SKP Budi Santoso disetujui.")).to_be_visible()

    cascade = "Meningkatnya mutu pelayanan kesehatan dasar"
    _plan(walk, "siti", "Meningkatnya cakupan pelayanan posyandu", cascade,
          [(a, t, target, unit, arah) for a, t, target, unit, arah, _q in SITI])  # fmt: skip
    walk.shot(walk.as_("siti"), "siti-mengajukan-skp")
    _plan(walk, "andi", "Terlaksananya kunjungan rumah keluarga berisiko", cascade,
          [("kuantitas", "Jumlah laporan kunjungan rumah", "24", "laporan", "naik")])  # fmt: skip

    budi = walk.as_("budi")
    walk.nav(budi, "Rencana & realisasi tim")
    walk.shot(budi, "budi-tim-saya-perencanaan")
    budi.get_by_role("link", name="Siti Aminah").click()
    budi.get_by_role("button", name="Setujui", exact=True).click()
    expect(budi.get_by_text("SKP disetujui.")).to_be_visible()
    walk.nav(budi, "Rencana & realisasi tim")
    row = budi.locator("tr", has_text="Andi Pratama")
    row.get_by_role("button", name="Setujui SKP").click()
    expect(row.get_by_text("SKP Andi Pratama disetujui.")).to_be_visible()
    assert set(Skp.objects.filter(periode=periode).values_list("status", flat=True)) == {
        "disetujui"
    }

    # HR moves the year into execution (its planning deadline has passed: no question).
    walk.nav(hr, "Periode kinerja")
    hr.get_by_role("link", name=str(year), exact=True).click()
    hr.get_by_role("button", name="Pindah ke tahap Pelaksanaan").click()
    expect(hr.get_by_text("Periode diperbarui.")).to_be_visible()
    return periode


def _plan(walk, who: str, uraian: str, cascade_from: str, indicators: list):
    """The employee drafts the SKP: one main RHK cascaded from the supervisor's, its
    indicators, then submits it."""
    page = walk.as_(who)
    walk.nav(page, "SKP saya")
    page.get_by_role("button", name="Susun SKP baru").click()
    page.locator("#rhk-uraian").fill(uraian)
    page.locator("#iv-baru").select_option(label=cascade_from)
    page.get_by_role("button", name="Tambah RHK").click()
    expect(page.get_by_text("RHK ditambahkan.")).to_be_visible()
    for aspek, text, target, satuan, arah in indicators:
        page.get_by_text("Tambah indikator").first.click()
        form = page.locator("form.add-indikator")
        form.locator("[name=uraian]").fill(text)
        form.locator("[name=aspek]").select_option(aspek)
        form.locator("[name=target]").fill(target)
        form.locator("[name=satuan]").fill(satuan)
        form.locator("[name=arah]").select_option(arah)
        form.get_by_role("button", name="Tambah indikator").click()
        expect(page.get_by_role("cell", name=text, exact=True)).to_be_visible()
    page.get_by_role("button", name="Ajukan kepada penilai").click()
    expect(page.get_by_text("SKP diajukan kepada pejabat penilai.")).to_be_visible()


def _four_quarters(walk, agency, periode):
    """Each quarter: Siti and Andi submit their slice in one form (Siti with a PDF for every
    indicator); Budi verifies Siti's in bulk from her slice page and Andi's from "Tim saya",
    and rates both on BerAKHLAK. Andi's fourth quarter waits for Budi (the checklist shows
    it)."""
    siti, andi, budi = walk.as_("siti"), walk.as_("andi"), walk.as_("budi")
    siti_skp = Skp.objects.get(periode=periode, pegawai=agency["siti"])
    andi_skp = Skp.objects.get(periode=periode, pegawai=agency["andi"])
    siti_ind = {i.aspek: i for i in Indikator.objects.filter(rhk__skp=siti_skp)}
    andi_ind = Indikator.objects.get(rhk__skp=andi_skp)
    for nomor in range(1, 5):
        q = nomor - 1
        # Siti: the whole slice in one form, evidence on every indicator.
        if nomor == 1:
            walk.nav(siti, "SKP saya")
            siti.get_by_role("link", name=f"SKP {periode.tahun}").click()
            siti.get_by_role("link", name="Bagian 1").first.click()
        else:
            siti.get_by_role("navigation", name="Bagian periode").get_by_role(
                "link", name=f"Bagian {nomor}"
            ).click()
        for aspek, _t, _target, _unit, _arah, values in SITI:
            ind = siti_ind[aspek]
            siti.locator(f"#nilai-{ind.pk}").fill(values[q])
            siti.locator(f"#catatan-{ind.pk}").fill(f"Rekap triwulan {nomor}")
            siti.locator(f"#berkas-{ind.pk}").set_input_files(
                files=[{"name": f"{aspek}-tw{nomor}.pdf", "mimeType": "application/pdf",
                        "buffer": PDF + f"% {aspek} {nomor}\n".encode()}]
            )  # fmt: skip
        siti.get_by_role("button", name="Ajukan semua").click()
        expect(siti.get_by_text("4 realisasi diajukan kepada pejabat penilai.")).to_be_visible()
        if nomor == 1:
            walk.shot(siti, "siti-realisasi-triwulan-1")

        # Andi: one indicator, a link as evidence.
        if nomor == 1:
            walk.nav(andi, "SKP saya")
            andi.get_by_role("link", name=f"SKP {periode.tahun}").click()
            andi.get_by_role("link", name="Bagian 1").first.click()
        else:
            andi.get_by_role("navigation", name="Bagian periode").get_by_role(
                "link", name=f"Bagian {nomor}"
            ).click()
        andi.locator(f"#nilai-{andi_ind.pk}").fill(ANDI[q])
        andi.locator(f"#tautan-{andi_ind.pk}").fill(f"https://arsip.example.id/kunjungan/{nomor}")
        andi.get_by_role("button", name="Ajukan semua").click()
        expect(andi.get_by_text("1 realisasi diajukan kepada pejabat penilai.")).to_be_visible()

        # Budi: Siti's four at once from her slice page, with the evidence in the page.
        walk.nav(budi, "Rencana & realisasi tim")
        tabs = budi.get_by_role("navigation", name="Bagian periode")
        tabs.get_by_role("link", name=f"Bagian {nomor}").click()
        budi.locator("tr", has_text="Siti Aminah").get_by_role("link", name="4/4").click()
        expect(budi.locator("iframe.pratinjau").first).to_be_visible()
        budi.get_by_label("Pilih semua yang diajukan").check()
        if nomor == 1:
            walk.shot(budi, "budi-verifikasi-massal")
        budi.get_by_role("button", name="Verifikasi terpilih").click()
        expect(budi.get_by_text("4 realisasi diverifikasi dan dikunci.")).to_be_visible()
        _rate(budi, nomor)
        # Andi's from the team table (one click), except the last quarter's.
        walk.nav(budi, "Rencana & realisasi tim")
        tabs.get_by_role("link", name=f"Bagian {nomor}").click()
        row = budi.locator("tr", has_text="Andi Pratama")
        if nomor < 4:
            row.get_by_role("button", name="Verifikasi 1").click()
            expect(row.get_by_text("1 realisasi Andi Pratama diverifikasi.")).to_be_visible()
        row.get_by_role("link", name="Nilai").click()
        _rate(budi, nomor)
    walk.nav(budi, "Rencana & realisasi tim")
    walk.shot(budi, "budi-tim-saya-triwulan-4")
    assert Realisasi.objects.filter(skp=andi_skp, status="diajukan").count() == 1
    assert Realisasi.objects.filter(skp=siti_skp, status="diverifikasi").count() == 16


def _rate(page, nomor: int):
    """The behaviour form of the slice open in ``page``: all "sesuai", except "di atas"
    for service orientation in the second half of the year."""
    if page.get_by_role("heading", name="Perilaku kerja (BerAKHLAK)").count() == 0:
        page.get_by_role("link", name="Perilaku kerja").click()
    for code in NILAI_INTI:
        value = "di_atas" if code == "berorientasi_pelayanan" and nomor > 2 else "sesuai"
        page.locator(f"input[name={code}][value={value}]").check()
    page.get_by_role("button", name="Simpan penilaian perilaku").click()
    expect(page.get_by_text("Penilaian perilaku disimpan.")).to_be_visible()


def _assess_and_close(walk, agency, periode):
    """HR moves the year to assessment and computes the annual results; the regent sets
    the organisation's predikat; the checklist shows Andi's unverified fourth quarter and
    the undecided results; Budi verifies, sees the fresh figure at once and confirms; HR
    closes, with a reason for what is still open (Dewi decided nothing)."""
    year = periode.tahun
    hr, budi, bupati = walk.as_("hr"), walk.as_("budi"), walk.as_("bupati")
    walk.nav(hr, "Periode kinerja")
    hr.get_by_role("link", name=str(year), exact=True).click()
    hr.get_by_role("button", name="Pindah ke tahap Penilaian").click()
    expect(hr.get_by_text("Periode diperbarui.")).to_be_visible()
    walk.nav(hr, "Kurva distribusi")
    hr.get_by_role("button", name="Hitung ulang hasil tahunan").click()
    expect(hr.get_by_text("Hasil tahunan dihitung: 7 baru")).to_be_visible()

    walk.nav(bupati, "Kurva distribusi")
    bupati.get_by_label("Predikat organisasi", exact=True).select_option("baik")
    bupati.get_by_role("button", name="Tetapkan").click()
    expect(bupati.get_by_text("Predikat organisasi ditetapkan.")).to_be_visible()

    # The checklist: what is open, each with the list behind it.
    walk.nav(hr, "Periode kinerja")
    hr.get_by_role("link", name=str(year), exact=True).click()
    hr.get_by_role("link", name="Tutup periode (hitung dan bekukan hasil)").click()
    expect(hr.get_by_role("heading", name="Hasil bila ditutup sekarang")).to_be_visible()
    expect(hr.locator("#cek-belum_diverifikasi .badge")).to_have_text("1")
    expect(hr.locator("#cek-belum_diputuskan .badge")).to_have_text("7")
    expect(hr.locator("#cek-bagian_berjalan .badge")).to_have_text("0")
    walk.shot(hr, "hr-daftar-periksa")
    hr.get_by_role("link", name="Realisasi belum diverifikasi").click()
    expect(hr.get_by_role("link", name="Andi Pratama")).to_be_visible()
    hr.go_back()

    # Budi: the annual proposal still waits on Andi's fourth quarter; verifying it
    # recomputes Andi's result at once, then he confirms both.
    walk.nav(budi, "Penilaian tim")
    budi.get_by_role("navigation", name="Bagian periode").get_by_role(
        "link", name="Tahunan"
    ).click()
    andi_row = budi.locator("tr", has_text="Andi Pratama")
    expect(andi_row).to_contain_text("1 realisasi belum diverifikasi")
    before = andi_row.locator("td").nth(1).inner_text()
    walk.shot(budi, "budi-penilaian-tim-sebelum-verifikasi")
    walk.nav(budi, "Rencana & realisasi tim")
    budi.get_by_role("navigation", name="Bagian periode").get_by_role(
        "link", name="Bagian 4"
    ).click()
    row = budi.locator("tr", has_text="Andi Pratama")
    row.get_by_role("button", name="Verifikasi 1").click()
    expect(row.get_by_text("1 realisasi Andi Pratama diverifikasi.")).to_be_visible()
    walk.nav(budi, "Penilaian tim")
    budi.get_by_role("navigation", name="Bagian periode").get_by_role(
        "link", name="Tahunan"
    ).click()
    andi_row = budi.locator("tr", has_text="Andi Pratama")
    expect(andi_row).not_to_contain_text("belum diverifikasi")
    assert andi_row.locator("td").nth(1).inner_text() != before
    for name in ("Andi Pratama", "Siti Aminah"):
        row = budi.locator("tr", has_text=name)
        row.get_by_role("button", name="Konfirmasi").click()
        expect(row.get_by_text(f"Hasil {name} dikonfirmasi.")).to_be_visible()
    walk.shot(budi, "budi-penilaian-tim-dikonfirmasi")

    # HR: the checklist follows; closing with open matters needs a reason, and the name.
    hr.reload()
    expect(hr.locator("#cek-belum_diverifikasi .badge")).to_have_text("0")
    expect(hr.locator("#cek-belum_diputuskan .badge")).to_have_text("5")
    walk.phone("hr", f"/penilaian/tutup/?periode={year}", "daftar-periksa")
    hr.get_by_label(f"Ketik Periode {year} untuk menutupnya").fill(f"Periode {year}")
    hr.get_by_role("button", name=f"Tutup periode {year}").click()
    expect(hr.locator("#e-alasan")).to_contain_text("hal terbuka di daftar periksa")
    assert Periode.objects.get(pk=periode.pk).status == Periode.Status.PENILAIAN
    hr.get_by_label("Alasan menutup walau masih ada hal terbuka").fill(
        "Bidang SDK tidak memutuskan sebelum tenggat; usulan sistem dibekukan apa adanya"
    )
    hr.get_by_label(f"Ketik Periode {year} untuk menutupnya").fill(f"Periode {year}")
    hr.get_by_role("button", name=f"Tutup periode {year}").click()
    # Synchronous or a polled task: wait until the page shows the period closed.
    expect(hr.get_by_role("heading", name="Penutupan terakhir")).to_be_visible(timeout=90_000)
    walk.shot(hr, "hr-periode-ditutup")
    assert Periode.objects.get(pk=periode.pk).status == Periode.Status.DITUTUP


# What the year gives Siti's indicators: the quantity and the cost summed over the quarters,
# the quality and the time averaged (spec §2.2), as the explanation shows them.
SITI_REALISASI = {"kuantitas": "48,00", "kualitas": "97,03", "waktu": "3,41", "biaya": "950,50"}


def _documents_and_objection(walk, agency, periode):
    """Siti reads her annual result; the evaluation PDF prints the realisation the page
    shows for each aspect. She objects with an attachment; the head decides; Budi's team
    page and the regent's dashboard show the decided predikat at once."""
    year = periode.tahun
    siti, kepala, budi, bupati = (walk.as_(w) for w in ("siti", "kepala", "budi", "bupati"))
    walk.nav(siti, "Hasil & transparansi")
    siti.get_by_role("link", name="Tahunan", exact=True).click()
    rows = siti.locator("tr[data-indikator]")
    expect(rows).to_have_count(4)
    skp = Skp.objects.get(periode=periode, pegawai=agency["siti"])
    by_id = {ind.pk: ind for ind in Indikator.objects.filter(rhk__skp=skp)}
    web = {}
    for n in range(4):
        row = rows.nth(n)
        ind = by_id[int(row.get_attribute("data-indikator"))]
        web[ind.aspek] = (
            ind,
            row.locator('[data-kolom="realisasi"]').inner_text().strip(),
            row.locator('[data-kolom="capaian"]').inner_text().strip().rstrip("%"),
            " ".join(row.locator("td").nth(1).inner_text().split()),
        )
    assert {aspek: w[1] for aspek, w in web.items()} == SITI_REALISASI
    walk.shot(siti, "siti-hasil-tahunan")
    link = siti.get_by_role("link", name="Dokumen evaluasi (PDF)")
    response = siti.request.get(walk.url + link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = _pdf_text(response.body())
    for aspek, (ind, realisasi, capaian, target) in web.items():
        assert f"{ind.uraian} {target} {realisasi} {ind.satuan} {capaian}" in text, (aspek, text)
    assert "Menunggu keputusan penilai" not in text

    # The objection, with a PDF attached.
    siti.get_by_role("link", name="Ajukan keberatan").click()
    siti.get_by_label("Alasan keberatan").fill(
        "Perilaku berorientasi pelayanan di atas ekspektasi sepanjang semester dua, "
        "sesuai surat apresiasi kepala puskesmas terlampir."
    )
    siti.get_by_label("Lampiran", exact=False).set_input_files(
        files=[{"name": "surat-apresiasi.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    siti.get_by_role("button", name="Kirim keberatan").click()
    expect(siti.locator("#status-keberatan")).to_have_text("Diajukan")
    expect(siti.get_by_role("link", name="surat-apresiasi.pdf")).to_be_visible()
    assert LampiranKeberatan.objects.get().nama == "surat-apresiasi.pdf"

    # The head (Budi's own supervisor) decides: upheld, behaviour above expectation.
    walk.nav(kepala, "Keberatan")
    kepala.get_by_role("link", name="Siti Aminah").first.click()
    with kepala.expect_download() as download:
        kepala.get_by_role("link", name="surat-apresiasi.pdf").click()
    assert Path(download.value.path()).read_bytes() == PDF
    kepala.get_by_label("Dikabulkan", exact=True).check()
    kepala.get_by_label("Hasil kerja baru (bila dikabulkan)").select_option("di_atas")
    kepala.get_by_label("Perilaku kerja baru (bila dikabulkan)").select_option("di_atas")
    kepala.get_by_label("Alasan keputusan").fill(
        "Surat apresiasi dan catatan dialog kinerja triwulan tiga dan empat mendukung."
    )
    kepala.get_by_role("button", name="Tetapkan keputusan").click()
    expect(kepala.locator("#status-keberatan")).to_have_text("Dikabulkan")
    walk.shot(kepala, "kepala-keberatan-diputuskan")
    assert Keberatan.objects.get().akhir_predikat == "sangat_baik"

    # The team pages follow at once: Budi's "Penilaian tim" and the regent's dashboard.
    walk.nav(budi, "Penilaian tim")
    budi.get_by_role("navigation", name="Bagian periode").get_by_role(
        "link", name="Tahunan"
    ).click()
    row = budi.locator("tr", has_text="Siti Aminah")
    expect(row).to_contain_text("Sangat Baik")
    expect(row).to_contain_text("Keberatan dikabulkan")
    walk.shot(budi, "budi-penilaian-tim-setelah-keberatan")
    walk.nav(bupati, "Dasbor")
    expect(bupati.get_by_role("heading", level=1)).to_contain_text(str(year))
    sebaran = bupati.locator("#tabel-predikat")
    expect(sebaran.locator("tr", has_text="Sangat Baik").locator("td").nth(1)).to_have_text("1")
    walk.shot(bupati, "bupati-dasbor-setelah-keberatan")
    assert Hasil.objects.filter(periode=periode, bagian__isnull=True).count() == 7


def _next_year(walk, periode):
    """HR opens next year and starts it; every page that showed the closed year now opens
    on the new one, and the closed year is one click away."""
    year = periode.tahun
    hr = walk.as_("hr")
    walk.nav(hr, "Periode kinerja")
    hr.get_by_label("Tahun").fill(str(year + 1))
    hr.get_by_role("button", name="Buka periode").click()
    expect(hr.get_by_text(f"Periode {year + 1} dibuka.")).to_be_visible()
    hr.get_by_role("button", name="Pindah ke tahap Pelaksanaan").click()
    expect(hr.get_by_text("Periode diperbarui.")).to_be_visible()

    pages = [
        ("siti", "Hasil saya"), ("siti", "Hasil & transparansi"),
        ("budi", "Rencana & realisasi tim"), ("budi", "Penilaian tim"), ("kepala", "Dasbor"),
        ("bupati", "Dasbor"), ("hr", "Dasbor"),
    ]  # fmt: skip
    for who, name in pages:
        page = walk.as_(who)
        walk.nav(page, "Beranda")  # the navigation keeps a chosen year; from home, none is
        walk.nav(page, name)
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_contain_text(str(year + 1))
        page.get_by_role("navigation", name="Pilih periode").get_by_role(
            "link", name=re.compile(f"^{year}")
        ).click()
        expect(heading).to_contain_text(str(year))
        expect(heading).not_to_contain_text(str(year + 1))
    walk.shot(walk.as_("budi"), "budi-penilaian-tim-tahun-lalu")
    text = walk.phone("siti", "/penilaian/", "hasil-saya-tahun-berikut")
    assert str(year) in text
