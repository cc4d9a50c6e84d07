"""Pages of a slice: realisations with evidence, verification, behaviour, 360, dialogue."""

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from kinerja.core import extensions, formatting
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
    return _render_slice(request, skp, bagian)


def _render_slice(request, skp, bagian, *, posted=None, errors=None, form_error="", status=200):
    """The slice page. After a refused form, ``posted`` holds what was typed (shown again)
    and ``errors`` the messages per field: keyed by indicator id for the employee's form, by
    realisation id for the rater's."""
    errors = errors or {}
    rhk_list = queries.skp_full(skp)
    found = {
        r.indikator_id: r
        for r in Realisasi.objects.filter(skp=skp, bagian=bagian).prefetch_related("bukti")
    }
    boleh_isi = can_record_realisasi(request.user, skp) and skp.periode.status in (
        "pelaksanaan",
        "penilaian",
    )
    boleh_verifikasi = can_review_skp(request.user, skp)
    warnings = _warnings_before_verifying(skp, found.values()) if boleh_verifikasi else {}
    ringkasan = []
    chosen = set(posted.getlist("pilih")) if posted is not None else set()
    fillable = verifiable = 0
    for rhk in rhk_list:
        for ind in rhk.indikator.all():
            x = ind.realisasi_ini = found.get(ind.pk)
            ind.dapat_diisi = boleh_isi and ind.sumber == "manual" and (x is None or x.dapat_diubah)
            if ind.dapat_diisi:
                fillable += 1
                ind.isian = _typed(posted, ind, x) if posted is not None else _stored(x)
                ind.galat = dict(errors.get(ind.pk, {}))
                ringkasan += [(f"{f}-{ind.pk}", ind.uraian, m) for f, m in ind.galat.items()]
            if x is None:
                continue
            x.peringatan = warnings.get(x.pk, [])
            x.dapat_dipilih = boleh_verifikasi and x.status == Realisasi.Status.DIAJUKAN
            if x.dapat_dipilih:
                verifiable += 1
                x.dipilih = str(x.pk) in chosen
                x.komentar_isian = posted.get(f"komentar-{x.pk}", "") if posted is not None else ""
                x.galat = errors.get(x.pk, {}).get("komentar", "")
                if x.galat:
                    ringkasan.append((f"kr-{x.pk}", ind.uraian, x.galat))
    context = {
        "peringatan_skp": warnings.get(None, []),
        "skp": skp,
        "bagian": bagian,
        "rhk_list": rhk_list,
        "bagian_list": list(skp.periode.bagian.all()),
        "ada_isian": fillable > 0,
        "ada_diajukan": verifiable > 0,
        "ditolak": bool(errors or form_error),
        "galat_form": form_error,
        "ringkasan": ringkasan,
        "bukti_hapus": [
            b.pk
            for rhk in rhk_list
            for ind in rhk.indikator.all()
            if ind.dapat_diisi and ind.realisasi_ini is not None
            for b in ind.realisasi_ini.bukti.all()
        ],
        "perilaku": skp.perilaku.filter(bagian=bagian).first(),
        "pesan_baru": DialogKinerja.objects.filter(skp=skp, bagian=bagian, dibaca_pada__isnull=True)
        .exclude(penulis_id=request.user.pegawai_id)
        .count(),
    }
    return render(request, "skp/bagian.html", context, status=status)


def _stored(x) -> dict:
    return {
        "nilai": formatting.isian(x.nilai) if x else "",
        "catatan": x.catatan if x else "",
        "tautan": "",
        "version": x.version if x else "",
        "berkas_ulang": "",
    }


def _typed(posted, ind, x) -> dict:
    berkas = posted.files.get(f"berkas-{ind.pk}")
    return {
        "nilai": posted.get(f"nilai-{ind.pk}", ""),
        "catatan": posted.get(f"catatan-{ind.pk}", ""),
        "tautan": posted.get(f"tautan-{ind.pk}", ""),
        "version": posted.get(f"version-{ind.pk}", x.version if x else ""),
        "berkas_ulang": berkas.name if berkas else "",
    }


class _Posted:
    """The POST data and files of a refused form, read back by the template helpers."""

    def __init__(self, request):
        self.files = request.FILES
        self._data = request.POST

    def get(self, key, default=""):
        return self._data.get(key, default)

    def getlist(self, key):
        return self._data.getlist(key)


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


