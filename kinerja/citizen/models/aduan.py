"""Complaints (aduan, spec §5) and their trail of transitions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.citizen.models.layanan import Layanan
from kinerja.citizen.models.survei import JawabanSurvei


class Aduan(models.Model):
    """A public complaint with its tracking code, deadlines and current status (§5)."""

    class Status(models.TextChoices):
        DITERIMA = "diterima", _("Diterima")
        DIVERIFIKASI = "diverifikasi", _("Diverifikasi")
        DITERUSKAN = "diteruskan", _("Diteruskan ke petugas")
        DIRESPONS = "direspons", _("Ditanggapi")
        SELESAI = "selesai", _("Selesai")
        DITOLAK = "ditolak", _("Ditolak")

    TERBUKA = (Status.DITERIMA, Status.DIVERIFIKASI, Status.DITERUSKAN, Status.DIRESPONS)
    BELUM_DIRESPONS = (Status.DITERIMA, Status.DIVERIFIKASI, Status.DITERUSKAN)

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")
    kode_lacak = models.CharField(_("kode lacak"), max_length=16)
    layanan = models.ForeignKey(
        Layanan, null=True, blank=True, on_delete=models.PROTECT, related_name="aduan"
    )
    unit = models.ForeignKey("org.UnitKerja", on_delete=models.PROTECT, related_name="+")
    nama_pelapor = models.CharField(_("nama pelapor"), max_length=120, blank=True)
    kontak_pelapor = models.CharField(_("kontak pelapor"), max_length=120, blank=True)
    isi = models.TextField(_("isi aduan"), max_length=5000)
    lampiran = models.FileField(_("lampiran"), upload_to="aduan/%Y/%m/", blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DITERIMA)
    petugas = models.ForeignKey(
        "org.Pegawai", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("petugas penanggung jawab"),
    )  # fmt: skip
    tanggapan = models.TextField(_("tanggapan untuk pelapor"), blank=True)
    alasan_tolak = models.TextField(_("alasan penolakan"), blank=True)
    diterima_pada = models.DateTimeField(default=timezone.now)
    direspons_pada = models.DateTimeField(null=True, blank=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)
    penilaian = models.PositiveSmallIntegerField(
        _("penilaian pelapor (1–5)"), null=True, blank=True
    )
    komentar_penilaian = models.TextField(_("komentar penilaian"), blank=True, max_length=2000)
    dinilai_pada = models.DateTimeField(null=True, blank=True)
    dibuka_ulang_pada = models.DateTimeField(null=True, blank=True)
    jumlah_dibuka_ulang = models.PositiveSmallIntegerField(default=0, db_default=0)
    tenggat_verifikasi = models.DateField()
    tenggat_respons = models.DateField()
    tenggat_selesai = models.DateField()
    ip_hash = models.CharField(max_length=32, blank=True)
    saluran = models.CharField(max_length=5, choices=JawabanSurvei.Saluran.choices, default="web")
    version = models.PositiveIntegerField(default=1)
    # Last change, for the API's updated_since; the database default covers raw inserts.
    diubah = models.DateTimeField(auto_now=True, db_default=Now())

    class Meta:
        verbose_name = _("aduan")
        verbose_name_plural = _("aduan")
        ordering = ["-diterima_pada"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "kode_lacak"], name="citizen_aduan_kode_lacak_unik"
            ),
            models.CheckConstraint(
                condition=~Q(status="ditolak") | ~Q(alasan_tolak=""),
                name="citizen_aduan_tolak_beralasan",
            ),
            models.CheckConstraint(
                condition=Q(direspons_pada__isnull=True)
                | Q(direspons_pada__gte=models.F("diterima_pada")),
                name="citizen_aduan_respons_setelah_diterima",
            ),
            models.CheckConstraint(
                condition=Q(penilaian__isnull=True) | Q(penilaian__gte=1, penilaian__lte=5),
                name="citizen_aduan_penilaian_1_sampai_5",
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "unit", "status"], name="citizen_aduan_antrean_idx"),
            models.Index(fields=["instansi", "diterima_pada"], name="citizen_aduan_waktu_idx"),
            models.Index(fields=["ip_hash", "diterima_pada"], name="citizen_aduan_ip_idx"),
            models.Index(fields=["petugas", "status"], name="citizen_aduan_petugas_idx"),
        ]

    def __str__(self) -> str:
        return self.kode_lacak

    @property
    def terbuka(self) -> bool:
        return self.status in self.TERBUKA

    def lewat_tenggat(self, today) -> bool:
        """True when the step the complaint waits for is past its due date."""
        if self.status == self.Status.DITERIMA and today > self.tenggat_verifikasi:
            return True
        if self.status in self.BELUM_DIRESPONS and today > self.tenggat_respons:
            return True
        return self.status in self.TERBUKA and today > self.tenggat_selesai


class TransisiAduan(models.Model):
    """Every status change of a complaint, time-stamped, with who and why."""

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")
    aduan = models.ForeignKey(Aduan, on_delete=models.CASCADE, related_name="transisi")
    dari = models.CharField(max_length=12, choices=Aduan.Status.choices, blank=True)
    ke = models.CharField(max_length=12, choices=Aduan.Status.choices)
    pada = models.DateTimeField(default=timezone.now)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    catatan = models.TextField(blank=True)

    class Meta:
        verbose_name = _("riwayat status aduan")
        verbose_name_plural = _("riwayat status aduan")
        ordering = ["pada", "pk"]
        indexes = [models.Index(fields=["aduan", "pada"], name="citizen_transisi_aduan_idx")]

    def __str__(self) -> str:
        return f"{self.aduan_id}: {self.dari or '-'} → {self.ke}"
