"""The performance year of an employee: period, SKP (RHK + indicators), realisations with
evidence, behaviour ratings (BerAKHLAK), 360 input and the performance dialogue.

Models carry fields and constraints only; every workflow lives in ``kinerja.skp.services``.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from kinerja.core import formatting
from kinerja.org.models import Instansi, Pegawai
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp

# Defaults per rule scheme (spec §2.3 [policy]); a period copies them into ``parameter``.
PARAMETER_BAWAAN = {
    "permenpanrb-6-2022": {"batas_atas": "110", "batas_bawah": "90", "batas_capaian": "120"},
    "pp-46-2011": {"batas_atas": "110", "batas_bawah": "90", "batas_capaian": "120"},
}


def angka(value: Decimal | None) -> str:
    """A stored decimal as people read it: "76,7" (not 76.7000), "1.250"; empty for None."""
    return "" if value is None else formatting.angka(value)


# The rule book's lists, so the regulation's words are written once (kinerja.scoring.rules is
# pure Python: reading its enums does not make skp depend on the scoring app). The labels go
# through gettext with the msgids the catalogue already has.
class Penilaian(models.TextChoices):
    """Spec §2.1: the three levels, for work results and for each core value."""

    DI_BAWAH = pmp.Rating.DI_BAWAH.value, _(pmp.Rating.DI_BAWAH.label)
    SESUAI = pmp.Rating.SESUAI.value, _(pmp.Rating.SESUAI.label)
    DI_ATAS = pmp.Rating.DI_ATAS.value, _(pmp.Rating.DI_ATAS.label)


BERAKHLAK = tuple((value.value, _(pmp.CORE_VALUE_LABELS[value])) for value in pmp.CoreValue)
"""Spec §2.1: the seven BerAKHLAK core values (code, label), in the regulation's order."""
NILAI_INTI = tuple(code for code, _label in BERAKHLAK)


class Periode(models.Model):
    """An annual performance period of one agency."""

    class Skema(models.TextChoices):
        PERMENPANRB_6_2022 = "permenpanrb-6-2022", _("PermenPANRB 6/2022")
        PP_46_2011 = "pp-46-2011", _("PP 46/2011")

    class Kadens(models.TextChoices):
        BULANAN = "bulanan", _("Bulanan")
        TRIWULANAN = "triwulanan", _("Triwulanan")
        SEMESTERAN = "semesteran", _("Semesteran")

    class Status(models.TextChoices):
        PERENCANAAN = "perencanaan", _("Perencanaan")
        PELAKSANAAN = "pelaksanaan", _("Pelaksanaan")
        PENILAIAN = "penilaian", _("Penilaian")
        DITUTUP = "ditutup", _("Ditutup")

    URUTAN = (Status.PERENCANAAN, Status.PELAKSANAAN, Status.PENILAIAN, Status.DITUTUP)

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="periode")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    skema = models.CharField(
        _("skema aturan"), max_length=30, choices=Skema.choices, default=Skema.PERMENPANRB_6_2022
    )
    parameter = models.JSONField(_("parameter"), default=dict, blank=True)
    kadens = models.CharField(
        _("evaluasi berkala"), max_length=12, choices=Kadens.choices, default=Kadens.TRIWULANAN
    )
    status = models.CharField(
        _("tahap"), max_length=12, choices=Status.choices, default=Status.PERENCANAAN
    )
    tenggat_perencanaan = models.DateField(_("tenggat perencanaan"), null=True, blank=True)
    tenggat_pelaksanaan = models.DateField(_("tenggat pelaksanaan"), null=True, blank=True)
    tenggat_penilaian = models.DateField(_("tenggat penilaian"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("periode")
        verbose_name_plural = _("periode")
        ordering = ["-tahun"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "tahun"], name="skp_periode_tahun_unik"),
            models.CheckConstraint(
                condition=Q(tahun__gte=2000, tahun__lte=2100), name="skp_periode_tahun_wajar"
            ),
        ]

    def __str__(self) -> str:
        return f"Periode {self.tahun}"

    @property
    def ditutup(self) -> bool:
        return self.status == self.Status.DITUTUP


