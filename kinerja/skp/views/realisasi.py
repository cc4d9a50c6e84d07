"""Pages of a slice: realisations with evidence, verification, behaviour, 360, dialogue."""

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kinerja.core import extensions
from kinerja.core.tenancy import agency_required, for_agency
from kinerja.org.models import Pegawai
from kinerja.skp import queries, services
from kinerja.skp.models import BERAKHLAK, DialogKinerja, Penilaian, Permintaan360, Realisasi
from kinerja.skp.permissions import (
    can_record_realisasi,
    can_review_skp,
    can_write_dialog,
    is_owner,
)
from kinerja.skp.views.common import (
    act,
    get_bagian,
    get_bukti,
    get_indikator,
    get_realisasi,
    get_skp,
    version_of,
)


def _to_slice(skp_pk, nomor, anchor=""):
    response = redirect("skp_bagian", pk=skp_pk, nomor=nomor)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@agency_required()
def skp_bagian(request, pk, nomor):
    skp = get_skp(request, pk)
    bagian = get_bagian(skp, nomor)
    rhk_list = queries.skp_full(skp)
    found = {
        r.indikator_id: r
        for r in Realisasi.objects.filter(skp=skp, bagian=bagian).prefetch_related("bukti")
    }
    boleh_verifikasi = can_review_skp(request.user, skp)
    warnings = _warnings_before_verifying(skp, found.values()) if boleh_verifikasi else {}
    for rhk in rhk_list:
        for ind in rhk.indikator.all():
            ind.realisasi_ini = found.get(ind.pk)
            if ind.realisasi_ini is not None:
                ind.realisasi_ini.peringatan = warnings.get(ind.realisasi_ini.pk, [])
    context = {
        "peringatan_skp": warnings.get(None, []),
        "skp": skp,
        "bagian": bagian,
        "rhk_list": rhk_list,
        "bagian_list": list(skp.periode.bagian.all()),
        "boleh_isi": can_record_realisasi(request.user, skp)
        and skp.periode.status in ("pelaksanaan", "penilaian"),
        "boleh_verifikasi": boleh_verifikasi,
        "perilaku": skp.perilaku.filter(bagian=bagian).first(),
        "pesan_baru": DialogKinerja.objects.filter(skp=skp, bagian=bagian, dibaca_pada__isnull=True)
        .exclude(penulis_id=request.user.pegawai_id)
        .count(),
    }
    return render(request, "skp/bagian.html", context)


def _warnings_before_verifying(skp, realisations) -> dict:
    """Data-error warnings from later apps (insight) about the realisations waiting for
    verification, so the rater sees why a value looks wrong before accepting it."""
    waiting = [r.pk for r in realisations if r.status == Realisasi.Status.DIAJUKAN]
    if not waiting:
        return {}
    merged: dict = {}
    for answer in extensions.collect("verification_warnings", skp=skp, realisasi_ids=waiting):
        for key, items in answer.items():
            merged.setdefault(key, []).extend(items)
    return merged


def _save_with_evidence(request, indikator, bagian):
    realisasi = services.record_realisasi(
        indikator,
        bagian=bagian,
        nilai=request.POST.get("nilai", ""),
        by=request.user,
        catatan=request.POST.get("catatan", ""),
        version=version_of(request),
    )
    if request.FILES.get("berkas"):
        services.add_bukti_file(realisasi, upload=request.FILES["berkas"], by=request.user)
    if request.POST.get("tautan"):
        services.add_bukti_tautan(realisasi, url=request.POST["tautan"], by=request.user)
    if request.POST.get("ajukan") and realisasi.status != Realisasi.Status.DIAJUKAN:
        services.submit_realisasi(realisasi, by=request.user, version=realisasi.version)
    return realisasi


@require_POST
@agency_required()
def realisasi_save(request, pk, nomor):
    indikator = get_indikator(request, pk)
    skp = indikator.rhk.skp
    bagian = get_bagian(skp, nomor)
    try:
        with transaction.atomic():  # the value and its evidence are saved together
            _save_with_evidence(request, indikator, bagian)
    except services.SkpError as exc:
        messages.error(request, str(exc))
    else:
        done = "diajukan" if request.POST.get("ajukan") else "disimpan sebagai draf"
        messages.success(request, f"Realisasi {done}.")
    return _to_slice(skp.pk, bagian.nomor, f"ind-{indikator.pk}")


@require_POST
@agency_required()
def realisasi_review(request, pk, verb):
    realisasi = get_realisasi(request, pk)
    if verb == "verifikasi":
        act(
            request,
            services.verify_realisasi,
            "Realisasi diverifikasi dan dikunci.",
            realisasi,
            by=request.user,
            version=version_of(request),
        )
    elif verb == "kembalikan":
        act(
            request,
            services.return_realisasi,
            "Realisasi dikembalikan dengan komentar.",
            realisasi,
            by=request.user,
            version=version_of(request),
            komentar=request.POST.get("komentar", ""),
        )
    elif verb == "ajukan":
        act(
            request,
            services.submit_realisasi,
            "Realisasi diajukan.",
            realisasi,
            by=request.user,
            version=version_of(request),
        )
    else:
        raise Http404
    return _to_slice(realisasi.skp_id, realisasi.bagian.nomor, f"ind-{realisasi.indikator_id}")


