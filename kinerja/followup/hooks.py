"""Reactions to, and answers for, earlier apps (see kinerja.core.extensions)."""

from django.urls import reverse

from kinerja.followup.models import Keberatan
from kinerja.followup.queries import label_of


def final_after_close(*, periode_id: int, hasil_ids=None) -> dict[int, dict]:
    """The annual results of a closed period whose objection was upheld (fully or partly):
    the ratings that hold now, for the scoring app's pages and curve and the dashboards
    (``scoring.queries.later_finals``). One query."""
    qs = Keberatan.objects.filter(
        hasil__periode_id=periode_id,
        status=Keberatan.Status.DIPUTUSKAN,
        putusan__in=Keberatan.MENGUBAH,
    )
    if hasil_ids is not None:
        qs = qs.filter(hasil_id__in=list(hasil_ids))
    found = {}
    for k in qs.select_related("hasil").only(
        "pk", "hasil_id", "hasil__skema", "putusan", "akhir_hasil_kerja", "akhir_perilaku",
        "akhir_predikat",
    ):  # fmt: skip
        found[k.hasil_id] = {
            "hasil_kerja": k.akhir_hasil_kerja,
            "perilaku": k.akhir_perilaku,
            "predikat": k.akhir_predikat,
            "label": label_of(k.akhir_predikat, k.hasil.skema),
            "judul": f"Keberatan {k.get_putusan_display().lower()}",
            "url": reverse("followup_keberatan", args=[k.pk]),
        }
    return found