@require_POST
@agency_required()
def bagian_simpan(request, pk, nomor):
    """The employee's one form for a slice: "Simpan semua" or "Ajukan semua"."""
    skp = get_skp(request, pk)
    bagian = get_bagian(skp, nomor)
    if not is_owner(request.user, skp):
        raise PermissionDenied
    ajukan = request.POST.get("aksi") == "ajukan"
    entries = [
        services.SliceEntry(
            indikator=ind,
            nilai=request.POST.get(f"nilai-{ind.pk}", ""),
            catatan=request.POST.get(f"catatan-{ind.pk}", ""),
            berkas=request.FILES.get(f"berkas-{ind.pk}"),
            tautan=request.POST.get(f"tautan-{ind.pk}", ""),
            version=version_of(request, f"version-{ind.pk}"),
        )
        for rhk in queries.skp_full(skp)
        for ind in rhk.indikator.all()
        if f"nilai-{ind.pk}" in request.POST
    ]
    try:
        saved = services.record_slice(skp, bagian=bagian, entries=entries, by=request.user,
                                      ajukan=ajukan)  # fmt: skip
    except services.SliceRejected as exc:
        return _render_slice(request, skp, bagian, posted=_Posted(request), errors=exc.errors,
                             status=400)  # fmt: skip
    except services.DomainError as exc:
        return _render_slice(request, skp, bagian, posted=_Posted(request), form_error=str(exc),
                             status=400)  # fmt: skip
    messages.success(request, _saved_message(saved, ajukan=ajukan))
    return _to_slice(skp.pk, bagian.nomor)


def _saved_message(saved, *, ajukan: bool) -> str:
    if ajukan:
        parts = [f"{saved.diajukan} realisasi diajukan kepada pejabat penilai."]
    else:
        parts = [f"{saved.disimpan} realisasi disimpan sebagai draf."]
    if not saved.disimpan and not saved.diajukan:
        parts = ["Tidak ada perubahan untuk disimpan."]
    if saved.kosong:
        parts.append(f"{len(saved.kosong)} indikator belum diisi.")
    return " ".join(parts)


@require_POST
@agency_required()
def bagian_verifikasi(request, pk, nomor):
    """The rater's bulk review: "Verifikasi terpilih" / "Kembalikan terpilih"."""
    skp = get_skp(request, pk)
    bagian = get_bagian(skp, nomor)
    if not can_review_skp(request.user, skp):
        raise PermissionDenied
    aksi = request.POST.get("aksi", "")
    ids = {int(i) for i in request.POST.getlist("pilih") if i.isdigit()}
    chosen = list(
        Realisasi.objects.filter(skp=skp, bagian=bagian, pk__in=ids)
        .select_related("skp__periode", "skp__pegawai", "skp__instansi", "bagian")
        .order_by("pk")
    )
    decisions = [
        services.Decision(
            realisasi=r,
            version=version_of(request, f"versi-{r.pk}"),
            komentar=request.POST.get(f"komentar-{r.pk}", ""),
        )
        for r in chosen
    ]
    try:
        if len(chosen) != len(ids):
            raise services.DomainError(
                "Sebagian realisasi yang dipilih tidak ada di bagian ini; muat ulang halaman."
            )
        done = services.review_slice(decisions, aksi=aksi, by=request.user)
    except services.SliceRejected as exc:
        return _render_slice(request, skp, bagian, posted=_Posted(request), errors=exc.errors,
                             status=400)  # fmt: skip
    except services.DomainError as exc:
        return _render_slice(request, skp, bagian, posted=_Posted(request), form_error=str(exc),
                             status=400)  # fmt: skip
    verb = "diverifikasi dan dikunci" if aksi == "verifikasi" else "dikembalikan dengan komentar"
    messages.success(request, f"{done} realisasi {verb}.")
    return _to_slice(skp.pk, bagian.nomor)


INLINE_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}


@agency_required()
def bukti_download(request, pk):
    bukti = get_bukti(request, pk)
    if not bukti.berkas:
        return redirect(bukti.tautan)
    response = FileResponse(bukti.berkas.open("rb"), as_attachment=True, filename=bukti.nama)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
@agency_required()
def bukti_lihat(request, pk):
    """Evidence shown inside the slice page (a PDF in an iframe, an image): the same access
    check as the download; only types whose bytes were checked at upload are served inline."""
    bukti = get_bukti(request, pk)
    if not bukti.berkas or bukti.tipe not in INLINE_TYPES:
        raise Http404
    response = FileResponse(
        bukti.berkas.open("rb"), filename=bukti.nama, content_type=INLINE_TYPES[bukti.tipe]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@agency_required()
def bukti_delete(request, pk):
    bukti = get_bukti(request, pk)
    act(request, services.remove_bukti, "Bukti dihapus.", bukti, by=request.user)
    realisasi = bukti.realisasi
    return _to_slice(realisasi.skp_id, realisasi.bagian.nomor)


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
    except services.DomainError as exc:
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
