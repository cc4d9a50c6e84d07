from django.http import HttpResponse
from django.shortcuts import redirect, render

from kinerja.citizen import qr, tasks
from kinerja.citizen.access import unit_scope
from kinerja.citizen.models import Layanan
from kinerja.core.tenancy import agency_required, for_agency, get_for_agency_or_404


def _services(request):
    scope = unit_scope(request.user)
    services = for_agency(Layanan.objects.filter(aktif=True), request.user)
    if scope is not None:
        services = services.filter(unit_id__in=scope)
    return services


@agency_required()
def qr_png(request, pk, petugas=None):
    layanan = get_for_agency_or_404(_services(request), request.user, pk=pk)
    officer = None
    if petugas:
        officer = get_for_agency_or_404(layanan.penugasan.all(), request.user, kode=petugas)
    response = HttpResponse(qr.png(qr.survey_url(layanan, officer, request=request)), "image/png")
    name = f"qr-{layanan.kode}{'-' + officer.kode if officer else ''}.png"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@agency_required()
def qr_sheet(request):
    """The sheet of QR cards (all services the viewer may see, or one with ``layanan``),
    drawn by a background job: POST starts it (the job page shows the progress, then the
    download); GET asks first."""
    params = request.POST if request.method == "POST" else request.GET
    services = _services(request)
    one = None
    if params.get("layanan", "").isdigit():
        one = get_for_agency_or_404(services, request.user, pk=int(params["layanan"]))
    if request.method != "POST":
        context = {"layanan": one, "jumlah": 1 if one else services.count()}
        return render(request, "citizen/kartu_qr.html", context)
    ids = [one.pk] if one else list(services.order_by("pk").values_list("pk", flat=True))
    job = tasks.start_qr_cards(by=request.user, layanan_ids=ids, entry=one is None,
                               origin=qr.Origin.of(request))  # fmt: skip
    return redirect("pekerjaan", job.pk)
