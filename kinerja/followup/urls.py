from django.urls import path, re_path

from kinerja.followup import views

urlpatterns = [
    path("", views.hasil_saya, name="followup_hasil"),
    path("panduan/", views.panduan, name="followup_panduan"),
    path("keberatan/", views.keberatan_list, name="followup_keberatan_list"),
    path("keberatan/ajukan/<int:hasil_pk>/", views.keberatan_ajukan, name="followup_ajukan"),
    path("keberatan/<int:pk>/", views.keberatan_detail, name="followup_keberatan"),
    path(
        "keberatan/lampiran/<int:pk>/", views.keberatan_lampiran, name="followup_keberatan_lampiran"
    ),
    path("penghargaan/", views.kandidat, name="followup_kandidat"),
    re_path(r"^penghargaan/tpp\.(?P<fmt>csv|xlsx)$", views.tpp, name="followup_tpp"),
    path("pengaturan/", views.pengaturan, name="followup_pengaturan"),
    path("pengembangan/", views.pengembangan, name="followup_pengembangan"),
    path("pengembangan/<int:pk>/", views.rencana, name="followup_rencana"),
    path("talenta/", views.talenta, name="followup_talenta"),
    path("talenta/kotak/<int:box>/", views.talenta_kotak, name="followup_talenta_kotak"),
    path("talenta/talenta.xlsx", views.talenta_xlsx, name="followup_talenta_xlsx"),
    path("talenta/potensi/", views.potensi, name="followup_potensi"),
]
