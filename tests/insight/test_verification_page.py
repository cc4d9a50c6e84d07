"""The rater sees the data-error warnings on the slice page before verifying."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.skp.factories import PeriodeFactory, RealisasiFactory, approved_skp


def test_a_value_far_beyond_its_target_is_flagged_before_verifying(personas, login):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026)
    skp = approved_skp(personas.pegawai_pegawai, periode)
    indikator = skp.rhk.first().indikator.first()
    RealisasiFactory(indikator=indikator, nilai=indikator.target * 50)
    url = reverse("skp_bagian", args=[skp.pk, 1])

    as_rater = login(personas.atasan).get(url).content.decode()
    assert "Realisasi jauh di atas target" in as_rater

    as_owner = login(personas.pegawai).get(url).content.decode()
    assert "Realisasi jauh di atas target" not in as_owner


def test_a_plausible_value_shows_no_such_warning(personas, login):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026)
    skp = approved_skp(personas.pegawai_pegawai, periode)
    indikator = skp.rhk.first().indikator.first()
    slice_target = indikator.target / 4  # quarterly slices share a kuantitas target
    RealisasiFactory(indikator=indikator, nilai=slice_target * Decimal("0.9"))
    html = login(personas.atasan).get(reverse("skp_bagian", args=[skp.pk, 1])).content.decode()
    assert "Realisasi jauh di atas target" not in html


def test_closing_a_period_stores_the_dashboard_figures(
    personas, django_capture_on_commit_callbacks
):
    from kinerja.insight.models import RingkasanPeriode
    from kinerja.scoring.services import close_period
    from kinerja.skp.models import Periode

    periode = PeriodeFactory(instansi=personas.instansi, tahun=2025)
    approved_skp(personas.pegawai_pegawai, periode)
    Periode.objects.filter(pk=periode.pk).update(status=Periode.Status.PENILAIAN)
    periode.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        close_period(periode, by=personas.admin)
    assert RingkasanPeriode.objects.filter(periode=periode).exists()


@pytest.mark.django_db(transaction=True)
def test_after_a_close_the_figures_are_stored_by_a_task_and_stale_ones_dropped(personas):
    """The close enqueues the task that stores the new figures (run at once in tests; by
    ``db_worker`` in production); the stale figures are gone before it runs."""
    from kinerja.insight.models import RingkasanPeriode
    from kinerja.insight.summary import refresh_aggregates
    from kinerja.scoring.services import close_period
    from kinerja.skp.models import Periode

    periode = PeriodeFactory(instansi=personas.instansi, tahun=2025)
    approved_skp(personas.pegawai_pegawai, periode)
    Periode.objects.filter(pk=periode.pk).update(status=Periode.Status.PENILAIAN)
    periode.refresh_from_db()
    before = refresh_aggregates(periode).dihitung_pada
    close_period(periode, by=personas.admin)
    stored = RingkasanPeriode.objects.get(periode=periode)
    assert stored.dihitung_pada > before
