"""Pages agree (issue 19): one count of approved SKPs on the period page and the dashboard,
shares never above 100 %, closed periods shown as final."""

import re
from datetime import UTC, date, datetime

import pytest

from kinerja.insight import reports, summary
from kinerja.scoring import services as scoring
from kinerja.skp import queries as skp_queries
from kinerja.skp.models import Periode, Skp
from tests.factories import PegawaiFactory
from tests.pdf import needs_pdftotext, pdf_text
from tests.scoring.conftest import S, V, build_skp
from tests.skp.factories import PeriodeFactory, SkpFactory


@pytest.fixture
def open_period(personas):
    return PeriodeFactory(instansi=personas.instansi, tahun=2026,
                          status=Periode.Status.PELAKSANAAN)  # fmt: skip


def test_the_period_page_and_the_dashboard_count_the_same_approved_skp(
    personas, open_period, login
):
    approved = datetime(2026, 1, 20, tzinfo=UTC)
    unit = personas.pegawai_pegawai.unit
    SkpFactory(pegawai=personas.pegawai_pegawai, periode=open_period,
               status=Skp.Status.DISETUJUI, disetujui_pada=approved)  # fmt: skip
    # approved in January, a revision submitted since: still scored, still "disetujui"
    SkpFactory(pegawai=personas.rekan_pegawai, periode=open_period,
               status=Skp.Status.DIAJUKAN, disetujui_pada=approved, revisi=1)  # fmt: skip
    SkpFactory(pegawai=PegawaiFactory(instansi=personas.instansi, unit=unit),
               periode=open_period, status=Skp.Status.DRAF)  # fmt: skip
    report = skp_queries.period_report(open_period, today=date(2026, 6, 1))
    board = summary.dashboard(open_period)
    assert report.total.disetujui == board.total.counts["disetujui"] == 2
    assert report.total.direvisi == 1 and report.total.diajukan == 0 and report.total.draf == 1
    assert report.total.pegawai == board.total.counts["pegawai"]
    page = login(personas.admin).get(f"/skp/periode/{open_period.pk}/").content.decode()
    assert re.search(r'<div class="stat">2 / 4</div>', page), page
    assert "termasuk 1 yang sedang direvisi" in page
    dash = login(personas.admin).get("/wawasan/?tahun=2026").content.decode()
    assert "2 dari 4 pegawai" in dash


def test_realisations_and_behaviour_entered_early_never_make_a_share_above_100(
    personas, open_period
):
    # Q1 ended; Q2 has already been recorded and rated too (an early entry).
    build_skp(personas.pegawai_pegawai, open_period,
              [("utama", [{"target": 40, "real": {1: (10, V), 2: (10, V)}}])],
              perilaku={1: [S] * 7, 2: [S] * 7})  # fmt: skip
    data = summary.compute_summary(open_period, today=date(2026, 4, 15))
    board = summary.dashboard(open_period)
    assert data["bagian_berakhir"] == 1
    total = summary.UnitProgress(0, "", "", {k: sum(u[k] for u in data["unit"])
                                             for k in summary.COUNTERS}, {})  # fmt: skip
    assert total.realisasi == 100.0 and total.perilaku == 100.0
    assert board is not None
    assert summary.pct(1003, 1000) == 100.0  # a share, capped


@needs_pdftotext
def test_a_closed_period_prints_undecided_results_as_final(personas, login):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2025,
                             status=Periode.Status.PENILAIAN)  # fmt: skip
    skp = build_skp(personas.pegawai_pegawai, periode,
                    [("utama", [{"target": 40, "real": {n: (10, V) for n in range(1, 5)}}])],
                    perilaku={n: [S] * 7 for n in range(1, 5)})  # fmt: skip
    scoring.close_period(periode, by=personas.admin)
    hasil = skp.hasil.get(bagian__isnull=True)
    assert hasil.status == "menunggu"  # nobody decided it
    pdf = reports.evaluation_pdf(skp.pk)
    text = pdf_text(pdf)
    assert "Menunggu keputusan penilai" not in text and "Final (usulan sistem" in text
    page = login(personas.pegawai).get("/tindak-lanjut/?periode=2025").content.decode()
    assert "Menunggu keputusan penilai" not in page and "Final (usulan sistem" in page
    recap = pdf_text(reports.unit_recap_pdf(periode, skp.unit))
    assert "Menunggu" not in recap


def test_the_close_page_of_a_closed_period_counts_no_result_as_waiting(personas, login):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2025,
                             status=Periode.Status.PENILAIAN)  # fmt: skip
    build_skp(personas.pegawai_pegawai, periode,
              [("utama", [{"target": 40, "real": {n: (10, V) for n in range(1, 5)}}])],
              perilaku={n: [S] * 7 for n in range(1, 5)})  # fmt: skip
    scoring.close_period(periode, by=personas.admin)
    page = login(personas.admin).get("/penilaian/tutup/?periode=2025").content.decode()
    facts = page[page.index("Hasil tersimpan") :]
    facts = facts[: facts.index("</dd>")]
    assert "menunggu" not in facts and "usulan sistem menjadi final 5" in facts
