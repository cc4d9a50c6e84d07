"""Browser journey (issue 19): after the close, the employee's result page and the official
evaluation PDF show the same realisation for an indicator of every aspect; the employee
then files an objection with a PDF attached."""

import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from kinerja.followup.models import LampiranKeberatan
from kinerja.scoring import services as scoring
from kinerja.skp.models import Periode
from tests.factories import PASSWORD, PegawaiFactory
from tests.scoring.conftest import A, S, V, build_skp
from tests.skp.factories import PeriodeFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext diperlukan"),
]

ASPECTS = [
    ("kuantitas", "naik", 40, {1: 12, 2: 12, 3: 12, 4: 12}),
    ("kualitas", "naik", 90, {1: 95, 2: "98.1", 3: 98}),
    ("waktu", "turun", 5, {1: "3.5", 2: "3.25", 3: "3.4"}),
    ("biaya", "turun", 1000, {1: 240, 2: 250, 3: "260.5", 4: 200}),
]


def _pdf_text(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def test_result_page_and_evaluation_pdf_agree_then_objection_with_attachment(
    page, sign_in, live_server, personas, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    boss = PegawaiFactory(instansi=personas.instansi, unit=personas.pegawai_pegawai.unit,
                          nama="Kepala Dinas")  # fmt: skip
    personas.atasan_pegawai.atasan = boss
    personas.atasan_pegawai.save(update_fields=["atasan"])
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2025,
                             status=Periode.Status.PENILAIAN)  # fmt: skip
    indicators = [
        {"aspek": aspek, "arah": arah, "target": target,
         "real": {n: (value, V) for n, value in real.items()}}
        for aspek, arah, target, real in ASPECTS
    ]  # fmt: skip
    skp = build_skp(personas.pegawai_pegawai, periode, [("utama", indicators)],
                    perilaku={n: [A, A, S, S, S, S, S] for n in range(1, 5)})  # fmt: skip
    scoring.close_period(periode, by=personas.admin)
    by_id = {ind.pk: ind for ind in skp.rhk.get().indikator.all()}

    sign_in(page, personas.pegawai.username, PASSWORD)
    page.goto(f"{live_server.url}/tindak-lanjut/?periode=2025&bagian=tahunan")
    rows = page.locator("tr[data-indikator]")
    assert rows.count() == 4
    web = {}
    for n in range(rows.count()):
        row = rows.nth(n)
        ind = by_id[int(row.get_attribute("data-indikator"))]
        web[ind.aspek] = (
            ind,
            row.locator('[data-kolom="realisasi"]').inner_text().strip(),
            row.locator('[data-kolom="capaian"]').inner_text().strip().rstrip("%"),
            " ".join(row.locator("td").nth(1).inner_text().split()),
        )
    assert {a: w[1] for a, w in web.items()} == {
        "kuantitas": "48,00", "kualitas": "97,03", "waktu": "3,38", "biaya": "950,50"
    }  # fmt: skip

    link = page.get_by_role("link", name="Dokumen evaluasi (PDF)")
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = _pdf_text(response.body())
    for aspek, (ind, realisasi, capaian, target) in web.items():
        # the PDF's row: indicator, target, realisation with its unit, capaian (%)
        assert f"{ind.uraian} {target} {realisasi} {ind.satuan} {capaian}" in text, (aspek, text)
    assert "291,10" not in text and "Menunggu keputusan penilai" not in text

    page.get_by_role("link", name="Ajukan keberatan").click()
    page.get_by_label("Alasan keberatan").fill(
        "Realisasi triwulan empat belum diverifikasi padahal bukti sudah lengkap."
    )
    page.get_by_label("Lampiran", exact=False).set_input_files(
        files=[
            {
                "name": "bukti-tw4.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n% bukti\n",
            }
        ]  # fmt: skip
    )
    page.get_by_role("button", name="Kirim keberatan").click()
    expect(page.locator("#status-keberatan")).to_have_text("Diajukan")
    assert LampiranKeberatan.objects.get().nama == "bukti-tw4.pdf"
    assert "bukti-tw4.pdf" in page.content()
