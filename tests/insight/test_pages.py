"""Pages and API: who sees which dashboard, other agencies 404, downloads carry the page's
numbers, and a constant number of queries whatever the number of rows."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.core.spreadsheet import read_table
from kinerja.insight.models import RingkasanPeriode
from kinerja.insight.summary import refresh_aggregates
from kinerja.org.models import UnitKerja
from kinerja.scoring import services
from tests.factories import PegawaiFactory, UnitFactory, UserFactory
from tests.insight.conftest import annual_result, new_rater, team
from tests.scoring.conftest import simple_skp


@pytest.fixture
def scored(personas, periode):
    simple_skp(personas.pegawai_pegawai, periode)
    simple_skp(personas.rekan_pegawai, periode, real=(5, 5, 5, 5))
    services.compute_results(periode, by=personas.admin)
    return periode


@pytest.mark.parametrize("who", ["admin", "pimpinan", "auditor"])
def test_agency_wide_roles_see_the_dashboard(personas, scored, login, who):
    response = login(getattr(personas, who)).get("/wawasan/")
    assert response.status_code == 200
    assert "Kemajuan periode per unit" in response.content.decode()


def test_a_plain_employee_and_a_supervisor_heading_no_unit_are_refused(personas, scored, login):
    assert login(personas.pegawai).get("/wawasan/").status_code == 403
    assert login(personas.atasan).get("/wawasan/").status_code == 403


def test_a_unit_head_sees_only_their_units(personas, scored, login):
    unit = personas.atasan_pegawai.unit
    UnitKerja.objects.filter(pk=unit.pk).update(kepala=personas.atasan_pegawai)
    other_unit = UnitFactory(instansi=personas.instansi, kode="DISDIK", nama="Dinas Pendidikan")
    stranger = PegawaiFactory(instansi=personas.instansi, unit=other_unit)
    simple_skp(stranger, scored, perilaku=("di_bawah",) * 7)
    services.compute_results(scored, by=personas.admin)
    page = login(personas.atasan).get("/wawasan/").content.decode()
    assert "Dinas Kesehatan" in page and "Dinas Pendidikan" not in page
    assert login(personas.atasan).get(f"/wawasan/dokumen/unit/{other_unit.pk}/").status_code == 403
    admin_page = login(personas.admin).get("/wawasan/").content.decode()
    assert "Dinas Pendidikan" in admin_page


def test_calibration_is_for_agency_wide_roles(personas, scored, login):
    assert login(personas.admin).get("/wawasan/kalibrasi/").status_code == 200
    assert login(personas.atasan).get("/wawasan/kalibrasi/").status_code == 403


def test_another_agencys_documents_are_not_found(personas, scored, login):
    skp = scored.skp.first()
    assert login(personas.outsider).get(f"/wawasan/dokumen/evaluasi/{skp.pk}.pdf").status_code in (
        403, 404,
    )  # fmt: skip
    outsider_admin = UserFactory(instansi=personas.outsider_pegawai.instansi,
                                 is_admin_kepegawaian=True)  # fmt: skip
    client = login(outsider_admin)
    assert client.get(f"/wawasan/dokumen/evaluasi/{skp.pk}.pdf").status_code == 404
    assert client.get(f"/wawasan/dokumen/unit/{skp.unit_id}/").status_code == 404
    assert client.get("/wawasan/").status_code == 404  # that agency has no period at all


def test_an_employee_reads_own_document_but_not_a_colleagues(personas, scored, login):
    mine = scored.skp.get(pegawai=personas.pegawai_pegawai)
    theirs = scored.skp.get(pegawai=personas.rekan_pegawai)
    client = login(personas.pegawai)
    assert client.get(f"/wawasan/dokumen/evaluasi/{mine.pk}.pdf").status_code == 200
    assert client.get(f"/wawasan/dokumen/skp/{theirs.pk}.pdf").status_code == 403
    assert login(personas.atasan).get(f"/wawasan/dokumen/skp/{theirs.pk}.pdf").status_code == 200


def _cells(html: str, key: str) -> list[list[str]]:
    table = html.split(f'id="tabel-{key}"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in body.split("</tr>") if "<td" in row]


def _value(text: str):
    """A page cell read back: Indonesian numbers to float, "—" to None, text as is."""
    if text == "—":
        return None
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?", text):
        return float(text.replace(".", "").replace(",", "."))
    return text


def _same(book_rows, page_rows) -> bool:
    norm = [[float(v) if isinstance(v, int | float) else v for v in r] for r in book_rows]
    return norm == [[_value(c) for c in r] for r in page_rows]


def test_the_xlsx_and_csv_carry_the_numbers_the_page_shows(personas, scored, login):
    client = login(personas.admin)
    page = client.get("/wawasan/?tahun=2026").content.decode()
    data = client.get("/wawasan/?tahun=2026&unduh=xlsx").content
    for key, title in (("unit", "Kemajuan per unit"), ("predikat", "Sebaran predikat")):
        rows = read_table(data, title)[1:]
        assert _same(rows, _cells(page, key))
    predikat = {r[0]: r[1] for r in read_table(data, "Sebaran predikat")[1:]}
    assert predikat["Baik"] + predikat["Butuh Perbaikan"] == 2
    text = client.get("/wawasan/?tahun=2026&unduh=csv&tabel=unit").content.decode()
    assert list(csv.reader(io.StringIO(text)))[1][2] == "3"  # pegawai of Dinas Kesehatan


def test_calibration_download_matches_the_page(personas, periode, login):
    rater = new_rater(personas.instansi, "Penilai Murah")
    for skp, code in zip(team(personas.instansi, rater, 4, periode),
                         ["sangat_baik"] * 3 + ["baik"], strict=True):  # fmt: skip
        annual_result(skp, code)
    client = login(personas.admin)
    page = client.get("/wawasan/kalibrasi/").content.decode()
    data = client.get("/wawasan/kalibrasi/?unduh=xlsx").content
    rows = read_table(data, "Kalibrasi penilai")[1:]
    assert _same(rows, _cells(page, "penilai"))
    assert rows[0][1] == "Penilai Murah" and rows[0][4] == 75.0


def test_refresh_stores_the_summary_and_the_dashboard_reads_it(personas, scored, login):
    assert login(personas.pimpinan).post("/wawasan/perbarui/").status_code == 403
    response = login(personas.admin).post("/wawasan/perbarui/?tahun=2026")
    assert response.status_code == 302
    stored = RingkasanPeriode.objects.get(periode=scored)
    assert stored.data["unit"][0]["disetujui"] == 2
    assert "Ringkasan dihitung" in login(personas.admin).get("/wawasan/").content.decode()


def test_warnings_page_and_dismissal(personas, scored, login):
    client = login(personas.admin)
    page = client.get("/wawasan/peringatan/").content.decode()
    assert "Realisasi tanpa bukti dukung" in page  # simple_skp attaches no evidence
    real = scored.skp.first().realisasi.first()
    response = client.post("/wawasan/peringatan/tutup/?tahun=2026", {
        "kode": "bukti_kosong", "kunci": f"realisasi:{real.pk}", "alasan": "Bukti diserahkan fisik."
    })  # fmt: skip
    assert response.status_code == 302
    dismissed = client.get("/wawasan/peringatan/?status=ditutup").content.decode()
    assert "Bukti diserahkan fisik." in dismissed
    assert login(personas.pegawai).get("/wawasan/peringatan/").status_code == 403


def _grow(personas, periode, n):
    for i in range(n):
        unit = UnitFactory(instansi=personas.instansi, kode=f"X{i:03d}{n}")
        simple_skp(PegawaiFactory(instansi=personas.instansi, unit=unit,
                                  atasan=personas.atasan_pegawai), periode)  # fmt: skip
    services.compute_results(periode, by=personas.admin)


@pytest.mark.parametrize("path", ["/wawasan/", "/wawasan/kalibrasi/", "/wawasan/peringatan/"])
def test_pages_run_the_same_number_of_queries_for_3_or_30_rows(personas, periode, login, path):
    client = login(personas.admin)
    _grow(personas, periode, 3)
    refresh_aggregates(periode)
    counts = []
    for extra in (0, 27):
        if extra:
            _grow(personas, periode, extra)
            refresh_aggregates(periode)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_api_dashboard_calibration_and_warnings(personas, scored, login):
    client = login(personas.admin)
    body = client.get("/api/v1/insight/dasbor?tahun=2026").json()
    assert body["periode"] == 2026 and body["tabel"]["unit"]["baris"][0][2] == 3
    cal = client.get("/api/v1/insight/kalibrasi").json()
    assert cal["instansi"]["dinilai"] == 2
    warnings = client.get("/api/v1/insight/peringatan").json()
    assert any(w["kode"] == "bukti_kosong" for w in warnings)
    skp = scored.skp.first()
    pdf = client.get(f"/api/v1/insight/dokumen/evaluasi/{skp.pk}")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    assert login(personas.atasan).get("/api/v1/insight/kalibrasi").status_code == 403


def test_a_long_table_is_cut_on_the_page_but_whole_in_the_download(monkeypatch):
    from kinerja.insight import tables

    monkeypatch.setattr(tables, "PAGE_ROWS", 2)
    table = tables.Table("x", "X", ["a"], [[1], [2], [3]])
    assert table.shown == [[1], [2]] and table.hidden == 1


@pytest.mark.parametrize("who", ["admin", "pimpinan", "auditor"])
def test_the_home_card_gives_the_dashboards_figures_with_links(personas, scored, login, who):
    """The head's home says how many need attention and how many curve scopes are out of
    bounds, from the stored summary the dashboard reads, each linking to where it is listed."""
    simple_skp(PegawaiFactory(instansi=personas.instansi, unit=personas.atasan_pegawai.unit),
               scored, perilaku=("di_bawah",) * 7)  # fmt: skip
    services.compute_results(scored, by=personas.admin)
    refresh_aggregates(scored)
    data = RingkasanPeriode.objects.get(periode=scored).data
    assert data["jumlah_perhatian_pegawai"] == 1
    # the scopes the dashboard flags: not compliant and not merely advisory
    out = sum(1 for s in data["kurva"] if s["patuh"] is False and not s["saran"])
    assert data["jumlah_kurva_melampaui"] == out
    page = login(getattr(personas, who)).get("/").content.decode()
    assert (
        '<a href="/wawasan/?tahun=2026#h-perhatian"><strong>1</strong> pegawai perlu perhatian'
        in page
    )
    assert f"<strong>{out}</strong> cakupan kurva distribusi melampaui batas" in page
    dashboard = login(getattr(personas, who)).get("/wawasan/?tahun=2026").content.decode()
    assert 'id="h-perhatian"' in dashboard
