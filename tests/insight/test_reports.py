"""The official documents render as PDF with the right text; exports open with openpyxl;
the batch prints every document into one ZIP with its progress."""

import re
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kinerja.core.spreadsheet import read_table
from kinerja.insight import reports
from kinerja.insight.models import PekerjaanLaporan
from kinerja.scoring import services
from tests.pdf import needs_pdftotext, pdf_text
from tests.scoring.conftest import A, simple_skp

pytestmark = needs_pdftotext


@pytest.fixture
def scored(personas, periode):
    skp = simple_skp(personas.pegawai_pegawai, periode, real=(12, 12, 12, 12),
                     perilaku=(A, A, A, A, "sesuai", "sesuai", "sesuai"))  # fmt: skip
    simple_skp(personas.rekan_pegawai, periode)
    services.compute_results(periode, by=personas.admin)
    return skp


def test_the_annual_evaluation_document_shows_the_result_and_both_signatures(scored, tmp_path):
    pdf = reports.evaluation_pdf(scored.pk)
    assert pdf[:4] == b"%PDF"
    text = pdf_text(pdf)
    assert "DOKUMEN EVALUASI KINERJA PEGAWAI TAHUNAN" in text
    assert "Siti Pegawai" in text and "Budi Atasan" in text
    assert "PEJABAT PENILAI KINERJA" in text and "Pegawai yang Dinilai" in text
    assert "SANGAT BAIK" in text  # 48/40 = 120% → di atas; 4 of 7 above → di atas
    assert "120,00" in text
    indikator = scored.rhk.first().indikator.first()
    assert indikator.uraian in text and "48,00 dokumen" in text  # 4 verified slices of 12
    png = tmp_path / "evaluasi"
    if shutil.which("pdftoppm"):
        (tmp_path / "e.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1",
                        str(tmp_path / "e.pdf"), str(png)], check=True)  # fmt: skip
        assert list(tmp_path.glob("evaluasi*.png"))


def test_the_periodic_document_names_its_slice(scored):
    bagian = scored.periode.bagian.get(nomor=2)
    text = pdf_text(reports.evaluation_pdf(scored.pk, bagian.pk))
    assert "PERIODIK" in text and "1 April 2026 s.d. 30 Juni 2026 (Triwulan II)" in text


def test_official_documents_sign_with_place_and_date_in_words_and_label_quarters(
    scored, monkeypatch, tmp_path
):
    # Before: "06-12-2026" under the signature, the four quarters' behaviour ratings as one
    # unlabelled list, the footer in the viewer's default font, an untagged PDF.
    moment = datetime(2026, 12, 6, 5, 0, tzinfo=UTC)
    monkeypatch.setattr(reports.timezone, "now", lambda: moment)
    instansi = scored.instansi
    instansi.tempat = "Kota Demo"
    instansi.save(update_fields=["tempat"])
    pdf = reports.evaluation_pdf(scored.pk)
    text = pdf_text(pdf)
    assert "Kota Demo, 6 Desember 2026" in text and "06-12-2026" not in text
    for quarter in ("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV"):
        assert quarter in text
    assert "Dicetak dari Kinerja 6 Des 2026 12.00 WIB" in text
    (tmp_path / "e.pdf").write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(tmp_path / "e.pdf")], capture_output=True, check=True)
    assert re.search(r"^Tagged:\s+yes$", info.stdout.decode(), re.M)  # PDF/UA-1
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(tmp_path / "e.pdf")], capture_output=True,
                               check=True)  # fmt: skip
        names = {line.split()[0].split("+")[-1] for line in fonts.stdout.decode().splitlines()[2:]}
        assert names and names <= {"DejaVu-Sans", "DejaVu-Sans-Bold"}, names


def test_the_skp_document_lists_the_plan_and_the_attachment(scored):
    text = pdf_text(reports.skp_pdf(scored.pk))
    assert "SASARAN KINERJA PEGAWAI" in text
    indikator = scored.rhk.first().indikator.first()
    assert indikator.uraian in text and "LAMPIRAN SASARAN KINERJA PEGAWAI" in text


