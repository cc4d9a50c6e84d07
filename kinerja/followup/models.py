"""After the close: objections (keberatan), awards, development plans and the talent grid.

Models carry fields and constraints only; workflows live in ``kinerja.followup.services``.
The scoring app's ``Hasil`` rows are never changed here: an objection that changes a result
stores the new ratings on the ``Keberatan`` itself, beside a snapshot of the original, and
``kinerja.followup.queries`` reads the final rating through both.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.org.models import Instansi, Pegawai
from kinerja.scoring.models import Hasil
from kinerja.skp.models import BagianPeriode, Periode

HARI_PENGAJUAN_KEBERATAN = 14
"""[reg] PP 30/2019 pasal 59: at the latest 14 days after receiving the result (spec §2.6)."""
HARI_KEPUTUSAN_KEBERATAN = 14
"""[kebijakan] the decision is due within this many calendar days of filing (configurable)."""
POTENSI_MENENGAH = Decimal(60)
POTENSI_TINGGI = Decimal(80)
"""[kebijakan] assessment score (0–100) from which potential is menengah / tinggi."""


class PengaturanPeriode(models.Model):
    """The agency's follow-up policy for one period (spec §8: settings of the period)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="+")
    hari_keputusan_keberatan = models.PositiveSmallIntegerField(
        _("tenggat keputusan keberatan (hari)"), default=HARI_KEPUTUSAN_KEBERATAN
    )
    potensi_menengah = models.DecimalField(
        _("skor minimal potensial menengah"), max_digits=6, decimal_places=2,
        default=POTENSI_MENENGAH,
    )  # fmt: skip
    potensi_tinggi = models.DecimalField(
        _("skor minimal potensial tinggi"), max_digits=6, decimal_places=2, default=POTENSI_TINGGI
    )
    persen_tpp = models.JSONField(_("persentase TPP per predikat"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("pengaturan tindak lanjut")
        verbose_name_plural = _("pengaturan tindak lanjut")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "periode"], name="followup_pengaturanperiode_sekali"
            ),
            models.CheckConstraint(
                condition=Q(potensi_tinggi__gt=models.F("potensi_menengah")),
                name="followup_pengaturanperiode_ambang_urut",
            ),
            models.CheckConstraint(
                condition=Q(hari_keputusan_keberatan__gte=1),
                name="followup_pengaturanperiode_hari_positif",
            ),
        ]

    def __str__(self) -> str:
        return f"Pengaturan tindak lanjut {self.periode_id}"


