from django.urls import path, re_path

from kinerja.skp.views import realisasi, rencana, tim

urlpatterns = [
    path("", rencana.skp_saya, name="skp_saya"),
    path("periode/<int:periode_pk>/buat/", rencana.skp_create, name="skp_create"),
    path("<int:pk>/", rencana.skp_detail, name="skp_detail"),
    path("<int:pk>/rhk/", rencana.rhk_add, name="skp_rhk_add"),
    path("<int:pk>/lampiran/", rencana.lampiran_edit, name="skp_lampiran"),
    path("<int:pk>/revisi/<int:nomor>/", rencana.skp_revisi, name="skp_revisi"),
    re_path(
        r"^(?P<pk>[0-9]+)/(?P<verb>ajukan|setujui|kembalikan|revisi)/$",
        rencana.skp_transition,
        name="skp_transition",
    ),
    path("rhk/<int:pk>/", rencana.rhk_edit, name="skp_rhk_edit"),
    path("rhk/<int:pk>/indikator/", rencana.indikator_add, name="skp_indikator_add"),
    path("indikator/<int:pk>/", rencana.indikator_edit, name="skp_indikator_edit"),
    path("<int:pk>/indikator/periksa/", rencana.indikator_periksa, name="skp_indikator_periksa"),
    path("kaskade/<int:unit_pk>/", rencana.cascade, name="skp_kaskade"),
    path("<int:pk>/bagian/<int:nomor>/", realisasi.skp_bagian, name="skp_bagian"),
    path("<int:pk>/bagian/<int:nomor>/perilaku/", realisasi.perilaku, name="skp_perilaku"),
    path("<int:pk>/bagian/<int:nomor>/360/", realisasi.minta_360, name="skp_minta_360"),
    path("<int:pk>/bagian/<int:nomor>/dialog/", realisasi.dialog, name="skp_dialog"),
    path("<int:pk>/bagian/<int:nomor>/simpan/", realisasi.bagian_simpan, name="skp_bagian_simpan"),
    path(
        "<int:pk>/bagian/<int:nomor>/verifikasi/",
        realisasi.bagian_verifikasi,
        name="skp_bagian_verifikasi",
    ),
    path("bukti/<int:pk>/", realisasi.bukti_download, name="skp_bukti"),
    path("bukti/<int:pk>/lihat/", realisasi.bukti_lihat, name="skp_bukti_lihat"),
    path("bukti/<int:pk>/hapus/", realisasi.bukti_delete, name="skp_bukti_hapus"),
    path("360/<int:pk>/", realisasi.jawab_360, name="skp_jawab_360"),
    path("tim/", tim.tim_saya, name="skp_tim"),
    path("tim/<int:pk>/bagian/<int:nomor>/<str:verb>/", tim.tim_action, name="skp_tim_action"),
    path("periode/", tim.periode_list, name="skp_periode_list"),
    path("periode/<int:pk>/", tim.periode_detail, name="skp_periode"),
    path("periode/<int:pk>/<str:what>/", tim.periode_update, name="skp_periode_update"),
    path("menunggu/", tim.menunggu, name="skp_menunggu"),
]
