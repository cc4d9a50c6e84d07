"""Issue 20, in Chromium with a real worker process: HR starts the period close, the page
shows its progress, a reload in the middle still shows it (the state is in the database),
and when the worker has finished the page shows the period closed with its record.

The worker is ``manage.py db_worker`` with each step of the close held for four seconds
(tests/slow_worker.py), so that there is a "middle" to reload in."""

import random
import re

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from kinerja.scoring.models import PenutupanPeriode
from kinerja.scoring.services.close import LANGKAH
from kinerja.skp.models import Periode
from tests import worker_process
from tests.e2e.conftest import RESULTS
from tests.factories import PASSWORD
from tests.scoring.conftest import random_agency
from tests.skp.factories import PeriodeFactory

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_close_in_the_background_survives_a_reload_and_shows_the_result(
    page, browser, live_server, sign_in, personas, tmp_path
):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026,
                             status=Periode.Status.PENILAIAN)  # fmt: skip
    random_agency(personas, periode, random.Random(7), count=6)
    url = f"{live_server.url}/penilaian/tutup/?periode=2026"
    queue = override_settings(TASKS=worker_process.DB_QUEUE)
    queue.enable()
    worker = worker_process.start(slow=4, log=tmp_path / "pekerja.log")
    # Signed in before the close: on SQLite a login (a write) waits for the close's
    # transaction, as any write does; reading pages does not.
    phone = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844},
                                is_mobile=True, has_touch=True)  # fmt: skip
    try:
        other = phone.new_page()
        sign_in(other, personas.admin.username, PASSWORD)
        page.set_viewport_size({"width": 1366, "height": 900})
        sign_in(page, personas.admin.username, PASSWORD)
        page.goto(url)
        if page.get_by_label("Alasan menutup").count():
            page.get_by_label("Alasan menutup").fill("Jadwal penetapan dari BKPSDM")
        page.get_by_label("Ketik Periode 2026 untuk menutupnya").fill("Periode 2026")
        page.get_by_role("button", name="Tutup periode 2026").click()

        # The page says the close runs in the background and shows its progress.
        expect(page.get_by_text("Penutupan dimulai di latar.")).to_be_visible()
        progres = page.locator("section.progres-tugas")
        expect(progres.get_by_role("heading", name="Penutupan periode 2026")).to_be_visible()
        expect(page.get_by_role("button", name="Tutup periode 2026")).to_have_count(0)
        expect(progres.locator(".progres-langkah")).to_have_text(LANGKAH[1], timeout=30_000)

        # A reload in the middle: the progress is still there, and still moving.
        page.reload()
        progres = page.locator("section.progres-tugas")
        expect(progres.locator("[data-status]")).to_have_attribute("data-status", "berjalan")
        expect(progres.locator("progress")).to_be_visible()
        expect(progres).to_contain_text(re.compile(r"\d+ dari 30 \(\d+%\)"))
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=str(RESULTS / "tutup-latar-1366.png"), full_page=True)
        other.goto(url)  # the head of HR on the phone follows the same close
        expect(other.locator("section.progres-tugas progress")).to_be_visible()
        other.screenshot(path=str(RESULTS / "tutup-latar-390.png"), full_page=True)
        expect(progres.locator(".progres-langkah")).to_have_text(LANGKAH[2], timeout=30_000)

        # When the worker is done, the page opens itself on the closed period.
        facts = page.locator("dl.facts").first
        expect(facts).to_contain_text("Ditutup", timeout=60_000)
        expect(page.get_by_role("heading", name="Penutupan terakhir")).to_be_visible()
        expect(page.locator("section.progres-tugas")).to_have_count(0)
        run = PenutupanPeriode.objects.get(periode=periode)
        expect(page.get_by_text(run.hash_gabungan)).to_be_visible()
        assert run.jumlah_hasil == 30 and run.oleh == personas.admin
        page.screenshot(path=str(RESULTS / "tutup-latar-selesai-1366.png"), full_page=True)
    finally:
        phone.close()
        queue.disable()
        worker.terminate()
        worker.wait(timeout=30)
