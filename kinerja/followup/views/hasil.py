"""My results (transparency: every figure explained down to its evidence) and the rating
guide."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from kinerja.core import svg
from kinerja.core.permissions import Peran
from kinerja.core.tenancy import agency_required
from kinerja.followup import queries, services
from kinerja.followup.models import (
    Keberatan,
)
from kinerja.followup.views.common import (
    LABELS,
    chosen_periode,
)
from kinerja.scoring.queries import indicator_rows
from kinerja.scoring.services import explain
from kinerja.skp.models import BuktiDukung


def _quarter_chart(results):
    """The employee's capaian per slice of the period against 100%, for the chart and its
    table (the same stored results as the tabs)."""
    slices = [h for h in results if h.bagian_id]
    if not slices:
        return None
    values = [float(h.capaian) if h.capaian is not None else None for h in slices]
    top = max([120.0, *[v for v in values if v is not None]])
    chart = svg.lines_chart(
        [h.bagian.label for h in slices],
        [svg.Series("Capaian saya", values), svg.Series("100%", [100] * len(slices),
                                                        color="#9aa5b1")],
        title="Capaian saya per bagian periode (%)", unit="%", low=0, high=round(top + 5, -1),
    )  # fmt: skip
    return {"chart": chart, "rows": slices}


@agency_required(Peran.PEGAWAI)
def hasil_saya(request):
    periode = chosen_periode(request)
    context = {"periode": periode, "labels": LABELS}
    if periode is None:
        return render(request, "followup/hasil_saya.html", context)
    results = queries.my_results(request.user.pegawai_id, periode)
    wanted = request.GET.get("bagian", "tahunan")
    chosen = next(
        (h for h in results if (str(h.bagian.nomor) if h.bagian_id else "tahunan") == wanted),
        results[-1] if results else None,
    )
    context.update({"results": results, "hasil": chosen, "kuartal": _quarter_chart(results)})
    if chosen is not None:
        explanation = explain(chosen.masukan)
        rows = indicator_rows(chosen, explanation=explanation, with_names=True)
        ids = [row.id for row in rows]
        names = {row.id: row.indikator for row in rows if row.indikator is not None}
        evidence = BuktiDukung.objects.filter(realisasi__indikator_id__in=ids).select_related(
            "realisasi__bagian"
        )
        if chosen.bagian_id:
            evidence = evidence.filter(realisasi__bagian_id=chosen.bagian_id)
        by_indicator: dict[int, list] = {}
        for item in evidence.order_by("realisasi__bagian__nomor", "pk"):
            by_indicator.setdefault(item.realisasi.indikator_id, []).append(item)
        ratings = queries.behaviour_of(chosen)
        keberatan = Keberatan.objects.filter(hasil=chosen).first()
        if keberatan is not None:
            services.mark_read(keberatan, by=request.user)
        window = queries.objection_window(periode) if chosen.bagian_id is None else None
        today = timezone.localdate()
        context.update({
            "explanation": explanation,
            "lines": [{"row": row, "indikator": row.indikator,
                       "bukti": by_indicator.get(row.id, [])}
                      for row in rows],
            "perilaku": ratings,
            "posisi": queries.unit_position(chosen),
            "perbaikan": queries.improvement_areas(explanation, ratings, names),
            "keberatan": keberatan,
            "jendela": window,
            "boleh_keberatan": bool(window and periode.ditutup and keberatan is None
                                    and window[0] <= today <= window[1]
                                    and chosen.final_predikat),
            "predikat_label": queries.label_of(chosen.predikat_akhir, chosen.skema),
        })  # fmt: skip
    return render(request, "followup/hasil_saya.html", context)


@agency_required()
def panduan(request):
    periode = chosen_periode(request)
    params = (periode.parameter or {}) if periode else {}
    return render(request, "followup/panduan.html", {
        "periode": periode, "params": params, "pengaturan": queries.settings_for(periode)
        if periode else None,
    })  # fmt: skip
