from django.urls import include, path

from kinerja.api.api import api
from kinerja.org.admin import site as operator_admin

urlpatterns = [
    path("", include("kinerja.org.account_urls")),
    path("", include("kinerja.core.urls")),
    path("org/", include("kinerja.org.urls")),
    path("skp/", include("kinerja.skp.urls")),
    path("penilaian/", include("kinerja.scoring.urls")),
    path("layanan/", include("kinerja.citizen.urls")),
    path("publik/", include("kinerja.citizen.public_urls")),
    path("tindak-lanjut/", include("kinerja.followup.urls")),
    path("wawasan/", include("kinerja.insight.urls")),
    path("kotak-masuk/", include("kinerja.notify.urls")),
    path("belajar/", include("kinerja.belajar.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", operator_admin.urls),
]

handler403 = "kinerja.core.views.forbidden"
handler404 = "kinerja.core.views.not_found"
handler500 = "kinerja.core.unavailable.server_error"