@agency_required()
def bukti_download(request, pk):
    bukti = get_bukti(request, pk)
    if not bukti.berkas:
        return redirect(bukti.tautan)
    response = FileResponse(bukti.berkas.open("rb"), as_attachment=True, filename=bukti.nama)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@agency_required()
def bukti_delete(request, pk):
    bukti = get_bukti(request, pk)
    act(request, services.remove_bukti, "Bukti dihapus.", bukti, by=request.user)
    realisasi = bukti.realisasi
    return _to_slice(realisasi.skp_id, realisasi.bagian.nomor, f"ind-{realisasi.indikator_id}")


@agency_required()
def perilaku(request, pk, nomor):
    skp = get_skp(request, pk)
    bagian = get_bagian(skp, nomor)
    row = skp.perilaku.filter(bagian=bagian).first()
    boleh = can_review_skp(request.user, skp)
    if request.method == "POST" and boleh:
        nilai = {code: request.POST.get(code, "") for code, _l in BERAKHLAK}
        catatan = {code: request.POST.get(f"catatan_{code}", "") for code, _l in BERAKHLAK}
        if act(
            request,
            services.rate_perilaku,
            "Penilaian perilaku disimpan.",
            skp,
            bagian=bagian,
            nilai=nilai,
            catatan=catatan,
            by=request.user,
            version=version_of(request),
        ):
            return _to_slice(skp.pk, bagian.nomor, "perilaku")
    context = {
        "skp": skp,
        "bagian": bagian,
        "row": row,
        "boleh": boleh,
        "levels": Penilaian.choices,
        "values": [
            (c, label, getattr(row, c, ""), getattr(row, f"catatan_{c}", ""))
            for c, label in BERAKHLAK
        ],
        "masukan": queries.aggregate_360(skp, bagian) if boleh else None,
        "diminta": list(
            Permintaan360.objects.filter(skp=skp, bagian=bagian).values_list("dijawab", flat=True)
        )
        if boleh
        else [],
        "kandidat": list(
            for_agency(Pegawai.objects.all(), request.user)
            .filter(aktif=True, atasan_id__in=[skp.pegawai.atasan_id, skp.pegawai_id])
            .exclude(pk=skp.pegawai_id)
            .order_by("nama")[:200]
        )
        if boleh
        else [],
    }
    return render(request, "skp/perilaku.html", context)


@require_POST
@agency_required()
def minta_360(request, pk, nomor):
    skp = get_skp(request, pk)
    bagian = get_bagian(skp, nomor)
    ids = [int(i) for i in request.POST.getlist("responden") if i.isdigit()]
    people = list(for_agency(Pegawai.objects.filter(pk__in=ids), request.user))
    try:
        n = services.request_360(skp, bagian=bagian, responden=people, by=request.user)
    except services.SkpError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{n} permintaan masukan 360 dikirim.")
    return redirect("skp_perilaku", pk=skp.pk, nomor=bagian.nomor)


@agency_required()
def jawab_360(request, pk):
    permintaan = get_object_or_404(
        for_agency(
            Permintaan360.objects.select_related("skp__pegawai", "skp__periode", "bagian"),
            request.user,
        ),
        pk=pk,
        responden_id=request.user.pegawai_id or 0,
    )
    if request.method == "POST":
        nilai = {code: request.POST.get(code, "") for code, _l in BERAKHLAK}
        if act(
            request,
            services.answer_360,
            "Terima kasih; masukan Anda dikirim tanpa nama.",
            permintaan,
            nilai=nilai,
            catatan=request.POST.get("catatan", ""),
            by=request.user,
        ):
            return redirect("home")
    context = {"permintaan": permintaan, "levels": Penilaian.choices, "values": BERAKHLAK}
    return render(request, "skp/jawab_360.html", context)


@agency_required()
def dialog(request, pk, nomor):
    skp = get_skp(request, pk)
    bagian = get_bagian(skp, nomor)
    if request.method == "POST":
        act(
            request,
            services.post_message,
            "Pesan dikirim.",
            skp,
            bagian=bagian,
            isi=request.POST.get("isi", ""),
            jenis=request.POST.get("jenis", "pesan"),
            by=request.user,
        )
        return redirect("skp_dialog", pk=skp.pk, nomor=bagian.nomor)
    services.mark_read(skp, bagian=bagian, by=request.user)
    context = {
        "skp": skp,
        "bagian": bagian,
        "boleh": can_write_dialog(request.user, skp),
        "pesan": list(skp.dialog.filter(bagian=bagian).select_related("penulis")),
        "penilai": not is_owner(request.user, skp),
        "Jenis": DialogKinerja.Jenis,
    }
    return render(request, "skp/dialog.html", context)
