"""Issue 19, in Chromium: HR opens the close page, sees the checklist counts with their
lists, closes last year with its name typed; moving this year to assessment before its
deadline asks for a reason and the typed name; once next year is opened, "Hasil saya" and
"Penilaian tim" still show the year being assessed, and the closed year is one click away."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kinerja.scoring import services
from kinerja.skp.models import Periode
from tests.e2e.crawl import menu_link
from tests.factories import PASSWORD
from tests.scoring.conftest import D, S, V, build_skp, simple_skp
from tests.skp.factories import PeriodeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _year(personas, tahun, status):
    from datetime import date

    periode = PeriodeFactory(
        instansi=personas.instansi, tahun=tahun, status=status,
        tenggat_perencanaan=date(tahun, 1, 31), tenggat_pelaksanaan=date(tahun, 12, 31),
        tenggat_penilaian=date(tahun + 1, 1, 31),
    )  # fmt: skip
    spec = {"target": 40, "real": {1: (10, V), 2: (10, V), 3: (10, D), 4: (10, D)}}
    build_skp(personas.pegawai_pegawai, periode, [("utama", [spec])],
              perilaku={n: [S] * 7 for n in range(1, 5)})  # fmt: skip
    simple_skp(personas.rekan_pegawai, periode)
    services.compute_results(periode, by=personas.admin, bagian=periode.bagian.get(nomor=1))
    services.set_org_predikat(periode, by=personas.pimpinan, predikat="baik")
    return periode


def test_checklist_close_early_stage_move_and_next_year(page, live_server, sign_in, personas):
    this_year = timezone.localdate().year
    last = _year(personas, this_year - 1, Periode.Status.PENILAIAN)
    current = _year(personas, this_year, Periode.Status.PELAKSANAAN)
    url = live_server.url

    # HR opens the close page of last year: the curve outcome first, then the checklist.
    sign_in(page, personas.admin.username, PASSWORD)
    page.goto(f"{url}/penilaian/tutup/?periode={last.tahun}")
    expect(page.get_by_role("heading", name="Hasil bila ditutup sekarang")).to_be_visible()
    expect(page.locator("#cek-belum_diputuskan .badge")).to_have_text("2")
    expect(page.locator("#cek-belum_diverifikasi .badge")).to_have_text("2")
    expect(page.locator("#cek-bagian_berjalan .badge")).to_have_text("0")
    expect(page.locator("#cek-peringatan")).to_be_visible()
    page.get_by_role("link", name="Realisasi belum diverifikasi").click()
    expect(
        page.get_by_role("heading", name=re.compile("Realisasi belum diverifikasi"))
    ).to_be_visible()
    expect(page.get_by_role("link", name="Siti Pegawai").first).to_be_visible()
    page.go_back()

    # Closing needs the name typed exactly (and a reason: matters are still open).
    page.get_by_label("Alasan menutup").fill("Jadwal penetapan TPP tidak dapat mundur")
    page.get_by_label(f"Ketik Periode {last.tahun} untuk menutupnya").fill(str(last.tahun))
    page.get_by_role("button", name=f"Tutup periode {last.tahun}").click()
    expect(page.locator("#e-nama")).to_contain_text(f'"Periode {last.tahun}"')
    expect(page.get_by_label("Alasan menutup")).to_have_value(
        "Jadwal penetapan TPP tidak dapat mundur"
    )
    page.get_by_label(f"Ketik Periode {last.tahun} untuk menutupnya").fill(f"Periode {last.tahun}")
    page.get_by_role("button", name=f"Tutup periode {last.tahun}").click()
    expect(page.get_by_text(f"Periode {last.tahun} ditutup")).to_be_visible()
    last.refresh_from_db()
    assert last.status == Periode.Status.DITUTUP

    # This year is still being carried out: moving it to assessment early asks first.
    page.goto(f"{url}/penilaian/tutup/?periode={current.tahun}")
    expect(page.locator("#cek-bagian_berjalan .badge")).to_have_text("1")
    page.get_by_role("link", name="pindahkan tahapnya di halaman periode").click()
    expect(page.get_by_text("Tahap Penilaian belum waktunya.")).to_be_visible()
    # The server's own check, not the browser's required fields (whether the browser had
    # stopped the form was asked right after the click, and could be asked mid-request).
    page.get_by_label("Ketik Periode").fill(f"Periode {current.tahun}")
    page.evaluate("document.querySelector('#tahap').noValidate = true")
    page.get_by_role("button", name="Pindah ke tahap Penilaian sebelum tenggat").click()
    expect(page.locator("#e-alasan")).to_be_visible()
    page.get_by_label("Alasan memajukan tahap").fill("Rotasi jabatan serentak awal Desember")
    page.get_by_label("Ketik Periode").fill(f"Periode {current.tahun}")
    page.get_by_role("button", name="Pindah ke tahap Penilaian sebelum tenggat").click()
    expect(page.get_by_text("Periode diperbarui.")).to_be_visible()
    current.refresh_from_db()
    assert current.status == Periode.Status.PENILAIAN

    # Next year opens in planning; a nonsensical execution deadline is refused first.
    page.goto(f"{url}/skp/periode/")
    page.get_by_label("Tahun").fill(str(this_year + 1))
    page.get_by_label("Tenggat pelaksanaan").fill(f"{this_year}-12-31")
    page.get_by_role("button", name="Buka periode").click()
    expect(page.locator("#e-tenggat_pelaksanaan")).to_be_visible()
    expect(page.get_by_label("Tahun")).to_have_value(str(this_year + 1))
    page.get_by_label("Tenggat pelaksanaan").fill(f"{this_year + 1}-12-31")
    page.get_by_role("button", name="Buka periode").click()
    expect(page.get_by_text(f"Periode {this_year + 1} dibuka.")).to_be_visible()
    page.context.clear_cookies()

    # The employee: "Hasil saya" shows the year being assessed; last year one click away.
    sign_in(page, personas.pegawai.username, PASSWORD)
    menu_link(page, "Hasil saya").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(this_year))
    page.get_by_role("link", name=re.compile(f"^{last.tahun}")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(last.tahun))
    expect(page.get_by_text("Tahunan")).to_be_visible()
    page.context.clear_cookies()

    # The rater: "Penilaian tim" likewise, and the chosen year follows the navigation.
    sign_in(page, personas.atasan.username, PASSWORD)
    menu_link(page, "Penilaian tim").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(this_year))
    page.get_by_role("link", name=re.compile(f"^{last.tahun}")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(last.tahun))
    menu_link(page, "Rencana & realisasi tim").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(last.tahun))
