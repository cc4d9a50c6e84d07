"""Reactions to events of earlier apps (see kinerja.core.extensions)."""

from kinerja.core.tasks import retried_task
from kinerja.insight.models import RingkasanPeriode
from kinerja.insight.summary import refresh_aggregates


def on_period_closed(periode) -> None:
    """Store the dashboard's figures of a period once its results are frozen.

    The figures stored before the close are dropped at once (until the new ones are stored
    the dashboard computes them live, so it never shows the open period's figures for a
    closed one); the new ones are computed by the task :func:`refresh_summary`, so the close
    returns without waiting for them."""
    RingkasanPeriode.objects.filter(periode_id=periode.pk).delete()
    refresh_summary.enqueue(periode.pk)


def on_skp_changed(*, skp_id: int) -> None:
    """A result of a closed period changed after the close (an objection upheld): its stored
    figures are dropped at once (the dashboard computes them live meanwhile) and stored anew
    by :func:`refresh_summary`. Open periods keep the figures HR stored, shown with their
    time; one query for them."""
    from kinerja.skp.models import Periode, Skp

    periode_id = (
        Skp.objects.filter(pk=skp_id, periode__status=Periode.Status.DITUTUP)
        .values_list("periode_id", flat=True)
        .first()
    )
    if periode_id is None:
        return
    if RingkasanPeriode.objects.filter(periode_id=periode_id).delete()[0]:
        refresh_summary.enqueue(periode_id)


@retried_task(attempts=3, backoff=30)
def refresh_summary(periode_id: int) -> float:
    """Compute and store a period's dashboard figures (idempotent: one row per period,
    replaced). Returns how long the computation took, in seconds."""
    from kinerja.skp.models import Periode

    periode = Periode.objects.filter(pk=periode_id).first()
    if periode is None:  # deleted since the close: nothing to store
        return 0.0
    return refresh_aggregates(periode).durasi


def verification_warnings(*, skp, realisasi_ids) -> dict:
    """The data-error warnings a rater sees before verifying (``{realisasi_id: [...]}``;
    key None for warnings about the SKP as a whole)."""
    from kinerja.insight.warnings import warnings_for_verification

    return warnings_for_verification(skp, realisasi_ids=realisasi_ids)


def close_checklist(*, periode, user) -> list[dict]:
    """The pre-close checklist's line about data warnings: the open (not dismissed) ones of
    the period, linking to the warnings page for those who may open it (HR)."""
    from django.urls import reverse

    from kinerja.core.permissions import Peran, has_role
    from kinerja.insight.warnings import find_warnings

    count = len(find_warnings(periode))
    url = (
        f"{reverse('insight_peringatan')}?tahun={periode.tahun}"
        if has_role(user, Peran.ADMIN)
        else ""
    )
    return [{"kode": "peringatan", "judul": "Peringatan data terbuka", "jumlah": count,
             "url": url}]  # fmt: skip
