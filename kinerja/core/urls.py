from django.urls import path

from kinerja.core import job_views, views

urlpatterns = [
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/titik-periksa/", views.audit_checkpoint, name="audit_checkpoint"),
    path("sehat/", views.health, name="health"),
    path("pekerjaan/<int:job_id>/", job_views.job_page, name="pekerjaan"),
    path("pekerjaan/<int:job_id>/unduh/", job_views.job_download, name="pekerjaan_unduh"),
    path(
        "pekerjaan/<int:job_id>/hapus-berkas/",
        job_views.job_drop_output,
        name="pekerjaan_hapus_berkas",
    ),  # fmt: skip
]
