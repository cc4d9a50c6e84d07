from django.urls import path

from kinerja.core import views

urlpatterns = [
    path("audit/", views.audit_log, name="audit_log"),
    path("sehat/", views.health, name="health"),
    path("tugas/<uuid:pk>/", views.progres, name="core_progres"),
]
