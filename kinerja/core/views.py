import csv
import io
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.apps import apps
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from kinerja.core import audit, auditlog
from kinerja.core.audit import verify_chain
from kinerja.core.models import AuditEntry
from kinerja.core.permissions import Peran
from kinerja.core.spreadsheet import csv_cell, xlsx_row
from kinerja.core.tenancy import agency_required

AUDIT_PAGE_SIZE = 50


@agency_required(Peran.ADMIN, Peran.AUDITOR)
def audit_log(request):
    """The auditor's page: filters, human names, export, failed logins, chain check."""
    instansi_id = request.user.instansi_id
    chosen = auditlog.parse_filters(request.GET)
    entries = auditlog.entries(instansi_id, chosen)
    fmt = request.GET.get("unduh")
    if fmt in ("xlsx", "csv"):
        return _audit_export(fmt, entries)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("halaman"))
    week_ago = timezone.now() - timedelta(days=7)
    failed = AuditEntry.objects.filter(
        instansi_id=instansi_id, action__in=auditlog.FAILED_LOGIN_ACTIONS, at__gte=week_ago
    ).count()
    Unit = apps.get_model("org", "UnitKerja")
    units = Unit.objects.filter(instansi_id=instansi_id).filter(
        Q(induk__isnull=True) | Q(induk__induk__isnull=True)
    ).order_by("kode").values_list("pk", "nama")  # fmt: skip
    context = {
        "page": page, "rows": auditlog.readable(list(page)), "chosen": chosen,
        "query": urlencode(chosen.query()), "actions": auditlog.actions(instansi_id),
        "object_types": auditlog.OBJECT_TYPES, "units": units, "gagal_masuk": failed,
        "rantai": _chain_check(instansi_id) if request.GET.get("periksa") else None,
    }  # fmt: skip
    return render(request, "core/audit_log.html", context, status=400 if chosen.errors else 200)


@dataclass
class ChainCheck:
    jumlah: int
    rusak: object  # the first broken link from audit.verify_chain, or None
    entri: AuditEntry | None  # the entry where it broke, when it is still there


def _chain_check(instansi_id: int) -> ChainCheck:
    """The same verification as ``manage.py verify_audit`` (one function: verify_chain)."""
    link = verify_chain(instansi_id)
    seq = getattr(link, "seq", None)
    entry = AuditEntry.objects.filter(instansi_id=instansi_id, seq=seq).first() if seq else None
    count = AuditEntry.objects.filter(instansi_id=instansi_id).count()
    return ChainCheck(jumlah=count, rusak=link, entri=entry)


def _audit_export(fmt: str, entries):
    name = f"log-audit-{timezone.localdate():%Y%m%d}"
    rows = auditlog.export_rows(entries)
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(auditlog.EXPORT_HEADER)
        writer.writerows([csv_cell(v) for v in row] for row in rows)
        return response
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Log audit")
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGH", (8, 20, 28, 28, 24, 50, 70, 20), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.append([_bold(sheet, h) for h in auditlog.EXPORT_HEADER])
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _bold(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell


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
