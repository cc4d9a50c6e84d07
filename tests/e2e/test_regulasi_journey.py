"""Issue 24, in Chromium at 1366×900 and 390×844: HR sees the under-18 NIP warning on the
import result (the file still saved), and the 9-box grid keeps a Kurang/Misconduct employee
out of the talent pool and says why, on the grid and in the box."""

import csv
import io

import pytest
from playwright.sync_api import expect

from kinerja.followup import services as followup
from kinerja.org.models import Pegawai
from kinerja.scoring import services as scoring
from kinerja.skp.models import NILAI_INTI, Periode
from tests.e2e.conftest import RESULTS
from tests.factories import PASSWORD
from tests.scoring.conftest import A, B, S, V, build_skp, simple_skp
from tests.skp.factories import PeriodeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
YOUNG = "200001012016011001"  # appointed at 16


def _young_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["nip", "nama", "status", "kode_unit"])
    writer.writerow([YOUNG, "Dewi Muda", "PNS", "DINKES"])
    return buffer.getvalue().encode()


@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_import_result_shows_the_under_18_warning(page, live_server, sign_in, personas, size):
    page.set_viewport_size(SIZES[size])
    sign_in(page, personas.admin.username, PASSWORD)
    page.goto(f"{live_server.url}/org/impor/")
    page.get_by_label("Pegawai").check()
    page.get_by_label("Berkas CSV atau XLSX").set_input_files(
        {"name": "muda.csv", "mimeType": "text/csv", "buffer": _young_csv()}
    )
    page.get_by_role("button", name="Impor", exact=True).click()
    expect(page.get_by_text("Impor muda.csv selesai.")).to_be_visible()
    box = page.locator("#peringatan-impor")
    expect(box.get_by_role("heading", name="Peringatan (bukan kesalahan)")).to_be_visible()
    expect(box).to_contain_text("kurang dari 18 tahun")
    expect(page.get_by_text("Impor dibatalkan")).to_have_count(0)
    assert Pegawai.objects.filter(nip=YOUNG).exists()
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"regulasi-impor-peringatan-{size}.png"), full_page=True)


@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_grid_keeps_misconduct_out_of_the_talent_pool(
    page, live_server, sign_in, personas, size
):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2025,
                             status=Periode.Status.PENILAIAN)  # fmt: skip
    spec = {"target": 40, "real": {n: (12, V) for n in range(1, 5)}}
    below = ([B] + [S] * 6, {NILAI_INTI[0]: "Menolak melayani pemohon."})
    build_skp(personas.pegawai_pegawai, periode, [("utama", [spec])],
              perilaku={n: below for n in range(1, 5)})  # fmt: skip
    simple_skp(personas.rekan_pegawai, periode, real=(12, 12, 12, 12),
               perilaku=(A,) * 4 + (S,) * 3)  # fmt: skip
    scoring.close_period(periode, by=personas.admin)
    periode.refresh_from_db()
    for person in (personas.pegawai_pegawai, personas.rekan_pegawai):
        followup.record_potential(person, periode, by=personas.admin, skor="85")

    page.set_viewport_size(SIZES[size])
    sign_in(page, personas.admin.username, PASSWORD)
    page.goto(f"{live_server.url}/tindak-lanjut/talenta/?periode=2025")
    expect(page.locator('[data-box="9"]')).to_have_text("1")
    expect(page.locator('[data-box="6"]')).to_have_text("1")
    note = page.locator("#karena-perilaku")
    expect(note).to_contain_text("1 pegawai berpredikat Kurang/Misconduct")
    expect(note).to_contain_text("PermenPANRB 3/2020")
    page.locator(".box-6 button").click()
    listing = page.locator("#kotak-isi")
    expect(listing).to_contain_text(personas.pegawai_pegawai.nama)
    expect(listing).to_contain_text("tidak masuk kelompok talenta")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"regulasi-talenta-{size}.png"), full_page=True)
