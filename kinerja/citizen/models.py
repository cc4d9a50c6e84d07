"""Public services, their satisfaction survey (SKM) and complaints (aduan).

Spec §4 (SKM → IKM, PermenPANRB 14/2017) and §5 (complaint deadlines). The index itself
is computed by the pure functions in :mod:`kinerja.scoring.rules.ikm`; these models only hold
the answers and the complaint trail.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ELEMENT_FIELDS = ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")

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
