from django.apps import AppConfig


class SkpConfig(AppConfig):
    name = "kinerja.skp"
