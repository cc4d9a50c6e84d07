"""The employee's results and one result's explanation."""

from django.shortcuts import render

from kinerja.core.permissions import Peran
from kinerja.core.tenancy import agency_required
from kinerja.scoring import penjelasan, queries, services
from kinerja.scoring.permissions import (
    can_decide,
)
from kinerja.scoring.views.common import LABELS, get_hasil
from kinerja.skp.models import Realisasi
from kinerja.skp.views.common import periode_for


@agency_required(Peran.PEGAWAI)
def hasil_saya(request):
    periode = periode_for(request)
    rows = []
    if periode is not None:
        rows = list(
            queries.hasil_list()
            .filter(periode=periode, skp__pegawai_id=request.user.pegawai_id)
            .order_by("bagian__nomor")
        )
        queries.with_later_finals(rows, periode)
    context = {"periode": periode, "rows": rows, "labels": LABELS}
    return render(request, "scoring/hasil_saya.html", context)


@agency_required()
def hasil_detail(request, pk):
    hasil = get_hasil(request, pk)
    queries.with_later_finals([hasil], hasil.periode)
    explanation = services.explain(hasil.masukan)
    pending = Realisasi.objects.filter(skp_id=hasil.skp_id).exclude(
        status=Realisasi.Status.DIVERIFIKASI
    )
    if hasil.bagian_id:
        pending = pending.filter(bagian_id=hasil.bagian_id)
    slices = {b.nomor: b.nama for b in hasil.periode.bagian.all()}

    def nama_bagian(nomor):
        return slices.get(nomor, f"Bagian {nomor}")

    context = {
        "hasil": hasil,
        "explanation": explanation,
        "kelompok": penjelasan.rhk_groups(hasil, explanation),
        "alasan": penjelasan.reasons(hasil, explanation, nama_bagian=nama_bagian),
        "perilaku_bagian": penjelasan.behaviour_by_slice(hasil, nama_bagian=nama_bagian),
        "teknis": penjelasan.technical(explanation),
        "nama_bagian": nama_bagian(hasil.bagian.nomor) if hasil.bagian_id else "",
        "pending": list(pending.select_related("indikator", "bagian").order_by("bagian__nomor")),
        "labels": LABELS,
        "params": hasil.masukan.get("parameter", {}),
        "boleh_putuskan": can_decide(request.user, hasil),
        "sama": explanation.outcome.key()[:4]
        == (
            None if hasil.capaian is None else str(hasil.capaian),
            hasil.usulan_hasil_kerja,
            hasil.usulan_perilaku,
            hasil.usulan_predikat,
        ),
    }
    return render(request, "scoring/hasil_detail.html", context)
