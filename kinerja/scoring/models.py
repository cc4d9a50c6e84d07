"""Results of the rule schemes per SKP, the raters' decisions, the organisation's predikat
and the record of each period close.

Models carry fields and constraints only; computing lives in ``kinerja.scoring.services``.
"""

import json
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from kinerja.org.models import Instansi, UnitKerja
from kinerja.scoring.rules import kurva
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.skp.models import BagianPeriode, Periode, Skp


class ExactDecimalField(models.CharField):
    """A ``Decimal`` stored as its exact text ("93.33333333333333333333333333").

    The rules return unrounded values with up to 28 significant digits; SQLite's NUMERIC
    affinity would turn them into binary floats, so the exact value is kept as text on every
    database. Sort and filter on the rounded companion column instead.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return None if value is None else Decimal(value)

    def to_python(self, value):
        if value is None or isinstance(value, Decimal):
            return value
        return Decimal(str(value))

    def get_prep_value(self, value):
        return None if value is None else str(value)


class CanonicalJSONField(models.TextField):
    """JSON kept as the exact text it was given: the canonical text whose SHA-256 is the
    result's ``hash_masukan`` (sorted keys, no spaces; ``canonical.canonical_json``), so what is
    stored is byte for byte what was hashed. Read back as Python values.

    (PostgreSQL's ``jsonb`` re-orders keys and would parse every row's text on insert: the
    largest single cost of writing a period's results.)
    """

    def from_db_value(self, value, expression, connection):
        return None if value is None else json.loads(value)

    def to_python(self, value):
        return json.loads(value) if isinstance(value, str) else value

    def get_prep_value(self, value):
        if value is None or isinstance(value, str):
            return value
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))


class Hasil(models.Model):
    """The proposed rating of one SKP for one slice (``bagian``) or the year (``bagian`` null),
    as the period's rule scheme computed it, and the rater's decision on it.

    ``masukan`` holds the canonical inputs the rules were given (targets, verified
    realisations as combined, behaviour ratings, parameters); ``hash_masukan`` is their
    SHA-256. The readable breakdown is made from ``masukan`` by the rules themselves
    (``services.explain``), so it is the same every time it is shown.
    """

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu keputusan penilai")
        DIKONFIRMASI = "dikonfirmasi", _("Dikonfirmasi penilai")
        DIUBAH = "diubah", _("Diubah penilai")

    # The agency and period are the SKP's own, copied by the one writer (services.results)
    # for scoping and grouping. Neither copy gets a check or an index of its own: each costs
    # every one of a close's 500,000 inserts (bench/RESULTS.md); reads lead with the period
    # (the period index below) or the SKP (the unique rule of the slices).
    instansi = models.ForeignKey(
        Instansi, on_delete=models.CASCADE, related_name="+", db_index=False,
        db_constraint=False,
    )  # fmt: skip
    periode = models.ForeignKey(
        Periode, on_delete=models.CASCADE, related_name="hasil", db_index=False,
        db_constraint=False,
    )  # fmt: skip
    # The SKP and the slice are checked by the one writer, not by the database: it writes
    # only the SKPs and slices it has just read in the same transaction, under the period's
    # lock, and neither is ever deleted but with its agency or period (Django's CASCADE,
    # which runs without the database's constraint). The database's own check costs every
    # row of a close a trigger query at commit: 4-6 s of 500,000 rows (bench/RESULTS.md).
    # The slice gets no index of its own: every read of it leads with the period. Nor does
    # the SKP: the unique rule of the slices leads with it and holds the year's rows too
    # (NULL slice), so it serves every lookup by SKP; one index fewer for each of a close's
    # 500,000 rows (0.3-0.4 s per 100,000, bench/RESULTS.md).
    skp = models.ForeignKey(
        Skp, on_delete=models.CASCADE, related_name="hasil", db_constraint=False,
        db_index=False,
    )  # fmt: skip
    bagian = models.ForeignKey(
        BagianPeriode, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("bagian periode"), db_constraint=False, db_index=False,
    )  # fmt: skip
    skema = models.CharField(_("skema aturan"), max_length=30)
    versi_aturan = models.CharField(_("versi aturan"), max_length=20)
    capaian = ExactDecimalField(_("capaian"), null=True, blank=True)
    capaian_bulat = models.DecimalField(
        _("capaian (dibulatkan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    nilai = ExactDecimalField(_("nilai prestasi kerja"), null=True, blank=True)
    usulan_hasil_kerja = models.CharField(_("usulan hasil kerja"), max_length=10, blank=True)
    usulan_perilaku = models.CharField(_("usulan perilaku kerja"), max_length=10, blank=True)
    usulan_predikat = models.CharField(_("usulan predikat"), max_length=20, blank=True)
    masukan = CanonicalJSONField(_("masukan"))
    hash_masukan = models.CharField(_("hash masukan"), max_length=64)
    galat = models.TextField(_("galat"), blank=True)
    tertunda = models.PositiveIntegerField(_("realisasi belum diverifikasi"), default=0)
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.MENUNGGU
    )
    akhir_hasil_kerja = models.CharField(_("hasil kerja akhir"), max_length=10, blank=True)
    akhir_perilaku = models.CharField(_("perilaku kerja akhir"), max_length=10, blank=True)
    akhir_predikat = models.CharField(_("predikat akhir"), max_length=20, blank=True)
    alasan = models.TextField(_("alasan perubahan"), blank=True)
    # The rater who decided: set only by the decision services, from the signed-in account;
    # an account's deletion empties it through Django's SET_NULL. No database constraint:
    # PostgreSQL queues its deferred check for every inserted row, empty or not, and runs
    # them at COMMIT: 0.45-0.5 s of a close's 500,000 new rows, none with a rater yet
    # (bench/RESULTS.md).
    diputuskan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", db_index=False, db_constraint=False,
    )  # fmt: skip
    diputuskan_pada = models.DateTimeField(null=True, blank=True)
    hash_keputusan = models.CharField(max_length=64, blank=True)
    dihitung_pada = models.DateTimeField(_("dihitung pada"))
    version = models.PositiveIntegerField(default=1)
    # Last change (computed, decided, or changed by an objection upheld after the close), for
    # the API's updated_since. Raw inserts and updates (services.results) leave it to the
    # database default / set it themselves; no index (each costs every row of a close).
    diubah = models.DateTimeField(auto_now=True, db_default=Now())

    class Meta:
        verbose_name = _("hasil penilaian")
        verbose_name_plural = _("hasil penilaian")
        constraints = [
            # One result per SKP and slice. Not partial, so that it indexes the year's rows
            # as well (NULL slices are distinct: they never collide here) and serves every
            # lookup by SKP; the agency is in it, as in every unique rule (docs/scaling.md).
            models.UniqueConstraint(
                fields=["skp", "bagian", "instansi"], name="scoring_hasil_skp_bagian_unik"
            ),
            # One result of the year per SKP.
            models.UniqueConstraint(
                fields=["skp", "instansi"],
                condition=Q(bagian__isnull=True),
                name="scoring_hasil_skp_tahunan_unik",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["menunggu", "dikonfirmasi", "diubah"]),
                name="scoring_hasil_status_dikenal",
            ),
            models.CheckConstraint(
                condition=~Q(status="diubah") | ~Q(alasan=""), name="scoring_hasil_alasan_wajib"
            ),
            models.CheckConstraint(
                condition=Q(status="menunggu") | ~Q(akhir_predikat=""),
                name="scoring_hasil_keputusan_lengkap",
            ),
        ]
        indexes = [
            models.Index(fields=["periode", "bagian", "status"], name="scoring_hasil_periode_idx"),
            # Only decided results name a rater: a close's new rows skip this index.
            models.Index(
                fields=["diputuskan_oleh"],
                condition=Q(diputuskan_oleh__isnull=False),
                name="scoring_hasil_penilai_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Hasil {self.skp_id}/{self.bagian_id or 'tahunan'}"

    @property
    def tahunan(self) -> bool:
        return self.bagian_id is None

    @property
    def diputuskan(self) -> bool:
        return self.status != self.Status.MENUNGGU

    @property
    def final_hasil_kerja(self) -> str:
        return self.akhir_hasil_kerja if self.diputuskan else self.usulan_hasil_kerja

    @property
    def final_perilaku(self) -> str:
        return self.akhir_perilaku if self.diputuskan else self.usulan_perilaku

    @property
    def final_predikat(self) -> str:
        return self.akhir_predikat if self.diputuskan else self.usulan_predikat

    FINAL_TANPA_KEPUTUSAN = _("Final (usulan sistem; penilai tidak memutuskan)")

    def status_label(self, periode: Periode | None = None) -> str:
        """The decision's state as pages and documents print it: once the period is closed
        every result is final, so an undecided one reads "Final (usulan sistem…)", never
        "Menunggu keputusan penilai". ``periode`` saves a query when the caller has it."""
        periode = periode or self.periode
        if self.status == self.Status.MENUNGGU and periode.ditutup:
            return str(self.FINAL_TANPA_KEPUTUSAN)
        return self.get_status_display()

    @property
    def status_tampil(self) -> str:
        """:meth:`status_label` for templates (reads ``self.periode``: select it)."""
        return self.status_label()

    @property
    def keputusan_usang(self) -> bool:
        """The inputs changed after the rater decided (an override is kept, but flagged)."""
        return self.diputuskan and self.hash_keputusan != self.hash_masukan


class PredikatOrganisasi(models.Model):
    """The organisation's own predikat (spec §2.5) for a period, for the agency (``unit``
    null) or one unit; set by pimpinan or admin kepegawaian. It selects the distribution
    pattern. ``hasil_kerja_unit`` is the unit's own recorded work result, which becomes the
    proposal for the JPT heading the unit (spec §2.3)."""

    class Predikat(models.TextChoices):
        """Spec §2.5, the rule book's :class:`~kinerja.scoring.rules.kurva.OrgPredikat`."""

        ISTIMEWA = kurva.OrgPredikat.ISTIMEWA.value, _(kurva.OrgPredikat.ISTIMEWA.label)
        BAIK = kurva.OrgPredikat.BAIK.value, _(kurva.OrgPredikat.BAIK.label)
        BUTUH_PERBAIKAN = (
            kurva.OrgPredikat.BUTUH_PERBAIKAN.value,
            _(kurva.OrgPredikat.BUTUH_PERBAIKAN.label),
        )
        KURANG = kurva.OrgPredikat.KURANG.value, _(kurva.OrgPredikat.KURANG.label)
        SANGAT_KURANG = (
            kurva.OrgPredikat.SANGAT_KURANG.value,
            _(kurva.OrgPredikat.SANGAT_KURANG.label),
        )

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        UnitKerja, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    predikat = models.CharField(_("predikat organisasi"), max_length=16, choices=Predikat.choices)
    hasil_kerja_unit = models.CharField(
        _("hasil kerja unit (untuk JPT)"), max_length=10, blank=True,
        choices=[(rating.value, _(rating.label)) for rating in pmp.Rating],
    )  # fmt: skip
    catatan = models.TextField(_("catatan"), blank=True)
    ditetapkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ditetapkan_pada = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("predikat organisasi")
        verbose_name_plural = _("predikat organisasi")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "periode", "unit"],
                condition=Q(unit__isnull=False),
                name="scoring_predikatorganisasi_unit_unik",
            ),
            models.UniqueConstraint(
                fields=["instansi", "periode"],
                condition=Q(unit__isnull=True),
                name="scoring_predikatorganisasi_instansi_unik",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_predikat_display()} ({self.unit or self.instansi})"


class PenutupanPeriode(models.Model):
    """The record of a completed period close: what it stored and the curve report.

    The close runs in one transaction, so a close that fails leaves no record (and no
    result changed, and the period open). One record per closed period.
    """

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="+")
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    mulai = models.DateTimeField()
    selesai = models.DateTimeField()
    jumlah_hasil = models.PositiveIntegerField(default=0)
    jumlah_diubah = models.PositiveIntegerField(default=0)
    hash_gabungan = models.CharField(max_length=64)
    laporan_kurva = models.JSONField(default=list)
    skema = models.CharField(max_length=30)
    versi_aturan = models.CharField(max_length=20)

    class Meta:
        verbose_name = _("penutupan periode")
        verbose_name_plural = _("penutupan periode")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "periode"], name="scoring_penutupanperiode_sekali"
            )
        ]

    def __str__(self) -> str:
        return f"Penutupan {self.periode_id}"

    @property
    def durasi(self) -> float:
        return (self.selesai - self.mulai).total_seconds()
