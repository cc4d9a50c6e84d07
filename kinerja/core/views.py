from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render

from kinerja.core import progress
from kinerja.core.models import AuditEntry, ProgresTugas
from kinerja.core.permissions import Peran
from kinerja.core.tenancy import agency_required, for_agency


@agency_required(Peran.ADMIN, Peran.AUDITOR)
def audit_log(request):
    entries = for_agency(AuditEntry.objects.all(), request.user).order_by("-seq")
    action = request.GET.get("tindakan", "").strip()
    if action:
        entries = entries.filter(action__startswith=action)
    page = Paginator(entries, 50).get_page(request.GET.get("halaman"))
    return render(request, "core/audit_log.html", {"page": page, "tindakan": action})


@agency_required()
def progres(request, pk):
    """A background task's progress: the fragment the page polls (htmx), or a small page.
    Only its starter, or the roles of the same agency it names, may follow it; for anyone
    else it does not exist. The poll that first sees the end of a task that asked for it
    opens the result page (HX-Redirect)."""
    row = ProgresTugas.objects.filter(pk=pk).first()
    if row is None or not progress.visible_to(row, request.user):
        raise Http404
    row = progress.snapshot(row)
    if request.htmx and not row.aktif and row.alihkan and row.hasil_url:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = row.hasil_url
        return response
    template = "core/_progres.html" if request.htmx else "core/progres.html"
    return render(request, template, {"tugas": row})


def health(request):
    """For the reverse proxy and load tests: 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "database tidak tersedia"}, status=503)
    return JsonResponse({"status": "ok"})


def forbidden(request, exception=None):
    message = str(exception) if exception and str(exception) else None
    return render(request, "403.html", {"message": message}, status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)
