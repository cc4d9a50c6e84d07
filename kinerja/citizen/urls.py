from django.urls import path

from kinerja.citizen.views import public

urlpatterns = [
    path("s/<slug:kode>/", public.survey, name="citizen_survey"),
    path("s/<slug:kode>/terima-kasih/", public.survey_thanks, name="citizen_survey_thanks"),
    path("s/<slug:kode>/<str:petugas>/", public.survey, name="citizen_survey_officer"),
    path("aduan/baru/", public.complaint_new, name="citizen_complaint_new"),
    path("lacak/", public.complaint_track, name="citizen_complaint_track"),
    path("lacak/<str:kode>/", public.complaint_status, name="citizen_complaint_status"),
]
