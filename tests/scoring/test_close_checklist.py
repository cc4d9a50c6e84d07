"""Issue 19: the close page lists what is still open before closing (each count linking to
its list), shows the curve outcome the close would produce, and closes only with the
period's name typed (and a reason while matters are open)."""

from datetime import date

import pytest
from django.urls import reverse

from kinerja.core.models import AuditEntry
from kinerja.scoring import services
from kinerja.scoring.models import Hasil
from kinerja.skp.models import Periode
from tests.scoring.conftest import D, S, V, build_skp, simple_skp


@pytest.fixture
def agency(personas, periode):
    spec = {"target": 40, "real": {1: (10, V), 2: (10, V), 3: (10, D), 4: (10, "draf")}}
    build_skp(personas.pegawai_pegawai, periode, [("utama", [spec])],
              perilaku={n: [S] * 7 for n in range(1, 5)})  # fmt: skip
    simple_skp(personas.rekan_pegawai, periode)
    services.compute_results(periode, by=personas.admin, bagian=periode.bagian.get(nomor=1))
    services.set_org_predikat(periode, by=personas.pimpinan, predikat="istimewa")
    return periode


@pytest.fixture
def december(monkeypatch):
    from kinerja.scoring.views import tutup as views

    monkeypatch.setattr(views, "today", lambda: date(2026, 12, 6))


def _item(html: str, kode: str) -> str:
    start = html.index(f'id="cek-{kode}"')
    return html[start : html.index("</li>", start)]


def test_checklist_counts_each_open_matter_with_a_link(personas, login, agency, december):
    html = login(personas.admin).get(reverse("scoring_tutup") + "?periode=2026").content.decode()
    undecided = _item(html, "belum_diputuskan")
    assert ">2<" in undecided  # both slice-1 results wait for the rater
    assert reverse("scoring_tutup_daftar", args=["belum-diputuskan"]) in undecided
    unverified = _item(html, "belum_diverifikasi")
    assert ">2<" in unverified and "belum-diverifikasi" in unverified
    slices = _item(html, "bagian_berjalan")
    assert ">1<" in slices and "31 Desember 2026" in slices
    assert reverse("skp_periode", args=[agency.pk]) in slices
    assert 'id="cek-peringatan"' in html and reverse("insight_peringatan") in html
    assert 'id="cek-kurva"' in html
    # the curve outcome comes first, before the checklist
    assert html.index("Hasil bila ditutup sekarang") < html.index("Daftar periksa")
    # the preview wrote nothing
    assert not Hasil.objects.filter(bagian__isnull=True).exists()


def test_curve_outcome_shows_the_predikat_the_close_would_freeze(personas, login, agency):
    html = login(personas.admin).get(reverse("scoring_tutup") + "?periode=2026").content.decode()
    section = html[html.index('id="hasil-penutupan"') : html.index('id="daftar-periksa"')]
    assert "Seluruh instansi" in section
    assert "melanggar" in section or "sesuai pola" in section
    preview = services.preview_close(agency)
    assert sum(preview[0].counts.values()) == 2


def test_lists_behind_the_counts_open_for_hr(personas, login, agency):
    client = login(personas.admin)
    base = reverse("scoring_tutup_daftar", args=["belum-diverifikasi"]) + "?periode=2026"
    html = client.get(base).content.decode()
    assert "Siti Pegawai" in html and "Rina Rekan" not in html and "2 baris" in html
    html = client.get(
        reverse("scoring_tutup_daftar", args=["belum-diputuskan"]) + "?periode=2026"
    ).content.decode()
    assert "Siti Pegawai" in html and "Rina Rekan" in html
    assert client.get(reverse("scoring_tutup_daftar", args=["lain"])).status_code == 404
    assert login(personas.pegawai).get(base).status_code in (403, 404)