class BagianPeriode(models.Model):
    """A periodic slice of a period (a month, a quarter or a semester)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="bagian")
    nomor = models.PositiveSmallIntegerField(_("nomor"))
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("selesai"))

    class Meta:
        verbose_name = _("bagian periode")
        verbose_name_plural = _("bagian periode")
        ordering = ["periode", "nomor"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "periode", "nomor"], name="skp_bagianperiode_nomor_unik"
            ),
            models.CheckConstraint(
                condition=Q(selesai__gte=models.F("mulai")), name="skp_bagianperiode_urut"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.periode.tahun}" if self.periode_id else self.label

    @property
    def label(self) -> str:
        return f"Bagian {self.nomor} ({formatting.rentang_tanggal(self.mulai, self.selesai)})"

    @property
    def nama(self) -> str:
        """ "Triwulan I" … "Triwulan IV" when the slice is a calendar quarter (official
        documents label quarters so), else "Bagian n"."""
        quarter = (self.mulai.month - 1) // 3 + 1
        if (
            self.mulai.day == 1
            and self.mulai.month % 3 == 1
            and (self.selesai.year, self.selesai.month) == (self.mulai.year, self.mulai.month + 2)
            and (self.selesai + timedelta(days=1)).day == 1
        ):
            return formatting.triwulan(quarter)
        return f"Bagian {self.nomor}"


class Skp(models.Model):
    """One employee's performance plan for one annual period."""

    class Jenis(models.TextChoices):
        JPT = "jpt", _("SKP JPT")
        NON_JPT = "non_jpt", _("SKP non-JPT")

    class Status(models.TextChoices):
        DRAF = "draf", _("Draf")
        DIAJUKAN = "diajukan", _("Diajukan")
        DISETUJUI = "disetujui", _("Disetujui")
        DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")

    DAPAT_DIUBAH = (Status.DRAF, Status.DIKEMBALIKAN)

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="skp")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="skp")
    penilai = models.ForeignKey(
        Pegawai, null=True, blank=True, on_delete=models.PROTECT, related_name="skp_dinilai",
        verbose_name=_("pejabat penilai"),
    )  # fmt: skip
    unit = models.ForeignKey(
        "org.UnitKerja", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit kerja")
    )
    jenis = models.CharField(_("jenis SKP"), max_length=8, choices=Jenis.choices)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default="draf")
    komentar = models.TextField(_("komentar penilai"), blank=True)
    revisi = models.PositiveSmallIntegerField(_("revisi"), default=0)
    dukungan_sumber_daya = models.TextField(_("dukungan sumber daya"), blank=True)
    skema_pertanggungjawaban = models.TextField(_("skema pertanggungjawaban"), blank=True)
    konsekuensi = models.TextField(_("konsekuensi"), blank=True)
    diajukan_pada = models.DateTimeField(null=True, blank=True)
    disetujui_pada = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    dibuat = models.DateTimeField(auto_now_add=True)
    # Last change, for the API's updated_since; the database default covers raw inserts.
    diubah = models.DateTimeField(auto_now=True, db_default=Now())

    class Meta:
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "periode", "pegawai"], name="skp_skp_pegawai_periode_unik"
            ),
            models.CheckConstraint(
                condition=~Q(penilai=models.F("pegawai")), name="skp_skp_bukan_penilai_sendiri"
            ),
        ]
        indexes = [
            models.Index(fields=["periode", "penilai"], name="skp_skp_penilai_idx"),
            # disetujui_pada rides along so the per-unit plan counts (queries.plan_counts) are
            # read from the index alone.
            models.Index(
                fields=["periode", "unit", "status", "disetujui_pada"],
                name="skp_skp_unit_status_idx",
            ),
            models.Index(fields=["periode", "status", "diajukan_pada"], name="skp_skp_status_idx"),
            # Approved plans (queries.APPROVED_PLAN) of a period without reading SKP rows:
            # the HR period page's late lists (issue 21).
            models.Index(
                fields=["periode", "pegawai"],
                condition=Q(disetujui_pada__isnull=False),
                name="skp_skp_disetujui_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"SKP {self.periode.tahun} {self.pegawai.nama}"

    @property
    def dapat_diubah(self) -> bool:
        return self.status in self.DAPAT_DIUBAH

    @property
    def pernah_disetujui(self) -> bool:
        return self.disetujui_pada is not None


class SkpRevisi(models.Model):
    """A frozen copy of an approved SKP, so every approved version stays readable."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="riwayat")
    nomor = models.PositiveSmallIntegerField(_("revisi"))
    isi = models.JSONField(_("isi"))
    disetujui_pada = models.DateTimeField()
    disetujui_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("revisi SKP")
        verbose_name_plural = _("revisi SKP")
        ordering = ["skp", "-nomor"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "skp", "nomor"], name="skp_skprevisi_nomor_unik"
            )
        ]

    def __str__(self) -> str:
        return f"Revisi {self.nomor}"


class Rhk(models.Model):
    """Rencana Hasil Kerja: one planned work result, cascaded from a supervisor's RHK."""

    class Jenis(models.TextChoices):
        UTAMA = "utama", _("Utama")
        TAMBAHAN = "tambahan", _("Tambahan")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="rhk")
    jenis = models.CharField(_("jenis RHK"), max_length=8, choices=Jenis.choices, default="utama")
    uraian = models.TextField(_("rencana hasil kerja"))
    intervensi = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="turunan",
        verbose_name=_("RHK atasan yang diintervensi"),
    )  # fmt: skip
    urutan = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("RHK")
        verbose_name_plural = _("RHK")
        ordering = ["skp", "jenis", "urutan", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(intervensi=models.F("id")), name="skp_rhk_bukan_intervensi_sendiri"
            )
        ]

    def __str__(self) -> str:
        return self.uraian[:80]


