"""Helpers for pages that start a background job (``kinerja.core.jobs``): tasks run at once
in the tests, so the POST lands on the finished job's page."""

from django.urls import reverse

from kinerja.core.models import PekerjaanLatar


def started_job(client, url: str, data: dict | None = None) -> PekerjaanLatar:
    """POST to a page that starts a job; the job it redirected to."""
    response = client.post(url, data or {})
    assert response.status_code == 302, response.status_code
    job = PekerjaanLatar.objects.order_by("-pk").first()
    assert response["Location"] == reverse("pekerjaan", args=[job.pk])
    return job


def job_file(client, url: str, data: dict | None = None) -> bytes:
    """Start the job, open its page (finished: tasks run at once) and download its file."""
    job = started_job(client, url, data)
    page = client.get(reverse("pekerjaan", args=[job.pk]))
    download = reverse("pekerjaan_unduh", args=[job.pk])
    assert download in page.content.decode()
    response = client.get(download)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    return b"".join(response.streaming_content)