class Keberatan(models.Model):
    """An employee's objection to an annual result (spec §2.6), decided by the rater's own
    supervisor (``pemutus``; null when the rater has none: then pimpinan decides)."""

    class Status(models.TextChoices):
        DIAJUKAN = "diajukan", _("Diajukan")
        PENJELASAN = "penjelasan", _("Menunggu penjelasan")
        DIPUTUSKAN = "diputuskan", _("Diputuskan")

    class Putusan(models.TextChoices):
        DIKABULKAN = "dikabulkan", _("Dikabulkan")
        SEBAGIAN = "dikabulkan_sebagian", _("Dikabulkan sebagian")
        DITOLAK = "ditolak", _("Ditolak")

    MENGUBAH = (Putusan.DIKABULKAN, Putusan.SEBAGIAN)

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    hasil = models.ForeignKey(Hasil, on_delete=models.PROTECT, related_name="keberatan")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="keberatan")
    penilai = models.ForeignKey(
        Pegawai, null=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("pejabat penilai"),
    )  # fmt: skip
    pemutus = models.ForeignKey(
        Pegawai, null=True, blank=True, on_delete=models.PROTECT, related_name="keberatan_diputus",
        verbose_name=_("atasan pejabat penilai"),
    )  # fmt: skip
    alasan = models.TextField(_("alasan keberatan"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DIAJUKAN)
    diajukan_pada = models.DateTimeField()
    tanggal_diajukan = models.DateField()
    tenggat_putusan = models.DateField(_("tenggat keputusan"))
    semula_hasil_kerja = models.CharField(max_length=10, blank=True)
    semula_perilaku = models.CharField(max_length=10, blank=True)
    semula_predikat = models.CharField(max_length=20)
    putusan = models.CharField(max_length=20, choices=Putusan.choices, blank=True)
    alasan_putusan = models.TextField(_("alasan keputusan"), blank=True)
    akhir_hasil_kerja = models.CharField(max_length=10, blank=True)
    akhir_perilaku = models.CharField(max_length=10, blank=True)
    akhir_predikat = models.CharField(max_length=20, blank=True)
    diputuskan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    diputuskan_pada = models.DateTimeField(null=True, blank=True)
    dibaca_pegawai_pada = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")
        ordering = ["-diajukan_pada"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "hasil"], name="followup_keberatan_sekali_per_hasil"
            ),
            models.CheckConstraint(
                condition=Q(
                    status="diputuskan",
                    putusan__in=["dikabulkan", "dikabulkan_sebagian", "ditolak"],
                )
                | (~Q(status="diputuskan") & Q(putusan="")),
                name="followup_keberatan_putusan_lengkap",
            ),  # fmt: skip
            models.CheckConstraint(
                condition=~Q(putusan__in=["dikabulkan", "dikabulkan_sebagian"])
                | ~Q(akhir_predikat=""),
                name="followup_keberatan_hasil_baru_wajib",
            ),
        ]
        indexes = [
            models.Index(
                fields=["instansi", "pemutus", "status"], name="followup_keberatan_pemutus"
            ),
        ]

    def __str__(self) -> str:
        return f"Keberatan {self.pk} ({self.get_status_display()})"

    @property
    def diputuskan(self) -> bool:
        return self.status == self.Status.DIPUTUSKAN

    @property
    def mengubah(self) -> bool:
        return self.putusan in self.MENGUBAH


class CatatanKeberatan(models.Model):
    """One message in an objection: the decider's request, or an explanation given."""

    class Jenis(models.TextChoices):
        PERMINTAAN = "permintaan", _("Permintaan penjelasan")
        PENILAI = "penilai", _("Penjelasan pejabat penilai")
        PEGAWAI = "pegawai", _("Penjelasan pegawai")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    keberatan = models.ForeignKey(Keberatan, on_delete=models.CASCADE, related_name="catatan")
    jenis = models.CharField(max_length=12, choices=Jenis.choices)
    penulis = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    isi = models.TextField(_("isi"))
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["keberatan", "dibuat", "id"]

    def __str__(self) -> str:
        return self.isi[:60]


