"""Pages for HR, unit heads, the agency head and auditors (login required)."""

from __future__ import annotations

from datetime import date
from pathlib import PurePath

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from kinerja.citizen import qr, queries, tasks
from kinerja.citizen.access import (
    allowed_moves,
    can_handle_complaint,
    complaint_for,
    handles_all_steps,
    require_hr,
    sees_units,
    unit_scope,
)
from kinerja.citizen.complaints import move_complaint
from kinerja.citizen.errors import Refused
from kinerja.citizen.forms import TransitionForm
from kinerja.citizen.models import Aduan, JawabanSurvei, Layanan, PetugasLayanan
from kinerja.citizen.survey import review_answer
from kinerja.core import uploads
from kinerja.core.permissions import Peran, has_role
from kinerja.core.tenancy import agency_required, for_agency, get_for_agency_or_404
from kinerja.org.models import Pegawai

PER_LABELS = {"layanan": "Layanan", "unit": "Unit kerja", "petugas": "Petugas"}


def date_range(request) -> tuple[date, date]:
    """``dari`` and ``sampai`` from the query string (the form, on a POST); default: this
    year up to today."""
    today = timezone.localdate()
    params = request.POST if request.method == "POST" else request.GET
    try:
        dari = date.fromisoformat(params.get("dari", ""))
    except ValueError:
        dari = date(today.year, 1, 1)
    try:
        sampai = date.fromisoformat(params.get("sampai", ""))
    except ValueError:
        sampai = today
    return (dari, sampai) if dari <= sampai else (sampai, dari)


@agency_required(when=sees_units)
def ikm_page(request):
    scope = unit_scope(request.user)
    dari, sampai = date_range(request)
    per = request.GET.get("per", "layanan")
    if per not in PER_LABELS:
        per = "layanan"
    instansi_id = request.user.instansi_id
    rows = queries.ikm_rows(instansi_id, dari, sampai, per=per, unit_ids=scope)
    total = queries.ikm_rows(instansi_id, dari, sampai, per="instansi", unit_ids=scope)
    context = {
        "rows": rows, "total": total[0] if total else None, "dari": dari, "sampai": sampai,
        "per": per, "per_labels": PER_LABELS, "elements": [f"U{i}" for i in range(1, 10)],
    }  # fmt: skip
    return render(request, "citizen/ikm.html", context)


@agency_required(when=sees_units)
def trend_page(request):
    scope = unit_scope(request.user)
    dari, sampai = date_range(request)
    period = request.GET.get("periode", "bulan")
    if period not in queries.PERIODS:
        period = "bulan"
    services = for_agency(Layanan.objects.order_by("nama"), request.user)
    if scope is not None:
        services = services.filter(unit_id__in=scope)
    services = list(services)
    chosen = request.GET.get("layanan")
    layanan_id = next((s.pk for s in services if str(s.pk) == chosen), None)
    rows = queries.ikm_trend(
        request.user.instansi_id, dari, sampai, period=period, layanan_id=layanan_id,
        unit_ids=scope,
    )  # fmt: skip
    context = {
        "rows": rows, "dari": dari, "sampai": sampai, "periode": period,
        "services": services, "layanan_id": layanan_id,
    }  # fmt: skip
    return render(request, "citizen/trend.html", context)


@agency_required()
def export_xlsx(request):
    """The IKM workbook, written by a background job: POST starts it (the job page shows
    the progress, then the download); GET asks first."""
    scope = unit_scope(request.user)  # refuses who may see no service
    dari, sampai = date_range(request)
    if request.method != "POST":
        return render(request, "citizen/ekspor.html", {"dari": dari, "sampai": sampai})
    job = tasks.start_ikm_export(by=request.user, dari=dari, sampai=sampai, unit_ids=scope)
    return redirect("pekerjaan", job.pk)


