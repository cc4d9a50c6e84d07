from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "kinerja.notify"
    label = "notify"
    verbose_name = "Notifikasi"

    def ready(self) -> None:
        from kinerja.notify import events

        events.connect()