def test_the_unit_recap_carries_the_chart_and_the_table(scored):
    unit = scored.unit
    text = pdf_text(reports.unit_recap_pdf(scored.periode, unit))
    assert "REKAPITULASI HASIL EVALUASI" in text and "Rina Rekan" in text
    assert "Sangat Baik" in text


def test_xlsx_keeps_numbers_as_numbers():
    data = reports.xlsx([("Lembar", ["a", "b"], [["x", 1.5], ["y", None]])])
    assert read_table(data, "Lembar")[:2] == [["a", "b"], ["x", 1.5]]


def test_a_batch_prints_every_document_into_one_zip(personas, periode, scored, settings):
    settings.MEDIA_ROOT = str(Path(settings.MEDIA_ROOT) / "uji-insight")
    job = reports.start_batch(periode, by=personas.admin, jenis="evaluasi")  # the task runs now
    assert job.status == PekerjaanLaporan.Status.SELESAI and job.selesai == 2 and job.persen == 100
    assert job.langkah == "Selesai; berkas siap diunduh."
    with zipfile.ZipFile(job.berkas.open("rb")) as archive:
        names = sorted(archive.namelist())
        assert names == sorted(
            f"evaluasi-{p.nip}.pdf" for p in (personas.pegawai_pegawai, personas.rekan_pegawai)
        )
        assert all(archive.read(n)[:4] == b"%PDF" for n in names)
    assert reports.run_job(job.pk).status == PekerjaanLaporan.Status.SELESAI  # not reprinted
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def test_a_failing_batch_is_retried_then_marked_failed_with_the_reason(
    personas, periode, scored, settings, monkeypatch
):
    settings.MEDIA_ROOT = str(Path(settings.MEDIA_ROOT) / "uji-insight-gagal")
    tries = []

    def broken(skp_id, bagian_id=None):
        tries.append(skp_id)
        raise OSError("pustaka PDF tidak tersedia")

    monkeypatch.setattr(reports, "evaluation_pdf", broken)
    job = reports.start_batch(periode, by=personas.admin, jenis="evaluasi")
    assert len(tries) == 3  # three attempts, each stopped at the first document
    assert job.status == PekerjaanLaporan.Status.GAGAL
    assert job.galat == "pustaka PDF tidak tersedia" and "gagal" in job.langkah
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def test_a_batch_left_waiting_by_a_failed_attempt_finishes_on_the_next(
    personas, periode, scored, settings
):
    from kinerja.core import tasks

    settings.MEDIA_ROOT = str(Path(settings.MEDIA_ROOT) / "uji-insight-ulang")
    job = PekerjaanLaporan.objects.create(instansi=personas.instansi, periode=periode,
                                          jenis="skp", jumlah=2)  # fmt: skip
    token = tasks._attempt.set((1, 3))
    try:
        original = reports.skp_pdf
        reports.skp_pdf = lambda skp_id: (_ for _ in ()).throw(OSError("disk penuh"))
        with pytest.raises(OSError):
            reports.run_job(job.pk)
    finally:
        reports.skp_pdf = original
        tasks._attempt.reset(token)
    job.refresh_from_db()
    assert job.status == PekerjaanLaporan.Status.ANTRE and "dicoba lagi" in job.langkah
    job = reports.run_job(job.pk)
    assert job.status == PekerjaanLaporan.Status.SELESAI and job.galat == ""
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def test_a_job_nobody_picks_up_says_to_check_the_worker(personas, periode):
    from datetime import timedelta

    from django.utils import timezone

    job = PekerjaanLaporan.objects.create(instansi=personas.instansi, periode=periode,
                                          jenis="skp", jumlah=3)  # fmt: skip
    assert job.langkah == "Menunggu pekerja latar mengambil pekerjaan ini."
    PekerjaanLaporan.objects.filter(pk=job.pk).update(dibuat=timezone.now() - timedelta(minutes=5))
    job.refresh_from_db()
    assert "db_worker" in job.langkah
