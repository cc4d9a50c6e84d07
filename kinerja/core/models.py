"""The append-only, hash-chained audit log (one chain per agency)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditHead(models.Model):
    """The last link of an agency's chain; locked while a new entry is appended."""

    instansi = models.OneToOneField(
        "org.Instansi", on_delete=models.CASCADE, related_name="audit_head"
    )
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"{self.instansi_id}#{self.seq}"


class AuditEntry(models.Model):
    """One change that matters: who, when, what, before and after, chained by hash."""

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="audit")
    seq = models.PositiveBigIntegerField()
    at = models.DateTimeField(_("waktu"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    actor_label = models.CharField(_("pelaku"), max_length=200)
    action = models.CharField(_("tindakan"), max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("objek"), max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # The id of the HMAC key the hash was made with ("" for entries written before keys).
    key_id = models.CharField(max_length=16, blank=True, default="", db_default="")

    class Meta:
        verbose_name = _("catatan audit")
        verbose_name_plural = _("log audit")
        ordering = ["instansi", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "seq"], name="core_auditentry_seq_unik")
        ]

    def __str__(self) -> str:
        return f"{self.seq} {self.action} {self.object_repr}"
