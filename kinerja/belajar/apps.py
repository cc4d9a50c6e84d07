from django.apps import AppConfig


class BelajarConfig(AppConfig):
    name = "kinerja.belajar"
    verbose_name = "Belajar"
    default_auto_field = "django.db.models.BigAutoField"
