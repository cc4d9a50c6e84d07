"""Issue 19: results follow the data. Verifying or returning a realisation and rating
behaviour recompute that SKP's results at once (one SKP), so the team pages show the fresh
figure; the year's result is decided once its last slice has ended, earlier only with an
explicit acknowledgement."""

from datetime import date

import pytest
from django.urls import reverse

from kinerja.core.models import AuditEntry
from kinerja.scoring import services
from kinerja.scoring.models import Hasil
from kinerja.skp import services as skp_services
from kinerja.skp.models import Realisasi
from tests.scoring.conftest import D, S, V, build_skp, simple_skp


@pytest.fixture
def team(personas, periode):
    """Siti: slice 1 has one verified and one submitted realisation; Rina: all verified.
    Slice 1 and the year computed by HR."""
    spec = [
        {"target": 40, "real": {1: (10, V), 2: (10, V), 3: (10, V), 4: (10, V)}},
        {"target": 40, "real": {1: (30, D), 2: (10, V), 3: (10, V), 4: (10, V)}},
    ]
    siti = build_skp(personas.pegawai_pegawai, periode, [("utama", spec)],
                     perilaku={n: [S] * 7 for n in range(1, 5)})  # fmt: skip
    rina = simple_skp(personas.rekan_pegawai, periode)
    bagian = periode.bagian.get(nomor=1)
    services.compute_results(periode, by=personas.admin, bagian=bagian)
    services.compute_results(periode, by=personas.admin)
    return siti, rina, bagian


def _slice_result(skp, bagian):
    return Hasil.objects.get(skp=skp, bagian=bagian)


def test_verifying_recomputes_that_skp_at_once(personas, team, django_capture_on_commit_callbacks):
    siti, rina, bagian = team
    before = _slice_result(siti, bagian)
    other = _slice_result(rina, bagian)
    assert before.tertunda == 1
    realisasi = Realisasi.objects.get(skp=siti, bagian=bagian, status=D)
    with django_capture_on_commit_callbacks(execute=True):
        skp_services.verify_realisasi(realisasi, by=personas.atasan, version=realisasi.version)
    after = _slice_result(siti, bagian)
    assert after.tertunda == 0
    assert after.capaian != before.capaian and after.hash_masukan != before.hash_masukan
    year = Hasil.objects.get(skp=siti, bagian__isnull=True)
    assert year.tertunda == 0
    # nobody else's result was touched
    assert _slice_result(rina, bagian).version == other.version


def test_returning_and_rating_behaviour_recompute_too(
    personas, team, django_capture_on_commit_callbacks
):
    siti, _rina, bagian = team
    realisasi = Realisasi.objects.get(skp=siti, bagian=bagian, status=D)
    with django_capture_on_commit_callbacks(execute=True):
        skp_services.return_realisasi(realisasi, by=personas.atasan, version=realisasi.version,
                                      komentar="Bukti belum lengkap")  # fmt: skip
    assert _slice_result(siti, bagian).tertunda == 1  # still unverified, now returned
    assert _slice_result(siti, bagian).usulan_perilaku == "sesuai"
    with django_capture_on_commit_callbacks(execute=True):
        skp_services.rate_perilaku(siti, bagian=bagian, by=personas.atasan,
                                   nilai=dict.fromkeys(
                                       ["berorientasi_pelayanan", "akuntabel", "kompeten",
                                        "harmonis", "loyal", "adaptif", "kolaboratif"],
                                       "di_atas"))  # fmt: skip
    assert _slice_result(siti, bagian).usulan_perilaku == "di_atas"


def test_team_page_shows_the_fresh_figure_after_verifying(
    personas, team, login, django_capture_on_commit_callbacks
):
    siti, _rina, bagian = team
    client = login(personas.atasan)
    url = reverse("scoring_tim") + "?periode=2026&bagian=1"
    assert "1 realisasi belum diverifikasi" in client.get(url).content.decode()
    realisasi = Realisasi.objects.get(skp=siti, bagian=bagian, status=D)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("skp_bagian_verifikasi", args=[siti.pk, bagian.nomor]),
            {"aksi": "verifikasi", "pilih": [realisasi.pk],
             f"versi-{realisasi.pk}": realisasi.version},
        )  # fmt: skip
    assert response.status_code in (200, 302)
    assert "realisasi belum diverifikasi" not in client.get(url).content.decode()


def test_a_closed_period_is_never_recomputed(personas, team):
    siti, _rina, _bagian = team
    siti.periode.status = "ditutup"
    siti.periode.save()
    assert services.recompute_skp(siti.pk).jumlah == 0


def test_the_year_is_decided_early_only_with_an_acknowledgement(personas, team):
    siti, _rina, _bagian = team
    year = Hasil.objects.select_related("skp", "periode").get(skp=siti, bagian__isnull=True)
    december = date(2026, 12, 6)
    with pytest.raises(skp_services.DomainError) as caught:
        services.confirm_result(year, by=personas.atasan, today=december)
    assert caught.value.kolom == "lebih_awal"
    assert "31 Desember 2026" in str(caught.value)
    services.confirm_result(year, by=personas.atasan, today=december, lebih_awal=True)
    entry = AuditEntry.objects.filter(action="penilaian.konfirmasi").latest("pk")
    assert "31 Desember 2026" in entry.after["lebih_awal"]


def test_a_slice_result_needs_no_acknowledgement(personas, team):
    siti, _rina, bagian = team
    rina_slice = Hasil.objects.select_related("skp", "periode").get(skp=_rina, bagian=bagian)
    services.confirm_result(rina_slice, by=personas.atasan, today=date(2026, 4, 10))
    assert Hasil.objects.get(pk=rina_slice.pk).status == "dikonfirmasi"


def test_team_page_warns_before_the_last_slice_ends(personas, team, login, monkeypatch):
    from kinerja.scoring.views import tim as views

    monkeypatch.setattr(views, "today", lambda: date(2026, 12, 6))
    html = (
        login(personas.atasan)
        .get(reverse("scoring_tim") + "?periode=2026&bagian=tahunan")
        .content.decode()
    )
    assert "belum waktunya diputuskan" in html and 'name="lebih_awal"' in html


def test_verifying_a_whole_slice_recomputes_the_skp_once(
    personas, periode, monkeypatch, django_capture_on_commit_callbacks
):
    from kinerja.scoring import hooks

    spec = [{"target": 40, "real": {1: (10, D)}}, {"target": 40, "real": {1: (10, D)}}]
    skp = build_skp(personas.pegawai_pegawai, periode, [("utama", spec)])
    calls = []
    monkeypatch.setattr(hooks, "on_skp_changed", lambda *, skp_id: calls.append(skp_id))
    with django_capture_on_commit_callbacks(execute=True):
        n = skp_services.verify_all_submitted(skp, bagian=periode.bagian.get(nomor=1),
                                              by=personas.atasan)  # fmt: skip
    assert n == 2 and calls == [skp.pk]