@agency_required(when=sees_units)
def services_page(request):
    scope = unit_scope(request.user)
    services = for_agency(Layanan.objects.select_related("unit"), request.user)
    if scope is not None:
        services = services.filter(unit_id__in=scope)
    services = services.order_by("unit__nama", "nama")
    officers = PetugasLayanan.objects.filter(layanan__in=services, aktif=True).select_related(
        "pegawai"
    )
    by_service: dict[int, list] = {}
    for officer in officers:
        by_service.setdefault(officer.layanan_id, []).append(officer)
    rows = [(s, by_service.get(s.pk, [])) for s in services]
    hr = has_role(request.user, Peran.ADMIN)
    entry = qr.entry_url(request.user.instansi, request=request)
    return render(request, "citizen/services.html", {"rows": rows, "hr": hr, "entry_url": entry})


@agency_required(when=sees_units)
def review_queue(request):
    scope = unit_scope(request.user)
    page = Paginator(queries.flagged_queue(request.user.instansi_id, scope), 50).get_page(
        request.GET.get("halaman")
    )
    return render(request, "citizen/review.html", {"page": page})


@require_POST
@agency_required()
def review_decide(request, pk):
    require_hr(request.user)
    jawaban = get_for_agency_or_404(
        JawabanSurvei.objects.select_related("layanan"), request.user, pk=pk
    )
    try:
        review_answer(
            jawaban, terima=request.POST.get("keputusan") == "terima", by=request.user,
            catatan=request.POST.get("catatan", ""),
        )  # fmt: skip
    except Refused as refused:
        messages.error(request, refused.pesan)
    else:
        messages.success(request, f"Keputusan untuk jawaban #{jawaban.pk} disimpan.")
    return redirect("citizen_review")


@agency_required(when=sees_units)
def complaint_queue(request):
    scope = unit_scope(request.user)
    status = request.GET.get("status", "terbuka")
    overdue_only = request.GET.get("lewat") == "1"
    today = timezone.localdate()
    rows = queries.complaint_queue(
        request.user.instansi_id, unit_ids=scope, status=status, lewat_tenggat=overdue_only,
        today=today,
    )  # fmt: skip
    page = Paginator(rows, 50).get_page(request.GET.get("halaman"))
    for aduan in page:
        aduan.lewat = aduan.lewat_tenggat(today)
    context = {
        "page": page, "status": status, "lewat": overdue_only,
        "statuses": Aduan.Status.choices, "today": today,
    }  # fmt: skip
    return render(request, "citizen/complaints.html", context)


ATTACHMENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}


def attachment_kind(name: str) -> str | None:
    """pdf, jpeg or png from the stored name (the bytes were checked at upload)."""
    return uploads.EXTENSIONS.get(PurePath(name).suffix.lower()) if name else None


def officer_choices(aduan: Aduan):
    """Who a complaint may be forwarded to: active employees of its unit and the active
    officers of its service."""
    serving = PetugasLayanan.objects.filter(
        instansi_id=aduan.instansi_id, layanan_id=aduan.layanan_id, aktif=True
    ).values("pegawai_id")
    return Pegawai.objects.filter(instansi_id=aduan.instansi_id, aktif=True).filter(
        Q(unit_id=aduan.unit_id) | Q(pk__in=serving)
    )


def _detail(request, aduan: Aduan, *, status=200, failed="", error="", kolom="", typed=None):
    kind = attachment_kind(aduan.lampiran.name)
    context = {
        "aduan": aduan,
        "steps": aduan.transisi.select_related("oleh").order_by("pada", "pk"),
        "next": allowed_moves(request.user, aduan),
        "officers": officer_choices(aduan).order_by("nama"),
        "lewat": aduan.lewat_tenggat(timezone.localdate()),
        "status_labels": dict(Aduan.Status.choices),
        "lampiran_jenis": kind,
        "failed": failed, "error": error, "kolom": kolom, "typed": typed or {},
    }  # fmt: skip
    return render(request, "citizen/complaint_detail.html", context, status=status)


