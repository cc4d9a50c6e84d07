from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kinerja.core"
    verbose_name = "Inti"
