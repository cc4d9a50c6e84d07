from django.urls import path

from kinerja.org import setup_views, views

urlpatterns = [
    path("", views.org_tree, name="org_tree"),
    path("unit/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("pegawai/<str:nip>/", views.pegawai_detail, name="pegawai_detail"),
    path("pegawai/<str:nip>/atasan/", views.pegawai_set_atasan, name="pegawai_set_atasan"),
    path("pegawai/<str:nip>/sandi/", views.pegawai_reset_password, name="pegawai_reset_password"),
    path("cari/", views.search, name="org_search"),
    path("instansi/", setup_views.pengaturan, name="org_instansi"),
    path("instansi/logo/", setup_views.logo, name="org_instansi_logo"),
]

from kinerja.org import import_views  # noqa: E402

urlpatterns += [
    path("impor/", import_views.import_page, name="org_import"),
    path("ekspor/<str:kind>.<str:fmt>", import_views.export, name="org_export"),
]
