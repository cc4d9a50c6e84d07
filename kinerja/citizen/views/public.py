"""Pages for the public: no login, no script, one small stylesheet."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from kinerja.citizen import directory, protection
from kinerja.citizen.complaints import submit_complaint
from kinerja.citizen.errors import Refused
from kinerja.citizen.forms import ComplaintForm, SurveyForm, TrackForm
from kinerja.citizen.models import Aduan, Layanan, PetugasLayanan
from kinerja.citizen.survey import submit_answer

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
    officer by the code on their card or by NIP: the code's agency from the directory, then
    one query in that agency either way (404 otherwise)."""
    if not petugas:
        return public_layanan(kode), None
    instansi_id = directory.resolve_or_404(kode, directory.Jenis.LAYANAN)
    code = petugas.strip()
    found = [
        officer
        for officer in PetugasLayanan.objects.select_related(
            "layanan__instansi", "layanan__unit", "pegawai"
        ).filter(
            Q(kode=code.lower()) | Q(pegawai__nip=code),
            instansi_id=instansi_id, layanan__instansi_id=instansi_id,
            layanan__kode_publik=kode, layanan__aktif=True, aktif=True,
        )[:2]
    ]  # fmt: skip
    if not found:
        raise Http404
    # A card code wins over a NIP that happens to look the same.
    officer = next((o for o in found if o.kode == code.lower()), found[0])
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
            try:
                submit_answer(
                    layanan,
                    answers=form.answers(),
                    profile=form.profile(),
                    token=form.cleaned_data["token"],
                    petugas_id=officer.pegawai_id if officer else None,
                    ip_hash=protection.network_hash(protection.client_network(request)),
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
    context = {"layanan": layanan, "officer": officer, "form": form, "error": error}
    return render(request, "citizen/public/survey.html", context, status=status)


def survey_thanks(request, kode):
    layanan = public_layanan(kode)
    return render(request, "citizen/public/thanks.html", {"layanan": layanan})


@require_http_methods(["GET", "POST"])
def complaint_new(request):
    status = 200
    error = None
    if request.method == "POST":
        form = ComplaintForm(request.POST, request.FILES)
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
            else:
                url = reverse("citizen_complaint_status", kwargs={"kode": aduan.kode_lacak})
                return redirect(f"{url}?baru=1")
        else:
            error, status = "Periksa kembali isian yang ditandai.", 400
    else:
        form = ComplaintForm(initial={"layanan": request.GET.get("layanan", "")})
    return render(
        request, "citizen/public/complaint_new.html", {"form": form, "error": error}, status=status
    )


def complaint_track(request):
    form = TrackForm(request.GET or None)
    if form.is_valid():
        kode = form.cleaned_data["kode"].strip().upper()
        if directory.resolve(kode, directory.Jenis.ADUAN) is not None:
            return redirect("citizen_complaint_status", kode=kode)
        form.add_error("kode", "Kode lacak tidak ditemukan. Periksa kembali penulisannya.")
    return render(request, "citizen/public/track.html", {"form": form})


def complaint_status(request, kode):
    kode = kode.upper()
    aduan = get_object_or_404(
        Aduan.objects.select_related("layanan", "unit", "instansi"),
        instansi_id=directory.resolve_or_404(kode, directory.Jenis.ADUAN), kode_lacak=kode,
    )  # fmt: skip
    steps = list(aduan.transisi.order_by("pada", "pk").values("ke", "pada"))
    labels = dict(Aduan.Status.choices)
    for step in steps:
        step["label"] = labels[step["ke"]]
    context = {"aduan": aduan, "steps": steps, "baru": request.GET.get("baru") == "1"}
    return render(request, "citizen/public/status.html", context)