def lampiran_path(instance: "LampiranKeberatan", filename: str) -> str:
    return f"keberatan/{instance.instansi_id}/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class LampiranKeberatan(models.Model):
    """A file attached to an objection, checked like evidence (type by content, size)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    keberatan = models.ForeignKey(Keberatan, on_delete=models.CASCADE, related_name="lampiran")
    berkas = models.FileField(upload_to=lampiran_path, max_length=300)
    nama = models.CharField(max_length=200)
    ukuran = models.PositiveBigIntegerField(default=0)
    tipe = models.CharField(max_length=10)
    sha256 = models.CharField(max_length=64)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["keberatan", "id"]

    def __str__(self) -> str:
        return self.nama


class Penghargaan(models.Model):
    """An award HR records for an employee after a period is closed."""

    class Jenis(models.TextChoices):
        PIAGAM = "piagam", _("Piagam / sertifikat penghargaan")
        PEGAWAI_TELADAN = "pegawai_teladan", _("Pegawai teladan")
        PENGEMBANGAN = "pengembangan", _("Kesempatan pengembangan diri")
        TALENTA = "talenta", _("Masuk kelompok rencana suksesi")
        LAINNYA = "lainnya", _("Lainnya")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="+")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="penghargaan")
    jenis = models.CharField(_("jenis"), max_length=20, choices=Jenis.choices)
    tanggal = models.DateField(_("tanggal"))
    dasar = models.TextField(_("dasar pemberian"))
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("penghargaan")
        verbose_name_plural = _("penghargaan")
        ordering = ["-tanggal", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "periode", "pegawai", "jenis"],
                name="followup_penghargaan_sekali",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.pegawai_id}"


class RencanaPengembangan(models.Model):
    """A development plan (rencana pengembangan) agreed between the rater and the employee."""

    class Sumber(models.TextChoices):
        PREDIKAT = "predikat", _("Usulan dari predikat")
        PERMINTAAN = "permintaan", _("Atas permintaan")

    class Status(models.TextChoices):
        USULAN = "usulan", _("Usulan")
        DIAJUKAN = "diajukan", _("Menunggu persetujuan pegawai")
        DISEPAKATI = "disepakati", _("Disepakati")
        SELESAI = "selesai", _("Selesai")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="+")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="rencana")
    penilai = models.ForeignKey(Pegawai, null=True, on_delete=models.PROTECT, related_name="+")
    hasil = models.ForeignKey(Hasil, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")  # fmt: skip
    sumber = models.CharField(max_length=12, choices=Sumber.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.USULAN)
    predikat = models.CharField(max_length=20, blank=True)
    usulan = models.JSONField(_("area yang diusulkan"), default=list, blank=True)
    tujuan = models.TextField(_("tujuan"), blank=True)
    diminta_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    disepakati_pada = models.DateTimeField(null=True, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("rencana pengembangan")
        verbose_name_plural = _("rencana pengembangan")
        ordering = ["-dibuat"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "periode", "pegawai"],
                name="followup_rencana_sekali_per_periode",
            )
        ]

    def __str__(self) -> str:
        return f"Rencana pengembangan {self.pegawai_id}/{self.periode_id}"


class KegiatanPengembangan(models.Model):
    """One activity of a plan: training, mentoring or coaching on one competency."""

    class Jenis(models.TextChoices):
        PELATIHAN = "pelatihan", _("Pelatihan")
        MENTORING = "mentoring", _("Mentoring")
        COACHING = "coaching", _("Coaching")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    rencana = models.ForeignKey(
        RencanaPengembangan, on_delete=models.CASCADE, related_name="kegiatan"
    )
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)
    kompetensi = models.CharField(_("kompetensi"), max_length=120)
    uraian = models.TextField(_("uraian"), blank=True)
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("selesai"))

    class Meta:
        ordering = ["rencana", "mulai", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__gte=models.F("mulai")), name="followup_kegiatan_urut"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()}: {self.kompetensi}"


class ProgresPengembangan(models.Model):
    """Progress of a plan's activity in one slice of a (later) period."""

    class Status(models.TextChoices):
        BELUM = "belum", _("Belum mulai")
        BERJALAN = "berjalan", _("Berjalan")
        SELESAI = "selesai", _("Selesai")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    kegiatan = models.ForeignKey(
        KegiatanPengembangan, on_delete=models.CASCADE, related_name="progres"
    )
    bagian = models.ForeignKey(BagianPeriode, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices)
    catatan = models.TextField(blank=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kegiatan", "bagian__nomor"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "kegiatan", "bagian"], name="followup_progres_unik"
            )
        ]

    def __str__(self) -> str:
        return f"Progres {self.kegiatan_id}/{self.bagian_id}"


class NilaiPotensi(models.Model):
    """An assessment score (0–100) HR recorded or imported for one employee and period."""

    class Sumber(models.TextChoices):
        MANUAL = "manual", _("Dicatat")
        IMPOR = "impor", _("Diimpor")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="+")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="potensi")
    skor = models.DecimalField(_("skor asesmen"), max_digits=6, decimal_places=2)
    tanggal_asesmen = models.DateField(_("tanggal asesmen"), null=True, blank=True)
    sumber = models.CharField(max_length=8, choices=Sumber.choices, default=Sumber.MANUAL)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nilai potensial")
        verbose_name_plural = _("nilai potensial")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "periode", "pegawai"], name="followup_potensi_unik"
            ),
            models.CheckConstraint(
                condition=Q(skor__gte=0, skor__lte=100), name="followup_potensi_skor_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"Potensi {self.pegawai_id}: {self.skor}"
