"""The public entry page of each agency, at /publik/<agency code>/ (no login)."""

from django.urls import path

from kinerja.citizen.views import public

urlpatterns = [path("<str:kode>/", public.agency_entry, name="citizen_agency_entry")]
