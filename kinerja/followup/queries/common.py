"""What the follow-up reads share: the predikat labels, the final rating of an annual result
(``with_final``: the objection's outcome, else the rater's decision, else the proposal), the
period's annual results and settings, and the policy numbers of the pages."""

from __future__ import annotations

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from kinerja.followup.models import (
    Keberatan,
    PengaturanPeriode,
)
from kinerja.scoring.models import Hasil
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import pp_46_2011 as pp46
from kinerja.skp.models import BERAKHLAK, Periode

LABELS = {
    **{r.value: r.label for r in pmp.Rating},
    **{p.value: p.label for p in pmp.Predikat},
    **{f"pp:{c.value}": c.label for c in pp46.Category},
}
NILAI_LABEL = {code: str(label) for code, label in BERAKHLAK}
TOP_PREDIKAT = "sangat_baik"
"""[kebijakan] reward candidates: the best predikat of either scheme (both call it Sangat Baik)."""
LOW_PREDIKAT = ("butuh_perbaikan", "kurang", "sangat_kurang")
"""Predikat that get a development plan proposed (issue 7; PermenPANRB 6/2022 codes)."""
LOW_PREDIKAT_PP46 = ("kurang", "buruk")
"""[kebijakan] the PP 46/2011 categories treated the same way."""
MIN_UNIT_POSITION = 5
"""[kebijakan] a unit's distribution is shown to an employee only with at least this many rated
people, so that nobody's result can be inferred."""
MAX_AREAS = 3


def _decided(name: str):
    return Case(
        When(status=Hasil.Status.MENUNGGU, then=F(f"usulan_{name}")),
        default=F(f"akhir_{name}"),
        output_field=CharField(),
    )


def _changed_by_objection(name: str):
    return Subquery(
        Keberatan.objects.filter(hasil=OuterRef("pk"), putusan__in=Keberatan.MENGUBAH).values(
            f"akhir_{name}"
        )[:1],
        output_field=CharField(),
    )


CONDUCT_PREDIKAT = pmp.Predikat.KURANG.value
"""Spec §2.1: Kurang/Misconduct, the predikat of behaviour below expectations with work results
at or above them."""
CONDUCT_NOTE = (
    "Predikat Kurang/Misconduct (perilaku kerja di bawah ekspektasi): ditempatkan di baris "
    "kinerja Di Bawah Ekspektasi, tidak masuk kelompok talenta (PermenPANRB 3/2020)."
)


def with_final(qs: QuerySet[Hasil]) -> QuerySet[Hasil]:
    """Annotate ``predikat_akhir``, ``hasil_kerja_akhir`` (objection › rater › proposal),
    ``kinerja_talenta`` (the grid's performance axis, spec §6) and ``karena_perilaku``.

    Under PermenPANRB 6/2022 the axis is the final work-result rating, except for an employee
    whose final predikat is Kurang/Misconduct (behaviour below expectations): PermenPANRB
    3/2020 keeps the talent pool (boxes 7–9) for employees without conduct problems, so their
    performance is the predikat's own level, below expectations, and ``karena_perilaku`` is
    True so the grid can say why (issue 24)."""
    qs = qs.annotate(
        predikat_akhir=Coalesce(_changed_by_objection("predikat"), _decided("predikat")),
        hasil_kerja_akhir=Coalesce(_changed_by_objection("hasil_kerja"), _decided("hasil_kerja")),
    )
    conduct = Q(predikat_akhir=CONDUCT_PREDIKAT) & ~Q(skema=pp46.SCHEME)
    return qs.annotate(
        kinerja_talenta=Case(
            When(skema=pp46.SCHEME, predikat_akhir="sangat_baik", then=Value("di_atas")),
            When(skema=pp46.SCHEME, predikat_akhir="baik", then=Value("sesuai")),
            When(skema=pp46.SCHEME, then=Value("di_bawah")),
            When(conduct, then=Value("di_bawah")),
            default=F("hasil_kerja_akhir"),
            output_field=CharField(),
        ),
        karena_perilaku=Case(
            When(conduct & ~Q(hasil_kerja_akhir="di_bawah"), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def annual_results(periode: Periode) -> QuerySet[Hasil]:
    return with_final(
        Hasil.objects.filter(periode=periode, bagian__isnull=True).select_related(
            "skp__pegawai__unit", "skp__pegawai__jabatan", "skp__unit", "periode"
        )
    )


def settings_for(periode: Periode) -> PengaturanPeriode:
    """The period's follow-up policy, or the defaults (unsaved) when HR set none."""
    found = PengaturanPeriode.objects.filter(periode=periode).first()
    return found or PengaturanPeriode(instansi_id=periode.instansi_id, periode=periode)


def closed_periods(user) -> QuerySet[Periode]:
    return Periode.objects.filter(
        instansi_id=user.instansi_id, status=Periode.Status.DITUTUP
    ).order_by("-tahun")
