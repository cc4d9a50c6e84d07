"""The organisation of an agency: units, positions, employees and accounts."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from kinerja.core import formatting

GOLONGAN_PNS = tuple(
    f"{g}/{r}"
    for g, rs in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde"))
    for r in rs
)
GOLONGAN_PPPK = (
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
)  # fmt: skip


class Instansi(models.Model):
    """An agency: the tenant. Every domain row carries one."""

    class Tingkat(models.TextChoices):
        PUSAT = "pusat", _("Pusat")
        PROVINSI = "provinsi", _("Provinsi")
        KABUPATEN_KOTA = "kabupaten_kota", _("Kabupaten/Kota")

    class ZonaWaktu(models.TextChoices):
        WIB = "Asia/Jakarta", _("WIB (Waktu Indonesia Barat)")
        WITA = "Asia/Makassar", _("WITA (Waktu Indonesia Tengah)")
        WIT = "Asia/Jayapura", _("WIT (Waktu Indonesia Timur)")

    kode = models.CharField(_("kode"), max_length=20, unique=True)
    nama = models.CharField(_("nama"), max_length=200)
    tingkat = models.CharField(_("tingkat"), max_length=20, choices=Tingkat.choices)
    zona_waktu = models.CharField(
        _("zona waktu"),
        max_length=20,
        choices=ZonaWaktu.choices,
        default=ZonaWaktu.WIB,
        db_default=ZonaWaktu.WIB,
    )
    tempat = models.CharField(
        _("nama tempat untuk tanda tangan"), max_length=100, blank=True, db_default="",
        help_text=_("Ditulis di dokumen resmi, mis. “Kota Demo, 6 Desember 2026”."),
    )  # fmt: skip
    logo = models.FileField(_("logo"), upload_to="instansi/logo/", blank=True, db_default="")

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self) -> str:
        return self.nama

    @property
    def zona_label(self) -> str:
        """WIB, WITA or WIT: the label written after a time."""
        from kinerja.core.formatting import ZONA_LABEL

        return ZONA_LABEL.get(self.zona_waktu, "WIB")


class UnitKerja(models.Model):
    """A unit in the agency's tree (dinas, bidang, seksi, puskesmas, sekolah...)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="unit")
    kode = models.CharField(_("kode unit"), max_length=30)
    nama = models.CharField(_("nama unit"), max_length=200)
    induk = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="anak",
        verbose_name=_("unit induk"),
    )  # fmt: skip
    kepala = models.ForeignKey(
        "Pegawai", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="unit_dipimpin", verbose_name=_("kepala unit"),
    )  # fmt: skip
    version = models.PositiveIntegerField(default=1)
    # Last change, for the API's updated_since; the database default covers raw inserts.
    diubah = models.DateTimeField(auto_now=True, db_default=Now())

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["kode"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "kode"], name="org_unitkerja_kode_unik"),
            models.CheckConstraint(
                condition=~Q(induk=F("id")), name="org_unitkerja_bukan_induk_sendiri"
            ),
        ]

    def __str__(self) -> str:
        return self.nama


class Jabatan(models.Model):
    """A position with its kind, as the staffing regulations name them."""

    class Jenis(models.TextChoices):
        JPT_UTAMA = "jpt_utama", _("JPT Utama")
        JPT_MADYA = "jpt_madya", _("JPT Madya")
        JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
        ADMINISTRATOR = "administrator", _("Administrator")
        PENGAWAS = "pengawas", _("Pengawas")
        PELAKSANA = "pelaksana", _("Pelaksana")
        FUNGSIONAL = "fungsional", _("Fungsional")

    JPT = frozenset({Jenis.JPT_UTAMA, Jenis.JPT_MADYA, Jenis.JPT_PRATAMA})
    STRUKTURAL = JPT | {Jenis.ADMINISTRATOR, Jenis.PENGAWAS}

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="jabatan")
    nama = models.CharField(_("nama jabatan"), max_length=200)
    jenis = models.CharField(_("jenis jabatan"), max_length=20, choices=Jenis.choices)

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "nama", "jenis"], name="org_jabatan_nama_jenis_unik"
            )
        ]

    def __str__(self) -> str:
        return self.nama

    @property
    def is_jpt(self) -> bool:
        return self.jenis in self.JPT


