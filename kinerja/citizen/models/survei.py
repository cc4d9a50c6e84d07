"""The satisfaction survey (SKM, PermenPANRB 14/2017): receipt tokens, officers' held answers
and the answers themselves."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.citizen.models.layanan import Layanan

ELEMENT_FIELDS = ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")


class TokenSurvei(models.Model):
    """A one-time code printed on a receipt: one transaction, one answer."""

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")
    layanan = models.ForeignKey(Layanan, on_delete=models.CASCADE, related_name="token")
    kode = models.CharField(_("kode struk"), max_length=16)
    dibuat_pada = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kode struk survei")
        verbose_name_plural = _("kode struk survei")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "kode"], name="citizen_tokensurvei_kode_unik"
            )
        ]

    def __str__(self) -> str:
        return self.kode


class TahananSurvei(models.Model):
    """A batch of one officer's answers of one day held out of the index by the anomaly
    check (docs/survei.md §2, *Jawaban yang ditahan*), with the evidence, until HR releases
    or rejects it. Held answers are never deleted."""

    class Status(models.TextChoices):
        DITAHAN = "ditahan", _("Ditahan, menunggu review")
        DILEPAS = "dilepas", _("Dilepas, dihitung")
        DITOLAK = "ditolak", _("Ditolak, tidak dihitung")

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")
    petugas = models.ForeignKey("org.Pegawai", on_delete=models.PROTECT, related_name="+")
    tanggal = models.DateField(_("tanggal"))
    dibuat_pada = models.DateTimeField(_("ditahan pada"), default=timezone.now)
    aturan = models.JSONField(_("aturan yang terpicu"), default=list)
    bukti = models.JSONField(_("bukti"), default=dict)
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.DITAHAN, db_default=Status.DITAHAN
    )
    diputus_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    diputus_pada = models.DateTimeField(null=True, blank=True)
    catatan = models.TextField(_("catatan keputusan"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("tahanan jawaban survei")
        verbose_name_plural = _("tahanan jawaban survei")
        ordering = ["-dibuat_pada"]
        constraints = [
            # One open batch per officer and day: later suspects join it.
            models.UniqueConstraint(
                fields=["instansi", "petugas", "tanggal"],
                condition=Q(status="ditahan"),
                name="citizen_tahanansurvei_satu_terbuka",
            ),
            models.CheckConstraint(
                condition=Q(status="ditahan") | Q(diputus_pada__isnull=False),
                name="citizen_tahanansurvei_putusan_berwaktu",
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "status"], name="citizen_tahanan_antrean_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.petugas_id} {self.tanggal} ({self.status})"


class JawabanSurvei(models.Model):
    """One respondent's answer: the nine elements (1–4) and the optional profile (§4)."""

    class JenisKelamin(models.TextChoices):
        LAKI = "L", _("Laki-laki")
        PEREMPUAN = "P", _("Perempuan")

    class Pendidikan(models.TextChoices):
        SD = "sd", _("SD ke bawah")
        SMP = "smp", _("SMP")
        SMA = "sma", _("SMA/SMK")
        D = "diploma", _("Diploma (D1–D4)")
        S1 = "s1", _("S1")
        S2 = "s2", _("S2 ke atas")

    class Pekerjaan(models.TextChoices):
        PNS = "pns", _("PNS/TNI/Polri")
        SWASTA = "swasta", _("Pegawai swasta")
        WIRAUSAHA = "wirausaha", _("Wirausaha")
        PELAJAR = "pelajar", _("Pelajar/Mahasiswa")
        LAINNYA = "lainnya", _("Lainnya")

    class Saluran(models.TextChoices):
        WEB = "web", _("Halaman survei")
        API = "api", _("API (kios/aplikasi)")
        IMPOR = "impor", _("Impor/demo")

    class Review(models.TextChoices):
        BELUM = "", _("Belum direview")
        DITERIMA = "diterima", _("Diterima, dihitung")
        DIKECUALIKAN = "dikecualikan", _("Tetap dikecualikan")

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")
    layanan = models.ForeignKey(Layanan, on_delete=models.PROTECT, related_name="jawaban")
    petugas = models.ForeignKey(
        "org.Pegawai", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    u1 = models.PositiveSmallIntegerField("U1")
    u2 = models.PositiveSmallIntegerField("U2")
    u3 = models.PositiveSmallIntegerField("U3")
    u4 = models.PositiveSmallIntegerField("U4")
    u5 = models.PositiveSmallIntegerField("U5")
    u6 = models.PositiveSmallIntegerField("U6")
    u7 = models.PositiveSmallIntegerField("U7")
    u8 = models.PositiveSmallIntegerField("U8")
    u9 = models.PositiveSmallIntegerField("U9")
    jenis_kelamin = models.CharField(
        _("jenis kelamin"), max_length=1, choices=JenisKelamin.choices, blank=True
    )
    usia = models.PositiveSmallIntegerField(_("usia"), null=True, blank=True)
    pendidikan = models.CharField(
        _("pendidikan"), max_length=10, choices=Pendidikan.choices, blank=True
    )
    pekerjaan = models.CharField(
        _("pekerjaan"), max_length=10, choices=Pekerjaan.choices, blank=True
    )
    saran = models.TextField(_("saran"), blank=True, max_length=2000)
    diterima_pada = models.DateTimeField(_("diterima pada"), default=timezone.now)
    ip_hash = models.CharField(max_length=32, blank=True, help_text="HMAC alamat jaringan")
    prefix_hash = models.CharField(
        max_length=32, blank=True, default="", db_default="",
        help_text="HMAC awalan jaringan (IPv4 /24, IPv6 /48)",
    )  # fmt: skip
    saluran = models.CharField(max_length=5, choices=Saluran.choices, default=Saluran.WEB)
    token = models.ForeignKey(
        TokenSurvei, null=True, blank=True, on_delete=models.PROTECT, related_name="jawaban"
    )
    tahanan = models.ForeignKey(
        TahananSurvei, null=True, blank=True, on_delete=models.PROTECT, related_name="jawaban"
    )
    pola = models.PositiveIntegerField(
        null=True, blank=True, help_text="U1–U9 sebagai satu bilangan, untuk deteksi lonjakan"
    )
    ditandai = models.BooleanField(_("ditandai mencurigakan"), default=False)
    alasan_tanda = models.CharField(_("alasan tanda"), max_length=200, blank=True)
    dihitung = models.BooleanField(_("dihitung dalam IKM"), default=True)
    review = models.CharField(max_length=12, choices=Review.choices, blank=True, default="")
    direview_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    direview_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("jawaban survei")
        verbose_name_plural = _("jawaban survei")
        constraints = [
            # One answer per receipt code.
            models.UniqueConstraint(
                fields=["instansi", "token"], name="citizen_jawabansurvei_token_sekali"
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{f}__gte": 1, f"{f}__lte": 4}),
                    name=f"citizen_jawabansurvei_{f}_1_sampai_4",
                )
                for f in ELEMENT_FIELDS
            ),
            models.CheckConstraint(
                condition=Q(usia__isnull=True) | Q(usia__gte=10, usia__lte=120),
                name="citizen_jawabansurvei_usia_wajar",
            ),
            # Only a flagged answer may be left out of the index.
            models.CheckConstraint(
                condition=Q(ditandai=True) | Q(dihitung=True),
                name="citizen_jawabansurvei_dikecualikan_hanya_jika_ditandai",
            ),
        ]
        indexes = [
            models.Index(fields=["layanan", "diterima_pada"], name="citizen_jawaban_layanan_idx"),
            # Covering index for the IKM: the date-range scan of an agency reads the group
            # keys, the flag and the nine answers from the index alone (no table lookups),
            # on SQLite (no INCLUDE there, hence key columns) and PostgreSQL alike. Its
            # prefix serves every other (instansi, diterima_pada) read.
            models.Index(
                fields=[
                    "instansi",
                    "diterima_pada",
                    "dihitung",
                    "layanan",
                    "petugas",
                    *ELEMENT_FIELDS,
                ],
                name="citizen_jawaban_ikm_idx",
            ),  # fmt: skip
            models.Index(fields=["ip_hash", "diterima_pada"], name="citizen_jawaban_ip_idx"),
            models.Index(
                fields=["layanan", "pola", "diterima_pada"], name="citizen_jawaban_pola_idx"
            ),
            models.Index(fields=["petugas", "diterima_pada"], name="citizen_jawaban_petugas_idx"),
            models.Index(
                fields=["instansi", "layanan"],
                condition=Q(ditandai=True, review=""),
                name="citizen_jawaban_antrean_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.layanan_id}#{self.pk}"

    @staticmethod
    def pattern_of(answers) -> int:
        """The nine answers as one number (base 4), so identical answer sets compare with
        one indexed equality instead of nine."""
        return sum((value - 1) * 4**index for index, value in enumerate(answers))

    @property
    def answers(self) -> tuple[int, ...]:
        return tuple(getattr(self, f) for f in ELEMENT_FIELDS)
