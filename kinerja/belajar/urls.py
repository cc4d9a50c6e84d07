from django.urls import path

from kinerja.belajar import views

urlpatterns = [
    path("", views.bantuan, name="belajar_bantuan"),
    path("panduan/<slug:peran>/", views.panduan, name="belajar_panduan"),
    path("istilah/", views.glosarium, name="belajar_glosarium"),
    path("istilah/<slug:kode>/", views.istilah, name="belajar_istilah"),
    path("langkah/<slug:kode>/", views.buka_langkah, name="belajar_langkah"),
    path("minggu-pertama/tutup/", views.tutup_minggu_pertama, name="belajar_tutup"),
    path("latihan/", views.latihan, name="belajar_latihan"),
    path("latihan/hasil/", views.latihan_hasil, name="belajar_latihan_hasil"),
    path("latihan/peserta/", views.latihan_peserta, name="belajar_latihan_peserta"),
]
