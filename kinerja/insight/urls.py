from django.urls import path

from kinerja.insight import views

urlpatterns = [
    path("", views.dashboard_page, name="insight_dasbor"),
    path("perbarui/", views.refresh_page, name="insight_perbarui"),
    path("kalibrasi/", views.calibration_page, name="insight_kalibrasi"),
    path("peringatan/", views.warnings_page, name="insight_peringatan"),
    path("peringatan/tutup/", views.dismiss_page, name="insight_peringatan_tutup"),
    path("dokumen/skp/<int:skp_id>.pdf", views.skp_pdf_page, name="insight_skp_pdf"),
    path(
        "dokumen/evaluasi/<int:skp_id>.pdf", views.evaluation_pdf_page, name="insight_evaluasi_pdf"
    ),
    path("dokumen/unit/<int:unit_id>/", views.unit_recap_page, name="insight_rekap_unit"),
    path("cetak/", views.batch_page, name="insight_cetak"),
    path("cetak/<int:job_id>/", views.batch_status_page, name="insight_cetak_status"),
    path("cetak/<int:job_id>/unduh/", views.batch_download, name="insight_cetak_unduh"),
]
