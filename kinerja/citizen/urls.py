from django.urls import path

from kinerja.citizen.views import inside, public, qr, register

urlpatterns = [
    # Public, no login.
    path("s/<slug:kode>/", public.survey, name="citizen_survey"),
    path("s/<slug:kode>/terima-kasih/", public.survey_thanks, name="citizen_survey_thanks"),
    path("s/<slug:kode>/<str:petugas>/", public.survey, name="citizen_survey_officer"),
    path("aduan/baru/", public.complaint_new, name="citizen_complaint_new"),
    path("lacak/", public.complaint_track, name="citizen_complaint_track"),
    path("lacak/<str:kode>/", public.complaint_status, name="citizen_complaint_status"),
    path("lacak/<str:kode>/nilai/", public.complaint_rate, name="citizen_complaint_rate"),
    path("lacak/<str:kode>/buka/", public.complaint_reopen, name="citizen_complaint_reopen"),
    # Inside, login.
    path("", inside.ikm_page, name="citizen_ikm"),
    path("tren/", inside.trend_page, name="citizen_trend"),
    path("ekspor.xlsx", inside.export_xlsx, name="citizen_export"),
    path("kelola/", inside.services_page, name="citizen_services"),
    path("kelola/<int:pk>/qr.png", qr.qr_png, name="citizen_qr_png"),
    path("kelola/<int:pk>/<slug:petugas>/qr.png", qr.qr_png, name="citizen_qr_officer_png"),
    path("kelola/kartu-qr.pdf", qr.qr_sheet, name="citizen_qr_sheet"),
    path("kelola/baru/", register.layanan_new, name="citizen_layanan_new"),
    path("kelola/<int:pk>/ubah/", register.layanan_edit, name="citizen_layanan_edit"),
    path("kelola/<int:pk>/petugas/", register.officer_add, name="citizen_officer_add"),
    path(
        "kelola/<int:pk>/petugas/<int:officer_pk>/hapus/",
        register.officer_remove,
        name="citizen_officer_remove",
    ),
    path("kelola/<int:pk>/kode-struk/", register.tokens, name="citizen_tokens"),
    path("kelola/<int:pk>/kode-struk.pdf", register.tokens_pdf, name="citizen_tokens_pdf"),
    path("libur/", register.holidays, name="citizen_holidays"),
    path("libur/isi/", register.holidays_fill, name="citizen_holidays_fill"),
    path("libur/<int:pk>/hapus/", register.holiday_remove, name="citizen_holiday_remove"),
    path("review/", inside.review_queue, name="citizen_review"),
    path("review/<int:pk>/", inside.review_decide, name="citizen_review_decide"),
    path("review/tahanan/<int:pk>/", inside.held_batch, name="citizen_held_batch"),
    path("aduan/", inside.complaint_queue, name="citizen_complaints"),
    path("aduan/statistik/", inside.complaint_stats_page, name="citizen_complaint_stats"),
    path("aduan/saya/", inside.my_complaints, name="citizen_my_complaints"),
    path("aduan/<str:kode>/", inside.complaint_detail, name="citizen_complaint_detail"),
    path("aduan/<str:kode>/ubah/", inside.complaint_move, name="citizen_complaint_move"),
    path(
        "aduan/<str:kode>/lampiran/",
        inside.complaint_attachment,
        name="citizen_complaint_attachment",
    ),
]
