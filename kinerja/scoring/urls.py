from django.urls import path

from kinerja.scoring import views

urlpatterns = [
    path("", views.hasil_saya, name="scoring_saya"),
    path("hasil/<int:pk>/", views.hasil_detail, name="scoring_hasil"),
    path("hasil/<int:pk>/konfirmasi/", views.konfirmasi, name="scoring_konfirmasi"),
    path("hasil/<int:pk>/ubah/", views.ubah, name="scoring_ubah"),
    path("tim/", views.tim, name="scoring_tim"),
    path("kurva/", views.kurva_page, name="scoring_kurva"),
    path("kurva/predikat/", views.predikat_organisasi, name="scoring_predikat_organisasi"),
    path("hitung/", views.hitung, name="scoring_hitung"),
    path("tutup/", views.tutup, name="scoring_tutup"),
    path("tutup/siasn/", views.siasn_unduh, name="scoring_siasn"),
    path("tutup/daftar/<str:jenis>/", views.tutup_daftar, name="scoring_tutup_daftar"),
]
