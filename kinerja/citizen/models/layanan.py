"""Public services: the service, its officers, the agency's holidays (for complaint deadlines)
and the directory of public codes."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_TENGGAT_VERIFIKASI = 3


DEFAULT_TENGGAT_RESPONS = 5


DEFAULT_TENGGAT_SELESAI = 14
"""§5 [policy]: working days to verify, first respond and resolve a complaint."""


class Layanan(models.Model):
    """A service point of a unit where the public is served and surveyed."""

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="layanan")
    unit = models.ForeignKey(
        "org.UnitKerja", on_delete=models.PROTECT, related_name="layanan",
        verbose_name=_("unit kerja"),
    )  # fmt: skip
    nama = models.CharField(_("nama layanan"), max_length=200)
    kode = models.SlugField(_("kode layanan"), max_length=40)
    # Unique across agencies through the directory (KodePublik), here within the agency.
    kode_publik = models.SlugField(
        _("kode publik"), max_length=64,
        help_text=_("Bagian alamat survei /layanan/s/<kode publik>/, unik di seluruh sistem."),
    )  # fmt: skip
    populasi = models.PositiveIntegerField(
        _("populasi penerima layanan"), null=True, blank=True,
        help_text=_("Jumlah penerima layanan per tahun, untuk memeriksa sampel minimal."),
    )  # fmt: skip
    petugas = models.ManyToManyField(
        "org.Pegawai", through="PetugasLayanan", related_name="layanan_dilayani", blank=True
    )
    tenggat_verifikasi = models.PositiveSmallIntegerField(
        _("tenggat verifikasi (hari kerja)"), default=DEFAULT_TENGGAT_VERIFIKASI
    )
    tenggat_respons = models.PositiveSmallIntegerField(
        _("tenggat tanggapan pertama (hari kerja)"), default=DEFAULT_TENGGAT_RESPONS
    )
    tenggat_selesai = models.PositiveSmallIntegerField(
        _("tenggat penyelesaian (hari kerja)"), default=DEFAULT_TENGGAT_SELESAI
    )
    wajib_token = models.BooleanField(
        _("wajib kode struk"), default=False,
        help_text=_("Jika aktif, survei hanya bisa diisi dengan kode sekali pakai dari struk."),
    )  # fmt: skip
    aktif = models.BooleanField(_("aktif"), default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "kode"], name="citizen_layanan_kode_unik"),
            models.UniqueConstraint(
                fields=["instansi", "kode_publik"], name="citizen_layanan_kode_publik_unik"
            ),
            models.CheckConstraint(
                condition=Q(tenggat_verifikasi__gte=1)
                & Q(tenggat_respons__gte=models.F("tenggat_verifikasi"))
                & Q(tenggat_selesai__gte=models.F("tenggat_respons")),
                name="citizen_layanan_tenggat_berurutan",
            ),
            models.CheckConstraint(
                condition=Q(populasi__isnull=True) | Q(populasi__gte=1),
                name="citizen_layanan_populasi_positif",
            ),
        ]

    def __str__(self) -> str:
        return self.nama


def new_qr_code() -> str:
    """An officer's survey code for the QR: 96 random bits, URL-safe, not guessable."""
    return secrets.token_urlsafe(12)


class PetugasLayanan(models.Model):
    """An officer serving at a service point: the unguessable code their QR carries
    (``kode_qr``) and the short code printed for people (``kode``), which alone is not
    enough to answer a survey about them (a receipt code must come with it)."""

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")
    layanan = models.ForeignKey(Layanan, on_delete=models.CASCADE, related_name="penugasan")
    pegawai = models.ForeignKey("org.Pegawai", on_delete=models.CASCADE, related_name="+")
    kode = models.SlugField(_("kode petugas"), max_length=20)
    kode_qr = models.CharField(_("kode QR petugas"), max_length=24, default=new_qr_code)
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("petugas layanan")
        verbose_name_plural = _("petugas layanan")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "layanan", "pegawai"],
                name="citizen_petugaslayanan_pegawai_unik",
            ),
            models.UniqueConstraint(
                fields=["instansi", "layanan", "kode"], name="citizen_petugaslayanan_kode_unik"
            ),
            models.UniqueConstraint(
                fields=["instansi", "kode_qr"], name="citizen_petugaslayanan_kode_qr_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.layanan} · {self.kode}"


class HariLibur(models.Model):
    """A day the agency is closed (national holidays, joint leave, local holidays)."""

    class Sumber(models.TextChoices):
        NASIONAL = "nasional", _("Libur nasional")
        CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
        INSTANSI = "instansi", _("Ditambahkan instansi")

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")
    tanggal = models.DateField(_("tanggal"))
    nama = models.CharField(_("keterangan"), max_length=120)
    sumber = models.CharField(
        _("sumber"), max_length=12, choices=Sumber.choices, default=Sumber.INSTANSI,
        db_default=Sumber.INSTANSI,
    )  # fmt: skip

    class Meta:
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        ordering = ["tanggal"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "tanggal"], name="citizen_harilibur_tanggal_unik"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tanggal:%Y-%m-%d} {self.nama}"


class TahunLibur(models.Model):
    """A year whose national holidays and joint-leave days were entered in the agency's
    calendar (once: days HR removed afterwards stay removed until HR fills the year again)."""

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    diisi_pada = models.DateTimeField(_("diisi pada"), default=timezone.now)

    class Meta:
        verbose_name = _("tahun kalender libur")
        verbose_name_plural = _("tahun kalender libur")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "tahun"], name="citizen_tahunlibur_tahun_unik"
            )
        ]

    def __str__(self) -> str:
        return str(self.tahun)


class KodePublik(models.Model):
    """One code a citizen types or scans before the agency is known (a service's public
    code, a receipt code, a complaint's tracking code) and the agency it belongs to.

    The directory keeps these codes unique across agencies (its one unique key, ``kode``)
    while the tables that hold them are unique per agency. On Citus it is the one table
    distributed by something other than the agency: by ``kode``, so a lookup by code reads
    one shard (docs/scaling.md §2.4). Written with its row, in the same transaction.
    """

    class Jenis(models.TextChoices):
        LAYANAN = "layanan", _("Kode publik layanan")
        TOKEN = "token", _("Kode struk survei")
        ADUAN = "aduan", _("Kode lacak aduan")

    kode = models.CharField(_("kode"), max_length=64)
    jenis = models.CharField(_("jenis"), max_length=7, choices=Jenis.choices)
    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("kode publik")
        verbose_name_plural = _("direktori kode publik")
        constraints = [
            models.UniqueConstraint(fields=["kode"], name="citizen_kodepublik_kode_unik")
        ]

    def __str__(self) -> str:
        return f"{self.kode} ({self.jenis})"
