"""The status page of a background job: progress while it runs, the result and the
download once it is finished (``kinerja.core.jobs``). Only the person who started the job,
in their agency, can open any of it."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kinerja.core import jobs
from kinerja.core.tenancy import agency_required, get_for_agency_or_404


def _job(request, job_id: int):
    return get_for_agency_or_404(jobs.for_user(request.user), request.user, pk=job_id)


@agency_required()
def job_page(request, job_id: int):
    job = _job(request, job_id)
    jobs.purge_expired(queryset=jobs.for_user(request.user).filter(pk=job.pk))
    job.refresh_from_db()
    context = {
        "job": job,
        "hasil_template": jobs.RESULT_TEMPLATES.get(job.jenis, ""),
        "tersedia_sampai": jobs.available_until(job),
        "kembali": job.parameter.get("kembali", ""),
        "kembali_label": jobs.BACK_LABELS.get(job.jenis, "Kembali"),
    }
    template = "core/_pekerjaan.html" if request.htmx else "core/pekerjaan.html"
    return render(request, template, context)


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
