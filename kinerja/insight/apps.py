from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "kinerja.insight"
    verbose_name = "Wawasan"
