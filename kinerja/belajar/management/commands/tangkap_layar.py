"""``manage.py tangkap_layar``: the help pages' screenshots, photographed from the demo agency.

Builds the demo agency when it is missing (as ``manage.py demo`` does, 60 employees), serves
this database on a local port, logs in as each role's demo persona in Debian's Chromium
(Playwright) and saves the page every ``kinerja.belajar.panduan.Layar`` names, 1366 pixels wide,
as a palette PNG into kinerja/belajar/static/belajar/layar/. Run by ``make screenshots``.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from kinerja.belajar.panduan import LAYAR_DIR, LEBAR_LAYAR, PANDUAN, TINGGI_LAYAR
from kinerja.core.permissions import Peran

CHROMIUM = Path("/usr/bin/chromium")
# The demo persona photographed for each role (the demo's names, kinerja/demo/generator.py).
PERSONA = {
    Peran.PEGAWAI: "Pegawai",
    Peran.ATASAN: "Atasan (kepala puskesmas)",
    Peran.ADMIN: "Admin kepegawaian (BKPSDM)",
    Peran.PIMPINAN: "Pimpinan (Wali Kota)",
    Peran.AUDITOR: "Auditor (Inspektorat)",
}
# Where the page's content ends (the document is never shorter than the window).
BAWAH_ISI = (
    "Math.ceil(Math.max(...[...document.body.children]"
    ".map(e => e.getBoundingClientRect().bottom + window.scrollY)) + 16)"
)
WARNA = 96  # palette size: pages are mostly flat colour and text; keeps each image small


def simpan_png(data: bytes, path: Path, colors: int = WARNA) -> int:
    """Quantise a screenshot to a palette and write it optimised; returns its size in bytes."""
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    small = image.quantize(colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    path.write_bytes(out.getvalue())
    return len(out.getvalue())


class Command(BaseCommand):
    help = (
        "Memotret halaman nyata dari instansi demo untuk halaman bantuan per peran "
        "(kinerja/belajar/static/belajar/layar/)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kode", default="DEMO", help="kode instansi demo (bawaan DEMO)")
        parser.add_argument("--port", type=int, default=0, help="port server lokal (bawaan acak)")
        parser.add_argument("--keluaran", default=str(LAYAR_DIR), help="folder tujuan PNG")

    def handle(self, *args, **options):
        if not CHROMIUM.exists():
            raise CommandError("Chromium Debian (/usr/bin/chromium) belum terpasang: make browser")
        from kinerja.demo.generator import demo_logins
        from kinerja.org.models import Instansi

        kode = options["kode"]
        if not Instansi.objects.filter(kode=kode).exists():
            call_command(
                "demo", pegawai=60, seed=1, kode=kode, tanpa_akun=False, stdout=self.stdout
            )
        instansi = Instansi.objects.get(kode=kode)
        logins = {x.peran: x for x in demo_logins(instansi)}
        missing = [label for label in PERSONA.values() if label not in logins]
        if missing:
            raise CommandError(f"Akun demo tidak ditemukan: {', '.join(missing)}.")

        out = Path(options["keluaran"])
        out.mkdir(parents=True, exist_ok=True)
        # Playwright's sync API runs an event loop in this thread; the ORM stays synchronous.
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        server = self._serve(options["port"])
        total = 0
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as pw:
                # Chromium on Linux draws its own controls (date fields, the file button) in
                # the language of LANGUAGE, from Debian's chromium-l10n (make screenshots).
                browser = pw.chromium.launch(
                    executable_path=str(CHROMIUM),
                    args=["--no-sandbox", "--disable-gpu", "--lang=id-ID"],
                    env={**os.environ, "LANGUAGE": "id"},
                )
                for bagian in PANDUAN:
                    shots = [g.layar for g in bagian.panduan if g.layar is not None]
                    if shots:
                        total += self._persona(browser, server, logins[PERSONA[bagian.peran]],
                                               shots, out)  # fmt: skip
                browser.close()
        finally:
            server.terminate()
        self.stdout.write(self.style.SUCCESS(f"Selesai: {total // 1024} KB seluruhnya, di {out}."))

    def _serve(self, port: int):
        from django.contrib.staticfiles.handlers import StaticFilesHandler
        from django.test.testcases import LiveServerThread

        if "127.0.0.1" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
        server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=port)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise CommandError(f"Server lokal tidak dapat dimulai: {server.error}")
        server.url = f"http://127.0.0.1:{server.port}"
        return server

    def _persona(self, browser, server, login, shots, out: Path) -> int:
        context = browser.new_context(
            locale="id-ID",
            viewport={"width": LEBAR_LAYAR, "height": TINGGI_LAYAR},
            device_scale_factor=1,
        )
        page = context.new_page()
        page.goto(f"{server.url}/masuk/")
        page.get_by_label("NIP atau nama pengguna").fill(login.username)
        page.get_by_label("Kata sandi").fill(login.password)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(f"{server.url}/")
        total = 0
        for layar in shots:
            response = page.goto(server.url + reverse(layar.url_name))
            if response is None or response.status != 200:
                status = response.status if response else "tanpa jawaban"
                raise CommandError(f"{layar.url_name} untuk {login.peran}: {status}")
            if layar.ikuti:
                page.locator(layar.ikuti).first.click()
                page.wait_for_load_state()
            page.wait_for_load_state("networkidle")
            # As tall as the page, up to TINGGI_LAYAR: a short page leaves no empty band.
            height = min(page.evaluate(BAWAH_ISI), TINGGI_LAYAR)
            clip = {"x": 0, "y": 0, "width": LEBAR_LAYAR, "height": height}
            size = simpan_png(page.screenshot(clip=clip), out / layar.berkas)
            total += size
            self.stdout.write(f"  {layar.berkas}: {login.peran}, {size // 1024} KB")
        context.close()
        return total
