from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from kinerja.core import audit
from kinerja.core.models import AuditEntry
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


@agency_required(Peran.ADMIN, Peran.AUDITOR)
def audit_checkpoint(request):
    """A printable checkpoint of the agency's chain: count and head hash now, the chain's
    verification and the last checkpoint in the operator's file. Printed, dated and signed,
    it is a checkpoint no one with only database access can change."""
    instansi_id = request.user.instansi_id
    context = {
        "point": audit.head_checkpoint(instansi_id),
        "broken": audit.verify_chain(instansi_id),
        "filed": audit.last_checkpoint(instansi_id),
        "count": AuditEntry.objects.filter(instansi_id=instansi_id).count(),
        "instansi": request.user.instansi,
    }
    return render(request, "core/audit_checkpoint.html", context)


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
