from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "kinerja.org"
    verbose_name = "Organisasi"