@agency_required()
def complaint_detail(request, kode):
    return _detail(request, complaint_for(request.user, kode))


@require_POST
@agency_required()
def complaint_move(request, kode):
    aduan = complaint_for(request.user, kode)
    if not can_handle_complaint(request.user, aduan):
        raise PermissionDenied("Anda hanya dapat membaca aduan ini.")
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _detail(request, aduan, status=400, failed=request.POST.get("ke", ""),
                       error="Isian tidak lengkap; muat ulang halaman lalu ulangi.",
                       typed=request.POST)  # fmt: skip
    data = form.cleaned_data
    everything = handles_all_steps(request.user, aduan)
    if not everything and not (
        data["ke"] == Aduan.Status.DIRESPONS and can_handle_complaint(request.user, aduan)
    ):
        raise PermissionDenied("Anda hanya dapat menanggapi aduan yang diteruskan kepada Anda.")
    petugas = None
    if data["petugas"]:
        petugas = officer_choices(aduan).filter(pk=data["petugas"]).first()
    try:
        move_complaint(
            aduan, ke=data["ke"], by=request.user, catatan=data["catatan"], petugas=petugas,
            tanggapan=data["tanggapan"], alasan=data["alasan"], version=data["version"],
        )  # fmt: skip
    except Refused as refused:
        return _detail(
            request, aduan, status=refused.status,
            failed=data["ke"], error=refused.pesan, kolom=refused.kolom or "", typed=request.POST,
        )  # fmt: skip
    messages.success(request, f"Status aduan menjadi {Aduan.Status(data['ke']).label}.")
    if not everything:
        return redirect("citizen_my_complaints")
    return redirect("citizen_complaint_detail", kode=aduan.kode_lacak)


@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
@agency_required()
def complaint_attachment(request, kode):
    """The complaint's attachment, for whoever may see the complaint: inline (previewed in
    the detail page's frame or image), with ``?unduh=1`` as a download."""
    aduan = complaint_for(request.user, kode)
    if not aduan.lampiran:
        raise Http404("Aduan ini tidak berlampiran.")
    kind = attachment_kind(aduan.lampiran.name)
    try:
        handle = aduan.lampiran.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Berkas lampiran tidak ditemukan di server.") from exc
    response = FileResponse(
        handle,
        content_type=ATTACHMENT_TYPES.get(kind, "application/octet-stream"),
        as_attachment=kind is None or request.GET.get("unduh") == "1",
        filename=f"lampiran-{aduan.kode_lacak}{PurePath(aduan.lampiran.name).suffix.lower()}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@agency_required(Peran.PEGAWAI)
def my_complaints(request):
    """Complaints forwarded to the signed-in employee ("Aduan untuk saya")."""
    if not request.user.pegawai_id:
        raise PermissionDenied("Halaman ini untuk pegawai yang menerima terusan aduan.")
    semua = request.GET.get("semua") == "1"
    rows = queries.assigned_to(request.user.instansi_id, request.user.pegawai_id, semua=semua)
    page = Paginator(rows, 50).get_page(request.GET.get("halaman"))
    today = timezone.localdate()
    for aduan in page:
        aduan.lewat = aduan.lewat_tenggat(today)
    return render(request, "citizen/my_complaints.html", {"page": page, "semua": semua})


@agency_required(when=sees_units)
def complaint_stats_page(request):
    scope = unit_scope(request.user)
    dari, sampai = date_range(request)
    per = request.GET.get("per", "unit")
    if per not in queries.COMPLAINT_GROUPS:
        per = "unit"
    stats = queries.complaint_stats(request.user.instansi_id, dari, sampai, per=per, unit_ids=scope)
    pers = [("unit", "Unit kerja"), ("petugas", "Petugas"), ("layanan", "Layanan")]
    context = {"stats": stats.values(), "dari": dari, "sampai": sampai, "per": per, "pers": pers}
    return render(request, "citizen/complaint_stats.html", context)
