from django.http import HttpResponse

from kinerja.citizen import qr
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
    services = _services(request).select_related("unit").prefetch_related("penugasan__pegawai")
    entry = request.user.instansi
    if request.GET.get("layanan", "").isdigit():
        services = services.filter(pk=int(request.GET["layanan"]))
        entry = None
    pdf = qr.cards_pdf(services.order_by("unit__nama", "nama"), request=request, instansi=entry)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="kartu-qr-survei.pdf"'
    return response
