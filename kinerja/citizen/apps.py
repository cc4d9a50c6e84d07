from django.apps import AppConfig


class CitizenConfig(AppConfig):
    name = "kinerja.citizen"
