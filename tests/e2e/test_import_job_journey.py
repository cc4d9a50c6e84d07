"""Issue 20, in Chromium: HR uploads an employee spreadsheet; the import is a background job.
The page shows it waiting (also after a reload) until a real worker process (``manage.py
db_worker``) runs it, then the result, without HR touching the page. A file with bad rows
shows every bad row in Indonesian and saves nothing. On a phone the result page reads too."""

import csv
import io
import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import override_settings
from playwright.sync_api import expect

from kinerja.core.models import PekerjaanLatar
from kinerja.org.models import Pegawai
from kinerja.org.nip import format_nip
from tests.e2e.conftest import RESULTS
from tests.factories import PASSWORD
from tests.worker_process import DB_QUEUE, ROOT, database_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROWS = 300


def _new_nip(i: int) -> str:
    """A NIP for the file's i-th new employee, appointed in 2023: a year the factories never
    use, so no new row can share a NIP with a persona already in the database."""
    born = date(1975, 1, 1) + timedelta(days=i * 13)
    return format_nip(born, 2023, (i % 12) + 1, "L" if i % 2 else "P", i % 999 + 1)


def _employees(personas, count: int, *, bad_rows: int = 0) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["nip", "nama", "status", "kode_unit", "nip_atasan"])
    for i in range(count):
        nip = _new_nip(i)
        if i < bad_rows:
            nip = nip[:17]  # one digit short
        writer.writerow([nip, f"Pegawai Impor {i}", "PNS", "DINKES", personas.atasan_pegawai.nip])
    return buffer.getvalue().encode()


def _upload(page, url: str, name: str, content: bytes) -> None:
    page.goto(f"{url}/org/impor/")
    page.get_by_label("Pegawai").check()
    page.get_by_label("Berkas CSV atau XLSX").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="Impor", exact=True).click()


def _worker() -> subprocess.Popen:
    env = {
        **os.environ, "DATABASE_URL": database_url(), "TASKS_BACKEND": "database",
        "KINERJA_VAR_DIR": str(settings.VAR_DIR), "DEBUG": "false",
    }  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload",
         "--no-startup-delay", "--interval", "0"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_an_import_shows_its_progress_then_its_result(page, live_server, sign_in, personas):
    url = live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, personas.admin.username, PASSWORD)

    with override_settings(TASKS=DB_QUEUE):  # the web process only queues it
        _upload(page, url, "pegawai-baru.csv", _employees(personas, ROWS))
        job = PekerjaanLatar.objects.get()
        expect(page).to_have_url(f"{url}/pekerjaan/{job.pk}/")
        expect(page.get_by_role("heading", name="Impor pegawai")).to_be_visible()
        expect(page.get_by_role("link", name="Kembali ke halaman impor")).to_be_visible()
        expect(page.locator("[data-status]")).to_have_text("Menunggu")
        expect(page.locator("#pekerjaan-langkah")).to_have_text(
            "Berkas pegawai-baru.csv menunggu diimpor oleh pekerja latar."
        )
        expect(page.locator("progress")).to_have_attribute("value", "0")
        page.reload()  # nothing is lost on a reload
        expect(page.locator("[data-status]")).to_have_text("Menunggu")
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=str(RESULTS / "impor-menunggu-1366.png"), full_page=True)
        assert not Pegawai.objects.filter(nama__startswith="Pegawai Impor").exists()

        worker = _worker()  # a real worker process takes it from the queue
        try:
            # The page polls by itself: the result appears without a reload.
            expect(page.get_by_role("heading", name="Impor selesai")).to_be_visible(timeout=90_000)
        finally:
            out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err

    expect(page.locator("[data-status]")).to_have_text("Selesai")
    expect(page.locator("progress")).to_have_attribute("value", "100")
    expect(
        page.get_by_text(
            f"Impor pegawai-baru.csv selesai. {ROWS} baris: {ROWS} dibuat, 0 diubah, "
            "0 tidak berubah."
        )
    ).to_be_visible()
    page.screenshot(path=str(RESULTS / "impor-selesai-1366.png"), full_page=True)
    assert Pegawai.objects.filter(nama__startswith="Pegawai Impor").count() == ROWS

    # A file with bad rows (tasks at once here): every bad row, nothing saved.
    _upload(page, url, "pegawai-salah.csv", _employees(personas, 5, bad_rows=2))
    expect(
        page.get_by_role("heading", name="Impor dibatalkan: tidak ada data yang disimpan")
    ).to_be_visible()
    expect(page.get_by_text("Berkas pegawai-salah.csv berisi 2 kesalahan.")).to_be_visible()
    expect(page.locator("[data-status]")).to_have_text("Dibatalkan")
    expect(page.locator("table tbody tr")).to_have_count(2)
    expect(page.get_by_text("NIP harus 18 digit angka; isian ini 17 digit.").first).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(RESULTS / "impor-salah-390.png"), full_page=True)
    assert Pegawai.objects.filter(nama__startswith="Pegawai Impor").count() == ROWS

    # Both imports are listed on the import page, each linking to its result.
    page.goto(f"{url}/org/impor/")
    expect(page.get_by_role("link", name="Impor pegawai · pegawai-baru.csv")).to_be_visible()
    page.get_by_role("link", name="Impor pegawai · pegawai-salah.csv").click()
    expect(page.get_by_text("berisi 2 kesalahan")).to_be_visible()
