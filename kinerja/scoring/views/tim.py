"""The rater's team: the results to confirm or change, with a written reason."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kinerja.core.errors import DomainError
from kinerja.core.permissions import Peran
from kinerja.core.spreadsheet import wants_xlsx, xlsx_response
from kinerja.core.tenancy import agency_required
from kinerja.scoring import export, queries, services
from kinerja.scoring.permissions import (
    can_decide,
)
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import pp_46_2011 as pp46
from kinerja.scoring.views.common import LABELS, bagian_asked, get_hasil
from kinerja.skp.services.periode import tanggal
from kinerja.skp.views.common import periode_for, today, version_of


def _team_context(request):
    periode = periode_for(request)
    if periode is None:
        return {"periode": None}
    bagian = bagian_asked(request, periode)
    rows = queries.team_results(request.user.pegawai_id, periode, bagian)
    slices = list(periode.bagian.all())
    return {
        "periode": periode,
        "bagian": bagian,
        "dini": _annual_early(periode, slices) if bagian is None else "",
        "bagian_list": slices,
        "rows": rows,
        "labels": LABELS,
    }


def _annual_early(periode, slices) -> str:
    """The warning over the year's decisions while its last slice has not ended."""
    if periode.ditutup or not slices:
        return ""
    last = max(b.selesai for b in slices)
    return "" if today() > last else f"Bagian terakhir baru berakhir {tanggal(last)}."


@agency_required(Peran.ATASAN, Peran.PIMPINAN)
def tim(request):
    context = _team_context(request)
    if wants_xlsx(request) and context["periode"] is not None:
        periode, bagian = context["periode"], context["bagian"]
        judul = f"{bagian.nama if bagian else 'Tahunan'} {periode.tahun}"
        return xlsx_response(
            f"penilaian-tim-{periode.tahun}" + (f"-bagian-{bagian.nomor}" if bagian else ""),
            [export.team_sheet(context["rows"], judul=judul)],
            instansi=request.user.instansi,
        )
    return render(request, "scoring/tim.html", context)


def _row_response(request, hasil):
    if not request.htmx:
        url = reverse("scoring_tim")
        nomor = hasil.bagian.nomor if hasil.bagian_id else "tahunan"
        return redirect(f"{url}?periode={hasil.periode.tahun}&bagian={nomor}")
    fresh = get_hasil(request, hasil.pk)
    dini = "" if fresh.bagian_id else _annual_early(fresh.periode, list(fresh.periode.bagian.all()))
    context = {"h": fresh, "labels": LABELS, "flash": True, "dini": dini}
    return render(request, "scoring/_tim_row.html", context)


@require_POST
@agency_required(Peran.ATASAN, Peran.PIMPINAN)
def konfirmasi(request, pk):
    hasil = get_hasil(request, pk)
    try:
        services.confirm_result(
            hasil, by=request.user, version=version_of(request),
            lebih_awal=request.POST.get("lebih_awal") == "ya",
        )  # fmt: skip
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Hasil {hasil.skp.pegawai.nama} dikonfirmasi.")
    return _row_response(request, hasil)


@agency_required(Peran.ATASAN, Peran.PIMPINAN)
def ubah(request, pk):
    hasil = get_hasil(request, pk)
    if not can_decide(request.user, hasil):
        raise PermissionDenied("Hanya pejabat penilai pegawai ini yang dapat mengubah hasilnya.")
    error = None
    if request.method == "POST":
        try:
            services.override_result(
                hasil,
                by=request.user,
                alasan=request.POST.get("alasan", ""),
                hasil_kerja=request.POST.get("hasil_kerja", ""),
                perilaku=request.POST.get("perilaku", ""),
                predikat=request.POST.get("predikat", ""),
                version=version_of(request),
                lebih_awal=request.POST.get("lebih_awal") == "ya",
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, f"Hasil {hasil.skp.pegawai.nama} diubah dengan alasan.")
            return (
                _row_response(request, hasil)
                if request.htmx
                else redirect("scoring_hasil", pk=hasil.pk)
            )
    context = {
        "hasil": hasil,
        "error": error,
        "labels": LABELS,
        "ratings": [(r.value, r.label) for r in pmp.Rating],
        "categories": [(c.value, c.label) for c in pp46.Category],
        "pp46": hasil.skema == pp46.SCHEME,
        "post": request.POST if request.method == "POST" else {},
        "dini": ""
        if hasil.bagian_id
        else _annual_early(hasil.periode, list(hasil.periode.bagian.all())),
    }
    return render(request, "scoring/ubah.html", context, status=400 if error else 200)
