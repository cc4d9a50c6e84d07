from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kinerja.demo"
    verbose_name = "Data demo"
