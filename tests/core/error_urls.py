"""The project's URLs plus one view that fails, for the 500 page test."""

from django.urls import path

from kinerja.urls import handler403, handler404, handler500  # noqa: F401
from kinerja.urls import urlpatterns as project_urlpatterns


def fails(request):
    raise RuntimeError("kegagalan uji")


urlpatterns = [path("uji-galat/", fails), *project_urlpatterns]