class Indikator(models.Model):
    """A measure of an RHK with its target (spec §2.2)."""

    class Aspek(models.TextChoices):
        KUANTITAS = "kuantitas", _("Kuantitas")
        KUALITAS = "kualitas", _("Kualitas")
        WAKTU = "waktu", _("Waktu")
        BIAYA = "biaya", _("Biaya")

    class Arah(models.TextChoices):
        NAIK = "naik", _("Makin tinggi makin baik")
        TURUN = "turun", _("Makin rendah makin baik")
        TEPAT = "tepat", _("Harus tepat sama dengan target")

    class Sumber(models.TextChoices):
        MANUAL = "manual", _("Diisi pegawai")
        IKM_LAYANAN = "ikm_layanan", _("Indeks kepuasan masyarakat (IKM) layanan")
        WAKTU_RESPONS_ADUAN = "waktu_respons_aduan", _("Waktu respons aduan")
        PENYELESAIAN_ADUAN = "penyelesaian_aduan", _("Penyelesaian aduan")

    ASPEK_DIJUMLAH = frozenset({Aspek.KUANTITAS, Aspek.BIAYA})
    """[kebijakan] aspects whose slice realisations add up to the year's (docs/penilaian.md);
    the others (kualitas, waktu) are averaged over the slices."""
    ASPEK_SUMBER = {
        Sumber.IKM_LAYANAN: Aspek.KUALITAS,
        Sumber.WAKTU_RESPONS_ADUAN: Aspek.WAKTU,
        Sumber.PENYELESAIAN_ADUAN: Aspek.KUALITAS,
    }
    """The aspect a system-fed indicator takes: each source is an index, a mean or a rate per
    slice, which cannot be summed over the slices."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, related_name="indikator")
    uraian = models.TextField(_("indikator"))
    aspek = models.CharField(_("aspek"), max_length=10, choices=Aspek.choices, default="kuantitas")
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=4)
    target_atas = models.DecimalField(
        _("batas atas target"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    satuan = models.CharField(_("satuan"), max_length=40)
    arah = models.CharField(_("arah"), max_length=6, choices=Arah.choices, default="naik")
    sumber = models.CharField(_("sumber"), max_length=24, choices=Sumber.choices, default="manual")
    sumber_kode = models.CharField(_("kode sumber"), max_length=60, blank=True)
    bobot = models.DecimalField(_("bobot"), max_digits=6, decimal_places=3, default=Decimal(1))
    urutan = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        ordering = ["rhk", "urutan", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(target=0), name="skp_indikator_target_bukan_nol"),
            models.CheckConstraint(
                condition=Q(target_atas__isnull=True) | Q(target_atas__gt=models.F("target")),
                name="skp_indikator_rentang_naik",
            ),
            models.CheckConstraint(
                condition=Q(sumber="manual") | ~Q(sumber_kode=""),
                name="skp_indikator_kode_sumber_wajib",
            ),
            models.CheckConstraint(condition=Q(bobot__gt=0), name="skp_indikator_bobot_positif"),
        ]

    def __str__(self) -> str:
        return self.uraian[:80]

    @property
    def target_tertulis(self) -> str:
        if self.target_atas is not None:
            return formatting.dengan_satuan(
                f"{angka(self.target)}–{angka(self.target_atas)}", self.satuan
            )
        return formatting.dengan_satuan(angka(self.target), self.satuan)

    @property
    def target_angka(self) -> str:
        """The target as typed into the form: "87,5", no thousands dot."""
        return formatting.isian(self.target)

    @property
    def target_atas_angka(self) -> str:
        return formatting.isian(self.target_atas)

    @property
    def bobot_angka(self) -> str:
        return formatting.isian(self.bobot)


class Realisasi(models.Model):
    """What was achieved on one indicator in one periodic slice."""

    class Status(models.TextChoices):
        DRAF = "draf", _("Draf")
        DIAJUKAN = "diajukan", _("Diajukan")
        DIVERIFIKASI = "diverifikasi", _("Diverifikasi")
        DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")

    DAPAT_DIUBAH = (Status.DRAF, Status.DIKEMBALIKAN)

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="realisasi")
    indikator = models.ForeignKey(Indikator, on_delete=models.PROTECT, related_name="realisasi")
    bagian = models.ForeignKey(BagianPeriode, on_delete=models.PROTECT, related_name="realisasi")
    nilai = models.DecimalField(_("realisasi"), max_digits=14, decimal_places=4)
    catatan = models.TextField(_("catatan"), blank=True)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default="draf")
    komentar_penilai = models.TextField(_("komentar penilai"), blank=True)
    dihitung_sistem = models.BooleanField(_("dihitung sistem"), default=False)
    penjelasan_sistem = models.JSONField(null=True, blank=True)
    kunci_eksternal = models.CharField(max_length=100, null=True, blank=True)
    diajukan_pada = models.DateTimeField(null=True, blank=True)
    diverifikasi_pada = models.DateTimeField(null=True, blank=True)
    diverifikasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "indikator", "bagian"],
                name="skp_realisasi_indikator_bagian_unik",
            ),
            models.UniqueConstraint(
                fields=["instansi", "kunci_eksternal"],
                condition=Q(kunci_eksternal__isnull=False),
                name="skp_realisasi_kunci_eksternal_unik",
            ),
        ]
        indexes = [
            models.Index(fields=["skp", "bagian", "status"], name="skp_realisasi_skp_idx"),
            models.Index(fields=["bagian", "status", "skp"], name="skp_realisasi_bagian_idx"),
        ]

    def __str__(self) -> str:
        return f"Realisasi {angka(self.nilai)} ({self.get_status_display()})"

    @property
    def dapat_diubah(self) -> bool:
        return self.status in self.DAPAT_DIUBAH

    @property
    def nilai_tertulis(self) -> str:
        return angka(self.nilai)


DERIVED_KEY = {
    "on_delete": models.DO_NOTHING, "db_index": False, "db_constraint": False, "editable": False
}  # fmt: skip


class RekapRealisasi(models.Model):
    """How many realisations one SKP has in one slice, and in which state: what the HR
    period page counts (kinerja.skp.queries.period_report), read from about 100,000 rows
    per slice at 100,000 employees instead of 500,000 realisations.

    Written only by database triggers on ``skp_realisasi`` (insert, update, delete) and on
    ``skp_skp`` (a change of unit or of approval), created in migration ``skp.0007``, so
    bulk_create, a queryset ``update()``/``delete()`` and raw SQL keep it exact; no Python
    code writes it. A row exists while the SKP has at least one realisation in the slice.
    After loading realisations with triggers off, rebuild it: :func:`kinerja.skp.rekap.rebuild`.
    """

    # No index and no constraint per key: the table is written only by the triggers, from
    # realisations whose keys the database has checked already, and each extra index or
    # foreign-key check would be paid on every realisation written. Deleting an SKP deletes
    # its realisations first, and their triggers delete these rows (a slice with
    # realisations cannot be deleted).
    instansi = models.ForeignKey(Instansi, related_name="+", **DERIVED_KEY)
    skp = models.ForeignKey(Skp, related_name="rekap_realisasi", **DERIVED_KEY)
    bagian = models.ForeignKey(BagianPeriode, related_name="+", **DERIVED_KEY)
    # Copied from the SKP so the per-unit counts need no join: its unit (Skp.unit), and
    # whether its plan was ever approved (queries.APPROVED_PLAN: disetujui_pada is set).
    unit = models.ForeignKey("org.UnitKerja", related_name="+", **DERIVED_KEY)
    disetujui = models.BooleanField(editable=False)
    jumlah = models.PositiveIntegerField(editable=False)
    diajukan = models.PositiveIntegerField(editable=False)
    diverifikasi = models.PositiveIntegerField(editable=False)

    class Meta:
        verbose_name = _("rekap realisasi")
        verbose_name_plural = _("rekap realisasi")
        constraints = [
            models.UniqueConstraint(
                fields=["skp", "bagian", "instansi"], name="skp_rekaprealisasi_skp_bagian_unik"
            ),
        ]
        indexes = [
            # The period page's per-unit counts of a slice, read from the index alone.
            models.Index(
                fields=["bagian", "unit", "disetujui", "diajukan", "diverifikasi"],
                name="skp_rekaprealisasi_unit_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Rekap realisasi SKP {self.skp_id} bagian {self.bagian_id}: {self.jumlah}"


def bukti_path(instance: "BuktiDukung", filename: str) -> str:
    return f"bukti/{instance.instansi_id}/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class BuktiDukung(models.Model):
    """Evidence for a realisation: a stored file (with its SHA-256) or a link."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    realisasi = models.ForeignKey(Realisasi, on_delete=models.CASCADE, related_name="bukti")
    berkas = models.FileField(_("berkas"), upload_to=bukti_path, max_length=300, blank=True)
    nama = models.CharField(_("nama"), max_length=200)
    ukuran = models.PositiveBigIntegerField(_("ukuran"), default=0)
    tipe = models.CharField(_("tipe"), max_length=10, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    tautan = models.URLField(_("tautan"), max_length=500, blank=True)
    duplikat = models.BooleanField(_("duplikat"), default=False)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")
        ordering = ["realisasi", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(berkas="") | ~Q(tautan=""), name="skp_buktidukung_berkas_atau_tautan"
            )
        ]
        indexes = [models.Index(fields=["instansi", "sha256"], name="skp_bukti_sha256_idx")]

    def __str__(self) -> str:
        return self.nama


