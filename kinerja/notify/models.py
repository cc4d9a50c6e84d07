"""What the notify app stores: each person's notifications (the inbox), their choice per
kind of how to be told, and the reminders already sent (one per person, kind, subject and
day)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.org.models import Instansi


class Jenis(models.TextChoices):
    """The kinds of notification a person can set a preference for."""

    SKP_DIAJUKAN = "skp_diajukan", _("SKP diajukan untuk disetujui")
    SKP_DIKEMBALIKAN = "skp_dikembalikan", _("SKP dikembalikan untuk diperbaiki")
    SKP_DISETUJUI = "skp_disetujui", _("SKP disetujui")
    REALISASI_DIAJUKAN = "realisasi_diajukan", _("Realisasi diajukan untuk diverifikasi")
    REALISASI_DIKEMBALIKAN = "realisasi_dikembalikan", _("Realisasi dikembalikan")
    REALISASI_DIVERIFIKASI = "realisasi_diverifikasi", _("Realisasi diverifikasi")
    DIALOG = "dialog", _("Umpan balik dan kesepakatan dialog kinerja")
    MINTA_360 = "minta_360", _("Permintaan masukan perilaku kerja (360)")
    HASIL_SIAP = "hasil_siap", _("Hasil penilaian menunggu keputusan Anda")
    KEBERATAN_DIAJUKAN = "keberatan_diajukan", _("Keberatan diajukan")
    KEBERATAN_PENJELASAN = "keberatan_penjelasan", _("Keberatan: permintaan dan penjelasan")
    KEBERATAN_DIPUTUSKAN = "keberatan_diputuskan", _("Keberatan diputuskan")
    ADUAN_DITERUSKAN = "aduan_diteruskan", _("Aduan diteruskan kepada Anda")
    ADUAN_TENGGAT = "aduan_tenggat", _("Aduan Anda mendekati atau melewati tenggat")
    PERIODE_TAHAP = "periode_tahap", _("Tahap periode berubah")
    PENGINGAT = "pengingat", _("Pengingat tenggat")


class Notifikasi(models.Model):
    """One thing one person is told, with the link to act on it."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    penerima = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifikasi"
    )
    jenis = models.CharField(_("jenis"), max_length=30, choices=Jenis.choices)
    teks = models.CharField(_("teks"), max_length=500)
    url = models.CharField(_("tautan"), max_length=300)
    dibaca_pada = models.DateTimeField(_("dibaca pada"), null=True, blank=True)
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)
    # Set when the email went out (immediately or in the daily digest).
    dikirim_pada = models.DateTimeField(_("email dikirim pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-dibuat", "-pk"]
        indexes = [
            models.Index(fields=["penerima", "dibaca_pada"], name="notify_notifikasi_unread_idx"),
            models.Index(fields=["penerima", "-dibuat"], name="notify_notifikasi_inbox_idx"),
        ]

    def __str__(self) -> str:
        return self.teks


class Preferensi(models.Model):
    """How one person wants to be told about one kind (no row: email at once)."""

    class Cara(models.TextChoices):
        APLIKASI = "aplikasi", _("Hanya di kotak masuk")
        SEGERA = "segera", _("Email segera")
        HARIAN = "harian", _("Ringkasan harian lewat email")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferensi_notifikasi"
    )
    jenis = models.CharField(_("jenis"), max_length=30, choices=Jenis.choices)
    cara = models.CharField(_("cara"), max_length=10, choices=Cara.choices)

    class Meta:
        verbose_name = _("preferensi notifikasi")
        verbose_name_plural = _("preferensi notifikasi")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "pengguna", "jenis"], name="notify_preferensi_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pengguna_id} {self.jenis}: {self.cara}"


DEFAULT_CARA = Preferensi.Cara.SEGERA


class Terkirim(models.Model):
    """A reminder or digest already sent: the unique key makes a second one on the same day
    impossible, whichever process tries."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    pengguna = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="+")  # fmt: skip
    jenis = models.CharField(max_length=40)
    kunci = models.CharField(max_length=80, blank=True)
    tanggal = models.DateField()
    # The run that wrote the row: after an insert that skips existing keys, the rows with
    # this run's token are exactly the people this run tells.
    proses = models.CharField(max_length=32, blank=True)

    class Meta:
        verbose_name = _("pengingat terkirim")
        verbose_name_plural = _("pengingat terkirim")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "pengguna", "jenis", "kunci", "tanggal"],
                name="notify_terkirim_sekali",
            ),
            models.CheckConstraint(condition=~Q(jenis=""), name="notify_terkirim_jenis_wajib"),
        ]

    def __str__(self) -> str:
        return f"{self.jenis} {self.kunci} {self.tanggal}"
