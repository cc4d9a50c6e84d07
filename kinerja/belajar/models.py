"""What the learning features remember: a person's first-week checklist."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Orientasi(models.Model):
    """One person's first-week checklist: which visit-steps they opened, whether they closed it."""

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    dikunjungi = models.JSONField(_("langkah yang sudah dibuka"), default=list)
    ditutup_pada = models.DateTimeField(_("ditutup pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("orientasi minggu pertama")
        verbose_name_plural = _("orientasi minggu pertama")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "user"], name="belajar_orientasi_unik")
        ]

    def __str__(self) -> str:
        return f"Orientasi {self.user_id}"


class Latihan(models.Model):
    """An agency's set of ten practice cases (anonymised; see latihan.py), kept so answers
    refer to the cases the rater saw."""

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")
    kasus = models.JSONField(_("kasus latihan"))
    dibuat_pada = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("latihan penilai")
        verbose_name_plural = _("latihan penilai")

    def __str__(self) -> str:
        return f"Latihan penilai {self.dibuat_pada:%Y-%m-%d}"


class JawabanLatihan(models.Model):
    """One rater's answers to one case set. Only the rater reads the answers; HR sees that the
    training was completed and when."""

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")
    latihan = models.ForeignKey(Latihan, on_delete=models.CASCADE, related_name="jawaban")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jawaban_latihan"
    )
    jawaban = models.JSONField(_("jawaban"), default=dict)
    skor = models.PositiveSmallIntegerField(_("skor"), default=0)
    selesai_pada = models.DateTimeField(_("selesai pada"))

    class Meta:
        verbose_name = _("jawaban latihan")
        verbose_name_plural = _("jawaban latihan")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "latihan", "user"], name="belajar_jawaban_unik"
            )
        ]

    def __str__(self) -> str:
        return f"Jawaban latihan {self.user_id}"
