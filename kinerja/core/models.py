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


def pekerjaan_path(instance: "PekerjaanLatar", filename: str) -> str:
    return f"pekerjaan/{instance.instansi_id}/{filename}"


class PekerjaanLatar(models.Model):
    """One piece of long work a person started from a page, run by a task, and how far it is
    (``kinerja.core.jobs``): the period close, an import, an export, a batch of account slips.

    The row holds what the task needs (``parameter``, the uploaded ``masukan``), its state
    and progress (``selesai`` of ``jumlah`` ``satuan``, the current ``langkah``), and what it
    produced (``hasil`` for the result template, ``keluaran`` for the download, ``hasil_url``
    for a page to open). ``aktif`` is true until the task ends; one object (``objek``, e.g.
    ``periode:12``) has at most one active row per agency, so a second start of the same work
    is refused. Its starter sees it, and the roles of the same agency named in ``peran``."""

    class Jenis(models.TextChoices):
        TUTUP_PERIODE = "periode.tutup", _("Penutupan periode")
        IMPOR_UNIT = "impor_unit", _("Impor unit kerja")
        IMPOR_PEGAWAI = "impor_pegawai", _("Impor pegawai")
        IMPOR_POTENSI = "impor_potensi", _("Impor nilai potensial")
        EKSPOR_IKM = "ekspor_ikm", _("Ekspor IKM (Excel)")
        KARTU_QR = "kartu_qr", _("Kartu QR survei (PDF)")
        SLIP_AKUN = "slip_akun", _("Akun pegawai dan slip")

    class Status(models.TextChoices):
        ANTRE = "antre", _("Menunggu")
        BERJALAN = "berjalan", _("Berjalan")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    # Roles of the same agency who may follow it too, comma-separated (besides its starter).
    peran = models.CharField(max_length=100, blank=True)
    jenis = models.CharField(_("jenis"), max_length=50, choices=Jenis.choices)
    judul = models.CharField(_("judul"), max_length=200, blank=True)
    objek = models.CharField(max_length=100, blank=True)
    tugas_id = models.CharField(max_length=64, blank=True)  # the first enqueued task's id
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ANTRE)
    aktif = models.BooleanField(default=True)
    parameter = models.JSONField(default=dict, blank=True)
    masukan = models.FileField(upload_to=pekerjaan_path, max_length=300, blank=True)
    satuan = models.CharField(max_length=20, blank=True)
    jumlah = models.PositiveBigIntegerField(default=0)
    selesai = models.PositiveBigIntegerField(default=0)
    langkah = models.CharField(_("langkah"), max_length=300, blank=True)
    hasil = models.JSONField(default=dict, blank=True)
    keluaran = models.FileField(upload_to=pekerjaan_path, max_length=300, blank=True)
    nama_keluaran = models.CharField(max_length=200, blank=True)
    hasil_url = models.CharField(max_length=300, blank=True)
    hasil_teks = models.CharField(max_length=300, blank=True)
    alihkan = models.BooleanField(default=False)  # the polling page opens hasil_url at the end
    galat = models.TextField(_("sebab kegagalan"), blank=True)
    saran = models.TextField(_("yang perlu dilakukan"), blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    mulai = models.DateTimeField(null=True, blank=True)
    diperbarui = models.DateTimeField(null=True, blank=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pekerjaan latar")
        verbose_name_plural = _("pekerjaan latar")
        ordering = ["-dibuat", "-pk"]
        indexes = [
            models.Index(
                fields=["instansi", "dibuat_oleh", "jenis"], name="core_pekerjaan_milik_idx"
            ),
            models.Index(fields=["instansi", "objek", "dibuat"], name="core_pekerjaan_objek_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "objek"], condition=models.Q(aktif=True) & ~models.Q(objek=""),
                name="core_pekerjaan_satu_aktif",
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.judul or self.get_jenis_display()} #{self.pk}"

    def save(self, *args, **kwargs):
        self.aktif = self.status in (self.Status.ANTRE, self.Status.BERJALAN)
        super().save(*args, **kwargs)

    @property
    def status_label(self) -> str:
        """The status as the page says it: a finished job whose work refused its input (an
        import with bad rows) reads "Dibatalkan"."""
        if self.status == self.Status.SELESAI and self.hasil.get("ok") is False:
            return str(_("Dibatalkan"))
        return self.get_status_display()

    @property
    def persen(self) -> int:
        if self.status == self.Status.SELESAI:
            return 100
        return min(100, int(self.selesai * 100 / self.jumlah)) if self.jumlah else 0

    @property
    def petunjuk(self) -> str:
        from kinerja.core.jobs import hint

        return hint(self)
