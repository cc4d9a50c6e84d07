"""Reactions to events of earlier apps (see kinerja.core.extensions)."""

import threading

from django.conf import settings
from django.db import close_old_connections

from kinerja.insight.models import RingkasanPeriode
from kinerja.insight.summary import refresh_aggregates


def on_period_closed(periode) -> None:
    """Store the dashboard's figures of a period once its results are frozen.

    The figures stored before the close are dropped at once (until the new ones are stored
    the dashboard computes them live, so it never shows the open period's figures for a
    closed one); the new ones are computed in a background thread, so the close returns
    without waiting for them (``KINERJA_RINGKASAN_THREAD``). The thread is not a daemon:
    ``manage.py close_period`` exits only once the figures are stored."""
    RingkasanPeriode.objects.filter(periode_id=periode.pk).delete()
    if not getattr(settings, "KINERJA_RINGKASAN_THREAD", True):
        refresh_aggregates(periode)
        return
    threading.Thread(
        target=_refresh_in_thread, args=(periode,), name=f"ringkasan-{periode.pk}"
    ).start()


def _refresh_in_thread(periode) -> None:
    try:
        refresh_aggregates(periode)
    finally:
        close_old_connections()


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
