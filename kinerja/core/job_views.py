"""The status page of a background job (``kinerja.core.jobs``): its progress while it runs
(the fragment the page polls by htmx), then the result, the download of what it produced, or
the page to open. Its starter, and the roles of the same agency it names, may open it; for
anyone else it does not exist."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kinerja.core import jobs
from kinerja.core.models import PekerjaanLatar
from kinerja.core.tenancy import agency_required


def _job(request, job_id: int) -> PekerjaanLatar:
    job = PekerjaanLatar.objects.filter(pk=job_id, instansi_id=request.user.instansi_id).first()
    if job is None or not jobs.visible_to(job, request.user):
        raise Http404
    return job


def context(job: PekerjaanLatar) -> dict:
    """What ``core/_pekerjaan.html`` shows of ``job`` besides the row itself."""
    return {
        "job": job,
        "hasil_template": jobs.RESULT_TEMPLATES.get(job.jenis, ""),
        "tersedia_sampai": jobs.available_until(job),
        "kembali": job.parameter.get("kembali", "") or job.hasil_url,
        "kembali_label": jobs.BACK_LABELS.get(job.jenis, "Kembali"),
    }


@agency_required()
def job_page(request, job_id: int):
    """The page, or the fragment it polls (htmx). The poll that first sees the end of a job
    that asked for it (``alihkan``) opens its result page (HX-Redirect)."""
    job = _job(request, job_id)
    if job.keluaran:
        jobs.purge_expired(queryset=PekerjaanLatar.objects.filter(pk=job.pk))
        job.refresh_from_db()
    job = jobs.snapshot(job)
    if request.htmx and not job.aktif and job.alihkan and job.hasil_url:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = job.hasil_url
        return response
    template = "core/_pekerjaan.html" if request.htmx else "core/pekerjaan.html"
    return render(request, template, context(job))


@agency_required()
def job_download(request, job_id: int):
    job = _job(request, job_id)
    if job.status != job.Status.SELESAI or not job.keluaran or jobs.available_until(job) is None:
        raise Http404("Berkas belum siap atau sudah dihapus.")
    try:
        stream = job.keluaran.open("rb")
    except FileNotFoundError:
        raise Http404("Berkas sudah dihapus dari server.") from None
    response = FileResponse(stream, as_attachment=True, filename=job.nama_keluaran or None)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@agency_required()
def job_drop_output(request, job_id: int):
    job = _job(request, job_id)
    if job.keluaran:
        jobs.drop_output(job)
        messages.success(request, "Berkas hasil pekerjaan ini dihapus dari server.")
    return redirect("pekerjaan", job.pk)
