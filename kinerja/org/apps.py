from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "kinerja.org"
    verbose_name = "Organisasi"

    def ready(self):
        from kinerja.org import middleware, zona  # noqa: F401 - connect the login signals
