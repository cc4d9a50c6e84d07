from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "kinerja.followup"
    label = "followup"
    verbose_name = "Tindak lanjut"
