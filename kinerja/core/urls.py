from django.urls import path

from kinerja.core import views

urlpatterns = [
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/titik-periksa/", views.audit_checkpoint, name="audit_checkpoint"),
    path("sehat/", views.health, name="health"),
]
