"""What the insight app stores: period summaries pre-aggregated for the dashboards,
dismissed data-error warnings (with their reason), and batch report jobs.

Everything else the app shows is read from the other apps' rows; models carry fields and
constraints only (computing lives in ``summary``, ``calibration``, ``warnings``,
``reports``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.org.models import Instansi, UnitKerja
from kinerja.skp.models import BagianPeriode, Periode


class RingkasanPeriode(models.Model):
    """The dashboard figures of one period, computed in bulk (``summary.refresh_aggregates``)
    at close or when HR asks, so a 100,000-employee agency's dashboard reads one row."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(_("data ringkasan"))
    dihitung_pada = models.DateTimeField(_("dihitung pada"))
    durasi = models.FloatField(_("durasi (detik)"), default=0)

    class Meta:
        verbose_name = _("ringkasan periode")
        verbose_name_plural = _("ringkasan periode")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "periode"], name="insight_ringkasanperiode_sekali"
            )
        ]

    def __str__(self) -> str:
        return f"Ringkasan {self.periode_id}"


class PeringatanDitutup(models.Model):
    """A data-error warning someone looked at and dismissed, with the reason (audited).

    A warning is identified by its rule code and a stable key of what it is about
    (``realisasi:123``, ``sha256:…``); the same warning found again stays dismissed."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="+")
    kode = models.CharField(_("aturan"), max_length=40)
    kunci = models.CharField(_("kunci"), max_length=120)
    alasan = models.TextField(_("alasan"))
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    pada = models.DateTimeField(_("ditutup pada"))

    class Meta:
        verbose_name = _("peringatan yang ditutup")
        verbose_name_plural = _("peringatan yang ditutup")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "periode", "kode", "kunci"],
                name="insight_peringatanditutup_unik",
            ),
            models.CheckConstraint(condition=~Q(alasan=""), name="insight_peringatan_alasan_wajib"),
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.kunci}"


def laporan_path(instance: "PekerjaanLaporan", filename: str) -> str:
    return f"laporan/{instance.instansi_id}/{filename}"


class PekerjaanLaporan(models.Model):
    """A batch of PDF documents printed in the background into one ZIP.

    Printed by the task ``reports.print_batch`` (``manage.py db_worker``); the row holds the
    status and progress the status page polls."""

    class Jenis(models.TextChoices):
        SKP = "skp", _("Dokumen SKP")
        EVALUASI = "evaluasi", _("Dokumen evaluasi kinerja")

    class Status(models.TextChoices):
        ANTRE = "antre", _("Menunggu")
        BERJALAN = "berjalan", _("Sedang dicetak")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="+")
    bagian = models.ForeignKey(
        BagianPeriode, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        UnitKerja, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    jenis = models.CharField(_("jenis dokumen"), max_length=10, choices=Jenis.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ANTRE)
    jumlah = models.PositiveIntegerField(_("jumlah dokumen"), default=0)
    selesai = models.PositiveIntegerField(_("dokumen selesai"), default=0)
    berkas = models.FileField(upload_to=laporan_path, max_length=300, blank=True)
    galat = models.TextField(blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    mulai = models.DateTimeField(null=True, blank=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pekerjaan cetak laporan")
        verbose_name_plural = _("pekerjaan cetak laporan")
        ordering = ["-dibuat"]
        indexes = [models.Index(fields=["status", "dibuat"], name="insight_pekerjaan_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} #{self.pk}"

    @property
    def persen(self) -> int:
        return int(self.selesai * 100 / self.jumlah) if self.jumlah else 0

    @property
    def langkah(self) -> str:
        """The current step, as the status page says it."""
        if self.status == self.Status.ANTRE:
            if self.galat:
                return "Percobaan sebelumnya gagal; menunggu untuk dicoba lagi otomatis."
            waited = (timezone.now() - self.dibuat).total_seconds() if self.dibuat else 0
            if waited > 60:
                return (
                    "Masih menunggu pekerja latar. Bila tidak berubah, minta pengelola sistem "
                    "memastikan `manage.py db_worker` berjalan."
                )
            return "Menunggu pekerja latar mengambil pekerjaan ini."
        if self.status == self.Status.BERJALAN:
            if self.jumlah and self.selesai >= self.jumlah:
                return "Menyusun berkas ZIP."
            return f"Mencetak dokumen ke-{min(self.selesai + 1, self.jumlah)}."
        if self.status == self.Status.GAGAL:
            return "Pencetakan gagal. Periksa sebabnya di bawah, lalu mulai cetak ulang."
        return "Selesai; berkas siap diunduh."

    @property
    def aktif(self) -> bool:
        return self.status in (self.Status.ANTRE, self.Status.BERJALAN)
