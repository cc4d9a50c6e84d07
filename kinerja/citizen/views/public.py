"""Pages for the public: no login, no script, one small stylesheet."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kinerja.citizen import directory, protection
from kinerja.citizen.complaints import (
    RESOLVED,
    rate_complaint,
    reopen_complaint,
    reopen_until,
    submit_complaint,
)
from kinerja.citizen.errors import Refused
from kinerja.citizen.forms import ComplaintForm, SurveyForm, TrackForm
from kinerja.citizen.models import Aduan, Layanan, PetugasLayanan
from kinerja.citizen.survey import submit_answer
from kinerja.org.models import Instansi

HONEYPOT_MESSAGE = (
    "Formulir tidak dapat diproses. Kosongkan kolom 'Jangan diisi' lalu kirim kembali."
)


def public_layanan(kode: str) -> Layanan:
    instansi_id = directory.resolve_or_404(kode, directory.Jenis.LAYANAN)
    return get_object_or_404(
        Layanan.objects.select_related("instansi", "unit"),
        instansi_id=instansi_id, kode_publik=kode, aktif=True,
    )  # fmt: skip


def public_target(kode: str, petugas: str | None = None):
    """The active service by its public code and, when ``petugas`` is given, its active
    officer by the code their QR carries, or by the short code on their card or NIP: the
    code's agency from the directory, then one query in that agency (404 otherwise). The
    officer comes back with ``lewat_kode_pendek`` set when named by a short code or NIP."""
    if not petugas:
        return public_layanan(kode), None
    instansi_id = directory.resolve_or_404(kode, directory.Jenis.LAYANAN)
    code = petugas.strip()
    found = [
        officer
        for officer in PetugasLayanan.objects.select_related(
            "layanan__instansi", "layanan__unit", "pegawai"
        ).filter(
            Q(kode_qr=code) | Q(kode=code.lower()) | Q(pegawai__nip=code),
            instansi_id=instansi_id, layanan__instansi_id=instansi_id,
            layanan__kode_publik=kode, layanan__aktif=True, aktif=True,
        )[:3]
    ]  # fmt: skip
    if not found:
        raise Http404
    # The QR's code wins, then a card code over a NIP that happens to look the same.
    officer = next(
        (o for o in found if o.kode_qr == code),
        next((o for o in found if o.kode == code.lower()), found[0]),
    )
    officer.lewat_kode_pendek = officer.kode_qr != code
    return officer.layanan, officer


@require_http_methods(["GET", "POST"])
def survey(request, kode, petugas=None):
    layanan, officer = public_target(kode, petugas)
    status = 200
    error = None
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.honeypot_filled:
            error, status = HONEYPOT_MESSAGE, 400
        elif form.is_valid():
            ip_hash, prefix_hash = protection.request_hashes(request)
            try:
                submit_answer(
                    layanan,
                    answers=form.answers(),
                    profile=form.profile(),
                    token=form.cleaned_data["token"],
                    petugas_id=officer.pegawai_id if officer else None,
                    kode_pendek=bool(officer and officer.lewat_kode_pendek),
                    ip_hash=ip_hash,
                    prefix_hash=prefix_hash,
                )
            except Refused as refused:
                error, status = refused.pesan, refused.status
                if refused.kolom:
                    form.add_error(refused.kolom if refused.kolom in form.fields else None, "")
            else:
                return redirect("citizen_survey_thanks", kode=layanan.kode_publik)
        else:
            error, status = "Ada pertanyaan yang belum dijawab; lihat tanda merah di bawah.", 400
    else:
        form = SurveyForm(initial={"token": request.GET.get("t", "")})
    context = {
        "layanan": layanan, "officer": officer, "form": form, "error": error,
        "instansi": layanan.instansi,
    }  # fmt: skip
    return render(request, "citizen/public/survey.html", context, status=status)


def survey_thanks(request, kode):
    layanan = public_layanan(kode)
    context = {"layanan": layanan, "instansi": layanan.instansi}
    return render(request, "citizen/public/thanks.html", context)


def agency_by_code(kode: str) -> Instansi | None:
    return Instansi.objects.filter(kode__iexact=(kode or "").strip()).first() if kode else None


def agency_entry(request, kode):
    """An agency's public front door: its services with their survey and complaint links,
    and complaint tracking, for a citizen who has no QR code at hand."""
    instansi = agency_by_code(kode)
    if instansi is None:
        raise Http404("Instansi tidak ditemukan.")
    services = Layanan.objects.filter(instansi=instansi, aktif=True).select_related("unit")
    units: dict[str, list[Layanan]] = {}
    for layanan in services.order_by("unit__nama", "nama"):
        units.setdefault(layanan.unit.nama, []).append(layanan)
    context = {"instansi": instansi, "units": units.items(), "track_form": TrackForm()}
    return render(request, "citizen/public/agency.html", context)


@require_http_methods(["GET", "POST"])
def complaint_new(request):
    """The complaint form; ``?instansi=<code>`` (from an agency's entry page) or
    ``?layanan=<public code>`` narrows the list to one agency's services."""
    chosen = request.GET.get("layanan", "")
    instansi = agency_by_code(request.GET.get("instansi", ""))
    if instansi is None and chosen:
        instansi_id = directory.resolve(chosen, directory.Jenis.LAYANAN)
        instansi = Instansi.objects.filter(pk=instansi_id).first() if instansi_id else None
    status = 200
    error = None
    if request.method == "POST":
        form = ComplaintForm(request.POST, request.FILES, instansi=instansi)
        if form.honeypot_filled:
            error, status = HONEYPOT_MESSAGE, 400
        elif form.is_valid():
            layanan = form.cleaned_data["layanan"]
            try:
                aduan = submit_complaint(
                    layanan.instansi,
                    layanan=layanan,
                    isi=form.cleaned_data["isi"],
                    nama_pelapor=form.cleaned_data["nama_pelapor"],
                    kontak_pelapor=form.cleaned_data["kontak_pelapor"],
                    lampiran=form.cleaned_data["lampiran"],
                    ip_hash=protection.network_hash(protection.client_network(request)),
                )
            except Refused as refused:
                error, status = refused.pesan, refused.status
                if refused.kolom in form.fields:
                    form.add_error(refused.kolom, refused.pesan)
            else:
                url = reverse("citizen_complaint_status", kwargs={"kode": aduan.kode_lacak})
                return redirect(f"{url}?baru=1")
        else:
            error, status = "Periksa kembali isian yang ditandai.", 400
    else:
        form = ComplaintForm(initial={"layanan": chosen}, instansi=instansi)
    context = {"form": form, "error": error, "instansi": instansi}
    return render(request, "citizen/public/complaint_new.html", context, status=status)


def complaint_track(request):
    form = TrackForm(request.GET or None)
    if form.is_valid():
        kode = form.cleaned_data["kode"].strip().upper()
        if directory.resolve(kode, directory.Jenis.ADUAN) is not None:
            return redirect("citizen_complaint_status", kode=kode)
        form.add_error("kode", "Kode lacak tidak ditemukan. Periksa kembali penulisannya.")
    return render(request, "citizen/public/track.html", {"form": form})


def _public_complaint(kode: str) -> Aduan:
    kode = kode.upper()
    return get_object_or_404(
        Aduan.objects.select_related("layanan", "unit", "instansi"),
        instansi_id=directory.resolve_or_404(kode, directory.Jenis.ADUAN), kode_lacak=kode,
    )  # fmt: skip


def _status_page(request, aduan: Aduan, *, status=200, error="", kolom="", typed=None):
    steps = list(aduan.transisi.order_by("pada", "pk").values("ke", "pada", "catatan"))
    labels = dict(Aduan.Status.choices)
    for step in steps:
        step["label"] = labels[step["ke"]]
        step["dibuka_ulang"] = step["catatan"].startswith("Dibuka kembali oleh pelapor")
    until = reopen_until(aduan)
    context = {
        "aduan": aduan, "steps": steps, "instansi": aduan.instansi,
        "baru": request.GET.get("baru") == "1", "pesan": request.GET.get("pesan", ""),
        "boleh_nilai": aduan.status in RESOLVED and aduan.penilaian is None,
        "batas_buka": until if until and timezone.now() <= until else None,
        "error": error, "kolom": kolom, "typed": typed or {}, "bintang": range(1, 6),
    }  # fmt: skip
    return render(request, "citizen/public/status.html", context, status=status)


def complaint_status(request, kode):
    return _status_page(request, _public_complaint(kode))


@require_http_methods(["POST"])
def complaint_rate(request, kode):
    """The reporter rates the answer (1–5 and a comment) from the tracking page."""
    aduan = _public_complaint(kode)
    raw = request.POST.get("nilai", "")
    try:
        rate_complaint(
            aduan, nilai=int(raw) if raw.isdigit() else None,
            komentar=request.POST.get("komentar", ""),
        )  # fmt: skip
    except Refused as refused:
        return _status_page(request, aduan, status=refused.status, error=refused.pesan,
                            kolom=refused.kolom or "nilai", typed=request.POST)  # fmt: skip
    url = reverse("citizen_complaint_status", kwargs={"kode": aduan.kode_lacak})
    return redirect(f"{url}?pesan=dinilai")


@require_http_methods(["POST"])
def complaint_reopen(request, kode):
    """The reporter reopens an answered complaint within the window, with a reason."""
    aduan = _public_complaint(kode)
    try:
        reopen_complaint(aduan, alasan=request.POST.get("alasan", ""))
    except Refused as refused:
        return _status_page(request, aduan, status=refused.status, error=refused.pesan,
                            kolom=refused.kolom or "alasan", typed=request.POST)  # fmt: skip
    url = reverse("citizen_complaint_status", kwargs={"kode": aduan.kode_lacak})
    return redirect(f"{url}?pesan=dibuka")
