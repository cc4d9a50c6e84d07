from django.urls import include, path

urlpatterns = [
    path("", include("kinerja.org.account_urls")),
    path("", include("kinerja.core.urls")),
    path("org/", include("kinerja.org.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler403 = "kinerja.core.views.forbidden"
handler404 = "kinerja.core.views.not_found"
