from django.urls import path

from kinerja.scoring.views import hasil, kurva, tim, tutup

urlpatterns = [
    path("", hasil.hasil_saya, name="scoring_saya"),
    path("hasil/<int:pk>/", hasil.hasil_detail, name="scoring_hasil"),
    path("hasil/<int:pk>/konfirmasi/", tim.konfirmasi, name="scoring_konfirmasi"),
    path("hasil/<int:pk>/ubah/", tim.ubah, name="scoring_ubah"),
    path("tim/", tim.tim, name="scoring_tim"),
    path("kurva/", kurva.kurva_page, name="scoring_kurva"),
    path("kurva/predikat/", kurva.predikat_organisasi, name="scoring_predikat_organisasi"),
    path("hitung/", tutup.hitung, name="scoring_hitung"),
    path("tutup/", tutup.tutup, name="scoring_tutup"),
    path("tutup/siasn/", tutup.siasn_unduh, name="scoring_siasn"),
    path("tutup/daftar/<str:jenis>/", tutup.tutup_daftar, name="scoring_tutup_daftar"),
]
