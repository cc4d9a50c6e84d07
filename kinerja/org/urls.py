from django.urls import path

from kinerja.org import setup_views, views

urlpatterns = [
    path("", views.org_tree, name="org_tree"),
    path("unit/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("pegawai/<str:nip>/", views.pegawai_detail, name="pegawai_detail"),
    path("pegawai/<str:nip>/atasan/", views.pegawai_set_atasan, name="pegawai_set_atasan"),
    path("pegawai/<str:nip>/sandi/", views.pegawai_reset_password, name="pegawai_reset_password"),
    path("pegawai/<str:nip>/status/", views.pegawai_set_aktif, name="pegawai_set_aktif"),
    path("cari/", views.search, name="org_search"),
    path("instansi/", setup_views.pengaturan, name="org_instansi"),
    path("instansi/logo/", setup_views.logo, name="org_instansi_logo"),
]

from kinerja.org import import_views  # noqa: E402

urlpatterns += [
    path("impor/", import_views.import_page, name="org_import"),
    path("ekspor/<str:kind>.<str:fmt>", import_views.export, name="org_export"),
]

from kinerja.org import akun_views  # noqa: E402

urlpatterns += [
    path("akun/", akun_views.akun_list, name="akun_list"),
    path("akun/buat/", akun_views.akun_buat, name="akun_buat"),
    path("akun/<int:user_id>/slip/", akun_views.akun_slip, name="akun_slip"),
    path("akun/<int:user_id>/status/", akun_views.akun_status, name="akun_status"),
    path("akun/<int:user_id>/token/", akun_views.akun_cabut_token, name="akun_cabut_token"),
    path("akun/<int:user_id>/buka-kunci/", akun_views.akun_buka_kunci, name="akun_buka_kunci"),
]