class PenilaianPerilaku(models.Model):
    """The rater's rating of the seven BerAKHLAK core values in one slice (spec §2.1)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="perilaku")
    bagian = models.ForeignKey(BagianPeriode, on_delete=models.PROTECT, related_name="+")
    penilai = models.ForeignKey(Pegawai, null=True, on_delete=models.PROTECT, related_name="+")
    berorientasi_pelayanan = models.CharField(max_length=8, choices=Penilaian.choices)
    catatan_berorientasi_pelayanan = models.TextField(blank=True)
    akuntabel = models.CharField(max_length=8, choices=Penilaian.choices)
    catatan_akuntabel = models.TextField(blank=True)
    kompeten = models.CharField(max_length=8, choices=Penilaian.choices)
    catatan_kompeten = models.TextField(blank=True)
    harmonis = models.CharField(max_length=8, choices=Penilaian.choices)
    catatan_harmonis = models.TextField(blank=True)
    loyal = models.CharField(max_length=8, choices=Penilaian.choices)
    catatan_loyal = models.TextField(blank=True)
    adaptif = models.CharField(max_length=8, choices=Penilaian.choices)
    catatan_adaptif = models.TextField(blank=True)
    kolaboratif = models.CharField(max_length=8, choices=Penilaian.choices)
    catatan_kolaboratif = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("penilaian perilaku")
        verbose_name_plural = _("penilaian perilaku")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "skp", "bagian"], name="skp_penilaianperilaku_unik"
            )
        ]

    def __str__(self) -> str:
        return f"Perilaku {self.skp_id}/{self.bagian_id}"

    def nilai(self) -> list[tuple[str, str, str, str]]:
        """(code, label, rating, note) for each core value, in BerAKHLAK order."""
        return [
            (code, label, getattr(self, code), getattr(self, f"catatan_{code}"))
            for code, label in BERAKHLAK
        ]


class Permintaan360(models.Model):
    """The rater asks a peer or subordinate for anonymous behaviour input."""

    class Hubungan(models.TextChoices):
        REKAN = "rekan", _("Rekan kerja")
        BAWAHAN = "bawahan", _("Bawahan")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="permintaan_360")
    bagian = models.ForeignKey(BagianPeriode, on_delete=models.PROTECT, related_name="+")
    responden = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="+")
    hubungan = models.CharField(max_length=8, choices=Hubungan.choices)
    dijawab = models.BooleanField(default=False)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("permintaan masukan 360")
        verbose_name_plural = _("permintaan masukan 360")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "skp", "bagian", "responden"], name="skp_permintaan360_unik"
            )
        ]

    def __str__(self) -> str:
        return f"Permintaan 360 {self.skp_id}"


class Masukan360(models.Model):
    """One anonymous answer: deliberately not linked to the person who gave it."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="masukan_360")
    bagian = models.ForeignKey(BagianPeriode, on_delete=models.PROTECT, related_name="+")
    hubungan = models.CharField(max_length=8, choices=Permintaan360.Hubungan.choices)
    berorientasi_pelayanan = models.CharField(max_length=8, choices=Penilaian.choices)
    akuntabel = models.CharField(max_length=8, choices=Penilaian.choices)
    kompeten = models.CharField(max_length=8, choices=Penilaian.choices)
    harmonis = models.CharField(max_length=8, choices=Penilaian.choices)
    loyal = models.CharField(max_length=8, choices=Penilaian.choices)
    adaptif = models.CharField(max_length=8, choices=Penilaian.choices)
    kolaboratif = models.CharField(max_length=8, choices=Penilaian.choices)
    catatan = models.TextField(blank=True)

    class Meta:
        verbose_name = _("masukan 360")
        verbose_name_plural = _("masukan 360")

    def __str__(self) -> str:
        return f"Masukan 360 {self.skp_id}"


class DialogKinerja(models.Model):
    """One message of the performance dialogue of an SKP and slice."""

    class Jenis(models.TextChoices):
        PESAN = "pesan", _("Pesan")
        UMPAN_BALIK = "umpan_balik", _("Umpan balik")
        TINDAK_LANJUT = "tindak_lanjut", _("Tindak lanjut yang disepakati")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="dialog")
    bagian = models.ForeignKey(BagianPeriode, on_delete=models.PROTECT, related_name="+")
    penulis = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+")
    jenis = models.CharField(max_length=14, choices=Jenis.choices, default="pesan")
    isi = models.TextField(_("isi"))
    dibuat = models.DateTimeField(auto_now_add=True)
    dibaca_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("dialog kinerja")
        verbose_name_plural = _("dialog kinerja")
        ordering = ["skp", "bagian", "dibuat", "id"]
        indexes = [models.Index(fields=["skp", "dibaca_pada"], name="skp_dialog_belum_dibaca_idx")]

    def __str__(self) -> str:
        return self.isi[:60]
