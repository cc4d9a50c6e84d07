"""Issue 19: deciding an objection is reflected at once on every page that shows the
result: the rater's "Penilaian tim", the employee's "Hasil saya", the result's page, the
curve, and the dashboards (whose stored figures of the closed period are stored anew). The
frozen ``Hasil`` row itself stays as the close wrote it."""

import pytest

from kinerja.followup import services
from kinerja.insight import summary
from kinerja.insight.models import RingkasanPeriode
from kinerja.scoring import queries as scoring_queries
from kinerja.scoring.models import Hasil
from tests.followup.conftest import annual

REASON = "Realisasi triwulan empat belum diverifikasi padahal bukti sudah lengkap."


@pytest.fixture
def upheld(personas, closed, django_capture_on_commit_callbacks):
    """Siti's annual result (Baik) objected to; the dashboard's figures stored before the
    decision; the head upholds it: behaviour above expectation, Sangat Baik."""
    summary.refresh_aggregates(closed.periode)
    hasil = annual(closed.skp["siti"])
    k = services.file_objection(hasil, by=personas.pegawai, alasan=REASON)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.decide_objection(
            k, by=closed.kepala_user, putusan="dikabulkan", alasan=REASON,
            hasil_kerja="di_atas", perilaku="di_atas",
        )  # fmt: skip
    assert len(callbacks) == 1
    return hasil


def test_the_raters_team_page_shows_the_decided_predikat(personas, closed, upheld, login):
    page = login(personas.atasan).get("/penilaian/tim/?periode=2025&bagian=tahunan")
    row = page.content.decode().split(f'id="hasil-{upheld.pk}"')[1].split("</tr>")[0]
    assert "Keberatan dikabulkan" in row and "<strong>Sangat Baik</strong>" in row
    assert "<del>" in row or "Baik" in row  # the frozen predikat is still readable
    assert Hasil.objects.get(pk=upheld.pk).final_predikat == "baik"  # the row is frozen


def test_the_employees_pages_show_the_decided_predikat(personas, closed, upheld, login):
    client = login(personas.pegawai)
    for url in ("/penilaian/?periode=2025", f"/penilaian/hasil/{upheld.pk}/"):
        page = client.get(url).content.decode()
        assert "Keberatan dikabulkan" in page and "Sangat Baik" in page, url


def test_the_dashboards_stored_figures_follow_the_decision(personas, closed, upheld):
    stored = RingkasanPeriode.objects.get(periode=closed.periode)  # stored anew (task)
    counts = {code: 0 for code in summary.PREDIKAT}
    for unit in stored.data["unit"]:
        for code, n in unit["predikat"].items():
            counts[code] += n
    assert counts["sangat_baik"] == 2 and counts["baik"] == 0
    board = summary.dashboard(closed.periode)
    assert board.total.predikat["sangat_baik"] == 2


def test_the_curve_counts_the_decided_predikat(closed, upheld):
    agency = next(s for s in scoring_queries.curve_report(closed.periode) if s.unit is None)
    assert agency.counts.get("sangat_baik") == 2 and not agency.counts.get("baik")


def test_a_rejected_objection_changes_nothing_shown(personas, closed, login):
    hasil = annual(closed.skp["siti"])
    k = services.file_objection(hasil, by=personas.pegawai, alasan=REASON)
    services.decide_objection(k, by=closed.kepala_user, putusan="ditolak", alasan=REASON)
    page = login(personas.atasan).get("/penilaian/tim/?periode=2025&bagian=tahunan")
    assert "Keberatan ditolak" not in page.content.decode()
    assert "Keberatan dikabulkan" not in page.content.decode()
    assert scoring_queries.later_finals(closed.periode) == {}


def test_an_upheld_objection_lifts_someone_out_of_the_attention_list(personas, closed):
    hasil = annual(closed.skp["siti"])
    Hasil.objects.filter(pk=hasil.pk).update(usulan_predikat="butuh_perbaikan")
    people, total = summary.attention_people(closed.periode)
    assert total == 1 and people[0]["skp_id"] == hasil.skp_id
    hasil.refresh_from_db()
    k = services.file_objection(hasil, by=personas.pegawai, alasan=REASON)
    services.decide_objection(
        k, by=closed.kepala_user, putusan="dikabulkan", alasan=REASON,
        hasil_kerja="sesuai", perilaku="sesuai",
    )  # fmt: skip
    assert summary.attention_people(closed.periode) == ([], 0)