def test_pimpinan_sees_the_warning_count_without_a_link_it_may_not_open(personas, login, agency):
    html = login(personas.pimpinan).get(reverse("scoring_tutup") + "?periode=2026").content.decode()
    assert 'id="cek-peringatan"' in html
    assert reverse("insight_peringatan") not in html


def test_closing_needs_the_name_typed_and_a_reason_while_matters_are_open(
    personas, login, agency, december
):
    client = login(personas.admin)
    url = reverse("scoring_tutup") + "?periode=2026"
    response = client.post(url, {"nama": "Periode 2026"})
    assert response.status_code == 400
    assert 'id="e-alasan"' in response.content.decode()
    response = client.post(url, {"nama": "periode 2026", "alasan": "Jadwal BKN tidak bisa mundur"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="e-nama"' in html and "Jadwal BKN tidak bisa mundur" in html
    assert Periode.objects.get(pk=agency.pk).status == "penilaian"
    client.post(url, {"nama": "Periode 2026", "alasan": "Jadwal BKN tidak bisa mundur"})
    assert Periode.objects.get(pk=agency.pk).status == "ditutup"
    entry = AuditEntry.objects.get(action="periode.tutup")
    assert entry.after["alasan"] == "Jadwal BKN tidak bisa mundur"
    assert entry.after["daftar_terbuka"]["belum_diverifikasi"] == 2


def test_a_period_still_in_execution_says_where_to_move_it(personas, login, agency):
    Periode.objects.filter(pk=agency.pk).update(status="pelaksanaan")
    html = login(personas.admin).get(reverse("scoring_tutup") + "?periode=2026").content.decode()
    assert "masih pada tahap Pelaksanaan" in html
    assert reverse("skp_periode", args=[agency.pk]) + "#tahap" in html


def test_the_curve_outcome_is_computed_once_per_data_state(
    personas, login, agency, monkeypatch, django_capture_on_commit_callbacks
):
    from kinerja.scoring.services import close
    from kinerja.skp.models import Realisasi
    from kinerja.skp.services.realisasi import verify_realisasi

    calls = []
    compute = close._compute_preview
    monkeypatch.setattr(close, "_compute_preview", lambda p: calls.append(p.pk) or compute(p))
    client = login(personas.admin)
    url = reverse("scoring_tutup") + "?periode=2026"
    first = client.get(url).content.decode()
    second = client.get(url).content.decode()
    assert len(calls) == 1
    assert _item(first, "kurva") == _item(second, "kurva")
    client.post(url, {"nama": "salah ketik"})  # a refused close form reads it back too
    assert len(calls) == 1

    # A change of data (the rater verifies Siti's third quarter) makes it compute anew.
    submitted = Realisasi.objects.get(status="diajukan")
    with django_capture_on_commit_callbacks(execute=True):
        verify_realisasi(submitted, by=personas.atasan, version=submitted.version)
    client.get(url)
    assert len(calls) == 2
    client.get(url)
    assert len(calls) == 2
    # So does the organisation's predikat, which selects the curve.
    services.set_org_predikat(agency, by=personas.pimpinan, predikat="baik")
    client.get(url)
    assert len(calls) == 3


def test_results_that_cannot_be_computed_are_named_before_the_close(
    personas, login, agency, december
):
    from tests.factories import PegawaiFactory

    lost = PegawaiFactory(instansi=personas.instansi, unit=personas.pegawai_pegawai.unit,
                          atasan=personas.atasan_pegawai, nama="Tono Tanpa Realisasi")  # fmt: skip
    build_skp(lost, agency, [("utama", [{"target": 12}])])
    html = login(personas.admin).get(reverse("scoring_tutup") + "?periode=2026").content.decode()
    item = _item(html, "tanpa_predikat")
    assert (
        ">1<" in item
        and "Tono Tanpa Realisasi (" in item
        and "perilaku kerja belum dinilai" in item
    )
    section = html[html.index('id="hasil-penutupan"') : html.index('id="daftar-periksa"')]
    assert "<td>2</td>" in section  # the two others are counted in the curve outcome
