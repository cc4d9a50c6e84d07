"""Import and export of units and employees (docs/impor.md)."""

import io

from django import forms
from django.conf import settings
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from kinerja.core import jobs
from kinerja.core.angka import ribuan
from kinerja.core.permissions import Peran
from kinerja.core.tenancy import agency_required
from kinerja.org import accounts, exporter, impor, tasks

FORMATS = ("csv", "xlsx")


class ImportForm(forms.Form):
    jenis = forms.ChoiceField(
        label=_("Jenis data"),
        choices=[(impor.UNIT, _("Unit kerja")), (impor.PEGAWAI, _("Pegawai"))],
        widget=forms.RadioSelect,
        initial=impor.PEGAWAI,
    )
    berkas = forms.FileField(
        label=_("Berkas CSV atau XLSX"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        limit = settings.KINERJA_IMPORT_MAX_BYTES
        if berkas.size > limit:
            raise forms.ValidationError(
                _("Berkas terlalu besar (%(size)s byte); batasnya %(limit)s byte."),
                params={"size": ribuan(berkas.size), "limit": ribuan(limit)},
            )
        if not berkas.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Berkas harus CSV (.csv) atau Excel (.xlsx)."))
        return berkas


def _page(request, form, status=200):
    recent = jobs.for_user(request.user).filter(jenis__in=tasks.IMPORT_KIND.values())
    context = {
        "form": form,
        "recent": recent[:5],
        "layouts": [impor.LAYOUT_UNIT, impor.LAYOUT_PEGAWAI],
        "max_rows": ribuan(settings.KINERJA_IMPORT_MAX_ROWS),
        "max_mb": settings.KINERJA_IMPORT_MAX_BYTES // (1024 * 1024),
        "tanpa_akun": accounts.without_account(request.user.instansi).count(),
    }
    return render(request, "org/import.html", context, status=status)


@agency_required(Peran.ADMIN)
def import_page(request):
    if request.method != "POST":
        return _page(request, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    berkas = form.cleaned_data["berkas"]
    job = tasks.start_import(
        by=request.user, jenis=form.cleaned_data["jenis"], filename=berkas.name,
        content=berkas.read(),
    )  # fmt: skip
    return redirect("pekerjaan", job.pk)


@agency_required(Peran.ADMIN, Peran.PIMPINAN, Peran.AUDITOR)
def export(request, kind, fmt):
    if kind not in impor.JENIS_IMPOR or fmt not in FORMATS:
        raise Http404
    instansi = request.user.instansi
    templat = request.GET.get("templat") == "1"
    name = exporter.filename(kind, fmt, instansi.kode, templat=templat)
    if fmt == "csv":
        response = StreamingHttpResponse(
            exporter.csv_chunks(kind, instansi.pk, templat=templat),
            content_type=exporter.CONTENT_TYPE["csv"],
        )
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
    stream = io.BytesIO()
    exporter.write_xlsx(kind, instansi.pk, stream, templat=templat)
    stream.seek(0)
    return FileResponse(
        stream, as_attachment=True, filename=name, content_type=exporter.CONTENT_TYPE["xlsx"]
    )