class Pegawai(models.Model):
    """A civil servant (PNS) or contract employee (PPPK) of one agency."""

    class Status(models.TextChoices):
        PNS = "pns", _("PNS")
        PPPK = "pppk", _("PPPK")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="pegawai")
    nip = models.CharField(_("NIP"), max_length=18)
    gelar_depan = models.CharField(_("gelar depan"), max_length=50, blank=True)
    nama = models.CharField(_("nama"), max_length=150)
    gelar_belakang = models.CharField(_("gelar belakang"), max_length=80, blank=True)
    status = models.CharField(_("status"), max_length=4, choices=Status.choices)
    golongan = models.CharField(_("golongan/ruang"), max_length=6, blank=True)
    unit = models.ForeignKey(
        UnitKerja, on_delete=models.PROTECT, related_name="pegawai", verbose_name=_("unit kerja")
    )
    jabatan = models.ForeignKey(
        Jabatan, null=True, blank=True, on_delete=models.PROTECT, related_name="pegawai",
        verbose_name=_("jabatan"),
    )  # fmt: skip
    atasan = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="bawahan",
        verbose_name=_("atasan langsung"),
    )  # fmt: skip
    aktif = models.BooleanField(_("aktif"), default=True)
    version = models.PositiveIntegerField(default=1)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "nip"], name="org_pegawai_nip_unik"),
            models.CheckConstraint(
                condition=~Q(atasan=F("id")), name="org_pegawai_bukan_atasan_sendiri"
            ),
            models.CheckConstraint(
                condition=Q(nip__regex=r"^[0-9]{18}$"), name="org_pegawai_nip_18_digit"
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "atasan"], name="org_pegawai_atasan_idx"),
            models.Index(fields=["instansi", "unit"], name="org_pegawai_unit_idx"),
            models.Index(fields=["instansi", "nama"], name="org_pegawai_nama_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.nama_lengkap} ({self.nip})"

    @property
    def nama_lengkap(self) -> str:
        depan = f"{self.gelar_depan} " if self.gelar_depan else ""
        belakang = f", {self.gelar_belakang}" if self.gelar_belakang else ""
        return f"{depan}{self.nama}{belakang}"

    @property
    def nip_tertulis(self) -> str:
        return formatting.nip(self.nip)


class User(AbstractUser):
    """An account. Employees log in by NIP (their username); HR staff may have a name."""

    instansi = models.ForeignKey(
        Instansi, null=True, blank=True, on_delete=models.PROTECT, related_name="akun"
    )
    pegawai = models.OneToOneField(
        Pegawai, null=True, blank=True, on_delete=models.SET_NULL, related_name="akun"
    )
    is_admin_kepegawaian = models.BooleanField(_("admin kepegawaian"), default=False)
    is_pimpinan = models.BooleanField(_("pimpinan"), default=False)
    is_auditor = models.BooleanField(_("auditor"), default=False)
    wajib_ganti_sandi = models.BooleanField(
        _("wajib ganti sandi saat masuk berikutnya"), default=False, db_default=False
    )
    # Part of every session's check (below): a new value ends all the account's sessions at once.
    sesi_kunci = models.CharField(max_length=32, blank=True, default="", db_default="",
                                  editable=False)  # fmt: skip

    class Meta:
        verbose_name = _("akun")
        verbose_name_plural = _("akun")

    def __str__(self) -> str:
        return self.pegawai.nama_lengkap if self.pegawai_id else self.username

    def _get_session_auth_hash(self, secret=None):
        """Django's session check (the password's HMAC), bound also to ``sesi_kunci``, so that
        changing the key signs out every session of the account, whatever the session store."""
        digest = super()._get_session_auth_hash(secret=secret)
        if not self.sesi_kunci:
            return digest
        return salted_hmac(
            "kinerja.org.User.sesi_kunci", digest + self.sesi_kunci, secret=secret,
            algorithm="sha256",
        ).hexdigest()  # fmt: skip


class AkunLayanan(models.Model):
    """A service account of an agency for an integration (SIMPEG, a dashboard): made by HR,
    it outlives the person who made it. It acts through ``akun``, an account of its own that
    can never sign in (inactive, no password), with HR's read rights in its agency only,
    narrowed by each token's scopes (kinerja.org.layanan)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    nama = models.CharField(_("nama"), max_length=100)
    keterangan = models.TextField(_("keterangan"), blank=True, default="")
    aktif = models.BooleanField(_("aktif"), default=True)
    akun = models.ForeignKey(User, on_delete=models.PROTECT, related_name="akun_layanan")
    dibuat_oleh = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("akun layanan")
        verbose_name_plural = _("akun layanan")
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "nama"], name="akun_layanan_nama_unik"),
            models.UniqueConstraint(fields=["instansi", "akun"], name="akun_layanan_akun_unik"),
        ]

    def __str__(self) -> str:
        return self.nama


class ApiToken(models.Model):
    """An API token. Only its SHA-256 is stored. A personal token acts as its owner, with the
    owner's roles and agency; a service account's token (``akun_layanan`` set, ``user`` its
    account) acts as that account, limited to its ``cakupan``. Both until they expire or are
    revoked."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    akun_layanan = models.ForeignKey(
        AkunLayanan, null=True, blank=True, on_delete=models.CASCADE, related_name="token"
    )
    cakupan = models.JSONField(_("cakupan"), default=list, blank=True)
    alamat_terakhir = models.GenericIPAddressField(_("alamat terakhir"), null=True, blank=True)
    nama = models.CharField(_("nama token"), max_length=100)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    kedaluwarsa = models.DateTimeField(_("kedaluwarsa"))
    dicabut = models.DateTimeField(_("dicabut"), null=True, blank=True)
    terakhir_dipakai = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-dibuat"]

    def __str__(self) -> str:
        return f"{self.nama} ({self.prefix}…)"
