"""The product URLs plus the baseline: a bare view that inserts one answer row."""

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from kinerja.citizen.models import JawabanSurvei, Layanan
from kinerja.urls import urlpatterns as product


@csrf_exempt
@require_POST
def baseline(request, kode):
    layanan = Layanan.objects.only("pk", "instansi_id").get(kode_publik=kode)
    row = JawabanSurvei.objects.create(
        instansi_id=layanan.instansi_id, layanan_id=layanan.pk, ip_hash="baseline",
        u1=3, u2=3, u3=3, u4=3, u5=3, u6=3, u7=3, u8=3, u9=3,
    )  # fmt: skip
    return JsonResponse({"nomor": row.pk}, status=201)


urlpatterns = [path("bench/baseline/<slug:kode>/", baseline), *product]
