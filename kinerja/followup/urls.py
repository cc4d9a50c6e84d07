from django.urls import path, re_path

from kinerja.followup.views import hasil, keberatan, pengembangan, penghargaan, talenta

urlpatterns = [
    path("", hasil.hasil_saya, name="followup_hasil"),
    path("panduan/", hasil.panduan, name="followup_panduan"),
    path("keberatan/", keberatan.keberatan_list, name="followup_keberatan_list"),
    path("keberatan/ajukan/<int:hasil_pk>/", keberatan.keberatan_ajukan, name="followup_ajukan"),
    path("keberatan/<int:pk>/", keberatan.keberatan_detail, name="followup_keberatan"),
    path(
        "keberatan/lampiran/<int:pk>/",
        keberatan.keberatan_lampiran,
        name="followup_keberatan_lampiran",
    ),
    path("penghargaan/", penghargaan.kandidat, name="followup_kandidat"),
    re_path(r"^penghargaan/tpp\.(?P<fmt>csv|xlsx)$", penghargaan.tpp, name="followup_tpp"),
    path("pengaturan/", penghargaan.pengaturan, name="followup_pengaturan"),
    path("pengembangan/", pengembangan.pengembangan, name="followup_pengembangan"),
    path("pengembangan/<int:pk>/", pengembangan.rencana, name="followup_rencana"),
    path("talenta/", talenta.talenta, name="followup_talenta"),
    path("talenta/kotak/<int:box>/", talenta.talenta_kotak, name="followup_talenta_kotak"),
    path("talenta/talenta.xlsx", talenta.talenta_xlsx, name="followup_talenta_xlsx"),
    path("talenta/potensi/", talenta.potensi, name="followup_potensi"),
]
