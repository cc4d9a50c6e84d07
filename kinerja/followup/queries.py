"""Reads shared by the pages, the API, the exports and the demo. Each runs a fixed number of
queries, whatever the number of rows.

The final rating of an annual result is the objection's outcome when an objection changed it,
else the rater's decision, else the proposal (``with_final``); the scoring app's ``Hasil`` row
keeps the original, untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from kinerja.core.formatting import round_half_up
from kinerja.followup.models import (
    HARI_PENGAJUAN_KEBERATAN,
    Keberatan,
    KegiatanPengembangan,
    NilaiPotensi,
    PengaturanPeriode,
    Penghargaan,
    RencanaPengembangan,
)
from kinerja.scoring.models import Hasil, PenutupanPeriode
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules import pp_46_2011 as pp46
from kinerja.skp.models import BERAKHLAK, PenilaianPerilaku, Periode

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


# --------------------------------------------------------------------------- transparency


def my_results(pegawai_id: int, periode: Periode) -> list[Hasil]:
    """The employee's results of one period: slices in order, then the year (one query)."""
    rows = list(
        with_final(
            Hasil.objects.filter(periode=periode, skp__pegawai_id=pegawai_id).select_related(
                "bagian", "periode", "skp", "diputuskan_oleh"
            )
        ).order_by(F("bagian__nomor").asc(nulls_last=True))
    )
    return rows


def shown_on(periode: Periode) -> date | None:
    """The day the final results are shown to employees: the local date of the period's close
    ([kebijakan], spec §2.6); None when the period was not closed by Kinerja."""
    run = PenutupanPeriode.objects.filter(periode=periode).values_list("selesai", flat=True)
    first = run.first()
    return timezone.localdate(first) if first else None


def objection_window(periode: Periode) -> tuple[date, date] | None:
    """(first day, last day) on which an objection may be filed, both included."""
    start = shown_on(periode)
    if start is None:
        return None
    return start, start + timedelta(days=HARI_PENGAJUAN_KEBERATAN)


@dataclass
class Position:
    """Where one result stands among the unit's results of the same slice (no names)."""

    jumlah: int
    lebih_tinggi: int
    lebih_rendah: int
    sama: int
    sebaran: dict[str, int] = field(default_factory=dict)

    @property
    def cukup(self) -> bool:
        return self.jumlah >= MIN_UNIT_POSITION

    @property
    def peringkat(self) -> int:
        return self.lebih_tinggi + 1

    @property
    def persentil(self) -> int:
        """Share of the colleagues (excluding oneself) whose capaian is lower, in percent."""
        others = self.jumlah - 1
        if others <= 0:
            return 100
        return round(100 * (self.lebih_rendah + (self.sama - 1) / 2) / others)


def unit_position(hasil: Hasil) -> Position | None:
    """Counted in the database: two queries, whatever the unit's size."""
    if hasil.capaian_bulat is None:
        return None
    peers = Hasil.objects.filter(
        periode_id=hasil.periode_id, skp__unit_id=hasil.skp.unit_id, capaian_bulat__isnull=False
    )
    peers = (
        peers.filter(bagian__isnull=True)
        if hasil.bagian_id is None
        else peers.filter(bagian_id=hasil.bagian_id)
    )
    mine = hasil.capaian_bulat
    counts = peers.aggregate(
        jumlah=Count("pk"),
        tinggi=Count("pk", filter=Q(capaian_bulat__gt=mine)),
        rendah=Count("pk", filter=Q(capaian_bulat__lt=mine)),
        sama=Count("pk", filter=Q(capaian_bulat=mine)),
    )
    sebaran = {p.value: 0 for p in pmp.PREDIKAT_ORDER}
    for row in with_final(peers).order_by().values("predikat_akhir").annotate(n=Count("pk")):
        if row["predikat_akhir"]:
            sebaran[row["predikat_akhir"]] = sebaran.get(row["predikat_akhir"], 0) + row["n"]
    return Position(counts["jumlah"], counts["tinggi"], counts["rendah"], counts["sama"], sebaran)


def behaviour_of(hasil: Hasil) -> list[PenilaianPerilaku]:
    qs = PenilaianPerilaku.objects.filter(skp_id=hasil.skp_id).select_related("bagian", "penilai")
    if hasil.bagian_id:
        qs = qs.filter(bagian_id=hasil.bagian_id)
    return list(qs.order_by("bagian__nomor"))


def improvement_areas(explanation, ratings: list[PenilaianPerilaku], names: dict) -> list[dict]:
    """[kebijakan] what to improve: up to three indicators with capaian below 100%, lowest
    first, then every core value the rater rated Di Bawah Ekspektasi, most often first."""
    areas: list[dict] = []
    weak = sorted(
        (line for line in explanation.indicators if line.capaian < 100), key=lambda x: x.capaian
    )
    for line in weak[:MAX_AREAS]:
        indikator = names.get(line.id)
        areas.append({
            "jenis": "indikator", "kode": str(line.id),
            "uraian": indikator.uraian if indikator else f"Indikator {line.id}",
            "capaian": str(round_half_up(line.capaian, 2)),
        })  # fmt: skip
    below: dict[str, list[str]] = {}
    for rating in ratings:
        for code, _label, value, note in rating.nilai():
            if value == "di_bawah":
                below.setdefault(code, [])
                if note:
                    below[code].append(note)
    for code, notes in sorted(below.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        areas.append({
            "jenis": "perilaku", "kode": code, "uraian": NILAI_LABEL[code],
            "catatan": notes[:3],
        })  # fmt: skip
    return areas


# --------------------------------------------------------------------------- objections


def objection_list() -> QuerySet[Keberatan]:
    return Keberatan.objects.select_related(
        "pegawai", "penilai", "pemutus", "hasil__periode", "diputuskan_oleh"
    )


def objections_for(user) -> dict[str, list[Keberatan]]:
    """The user's objections by role: filed, to decide, to explain as rater (3 queries)."""
    base = objection_list().filter(instansi_id=user.instansi_id)
    me = user.pegawai_id
    found = {"diajukan": [], "diputus": [], "dinilai": []}
    if me:
        found["diajukan"] = list(base.filter(pegawai_id=me))
        found["diputus"] = list(base.filter(pemutus_id=me).order_by("status", "tenggat_putusan"))
        found["dinilai"] = list(base.filter(penilai_id=me))
    return found


def waiting_decisions(user) -> list[Keberatan]:
    if not user.pegawai_id:
        return []
    return list(
        objection_list()
        .filter(instansi_id=user.instansi_id, pemutus_id=user.pegawai_id)
        .exclude(status=Keberatan.Status.DIPUTUSKAN)
        .order_by("tenggat_putusan")[:20]
    )


def overdue(keberatan: Keberatan, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return not keberatan.diputuskan and today > keberatan.tenggat_putusan


# --------------------------------------------------------------------------- rewards


def candidates(
    periode: Periode, *, unit_id: int | None = None, min_capaian: Decimal | None = None
) -> QuerySet[Hasil]:
    """Employees with the top predikat, ranked by measured capaian (highest first; ties by
    name), with their rank in the agency list shown and in their unit. One query."""
    qs = annual_results(periode).filter(predikat_akhir=TOP_PREDIKAT, capaian_bulat__isnull=False)
    if unit_id:
        qs = qs.filter(skp__unit_id=unit_id)
    if min_capaian is not None:
        qs = qs.filter(capaian_bulat__gte=min_capaian)
    order = [F("capaian_bulat").desc(), F("skp__pegawai__nama").asc(), F("pk").asc()]
    awards = Penghargaan.objects.filter(periode=periode, pegawai_id=OuterRef("skp__pegawai_id"))
    return qs.annotate(
        peringkat=Window(RowNumber(), order_by=order),
        peringkat_unit=Window(RowNumber(), partition_by=[F("skp__unit_id")], order_by=order),
        sudah_dihargai=Exists(awards),
    ).order_by(*order)


def awards(periode: Periode) -> QuerySet[Penghargaan]:
    return (
        Penghargaan.objects.filter(periode=periode)
        .select_related("pegawai__unit", "dicatat_oleh")
        .order_by("-tanggal", "pegawai__nama")
    )


@dataclass
class TppRow:
    nip: str
    nama: str
    unit: str
    jabatan: str
    periode: int
    predikat: str
    predikat_label: str
    persen: Decimal | None


def tpp_rows(periode: Periode) -> list[TppRow]:
    """One row per annual result with a predikat, in unit then name order (one query)."""
    mapping = settings_for(periode).persen_tpp or {}
    rows = []
    for h in annual_results(periode).order_by("skp__unit__kode", "skp__pegawai__nama", "pk"):
        if not h.predikat_akhir:
            continue
        p = h.skp.pegawai
        percent = mapping.get(h.predikat_akhir)
        rows.append(TppRow(
            nip=p.nip, nama=p.nama_lengkap, unit=h.skp.unit.nama,
            jabatan=p.jabatan.nama if p.jabatan_id else "", periode=periode.tahun,
            predikat=h.predikat_akhir, predikat_label=label_of(h.predikat_akhir, h.skema),
            persen=Decimal(percent) if percent not in (None, "") else None,
        ))  # fmt: skip
    return rows


def label_of(code: str, skema: str) -> str:
    if not code:
        return "—"
    if skema == pp46.SCHEME:
        return str(LABELS.get(f"pp:{code}", code))
    return str(LABELS.get(code, code))


# --------------------------------------------------------------------------- development


def plan_list() -> QuerySet[RencanaPengembangan]:
    return RencanaPengembangan.objects.select_related("pegawai__unit", "penilai", "periode")


def plans_for(user, *, agency: bool = False) -> QuerySet[RencanaPengembangan]:
    qs = plan_list().filter(instansi_id=user.instansi_id)
    if agency:
        return qs
    me = user.pegawai_id or 0
    return qs.filter(Q(pegawai_id=me) | Q(penilai_id=me))


def training_needs(instansi_id: int, periode: Periode | None = None) -> list[dict]:
    """Competencies in the agency's plans: how many people per competency and activity kind."""
    qs = KegiatanPengembangan.objects.filter(instansi_id=instansi_id)
    if periode is not None:
        qs = qs.filter(rencana__periode=periode)
    return list(
        qs.order_by()
        .values("kompetensi", "jenis")
        .annotate(orang=Count("rencana__pegawai", distinct=True))
        .order_by("-orang", "kompetensi", "jenis")
    )


def active_plan(pegawai_id: int) -> RencanaPengembangan | None:
    """The employee's newest plan still being worked on (for panels and the dialogue)."""
    return (
        plan_list()
        .filter(pegawai_id=pegawai_id)
        .exclude(status=RencanaPengembangan.Status.SELESAI)
        .prefetch_related("kegiatan__progres__bagian")
        .order_by("-periode__tahun")
        .first()
    )


# --------------------------------------------------------------------------- talent grid

BOX = {
    ("di_atas", "rendah"): 4, ("di_atas", "menengah"): 7, ("di_atas", "tinggi"): 9,
    ("sesuai", "rendah"): 2, ("sesuai", "menengah"): 5, ("sesuai", "tinggi"): 8,
    ("di_bawah", "rendah"): 1, ("di_bawah", "menengah"): 3, ("di_bawah", "tinggi"): 6,
}  # fmt: skip
"""Spec §6 (PermenPANRB 3/2020): box number by (kinerja, potensial)."""
KINERJA_ROWS = ("di_atas", "sesuai", "di_bawah")
POTENSI_COLS = ("rendah", "menengah", "tinggi")
POTENSI_LABEL = {"rendah": "Rendah", "menengah": "Menengah", "tinggi": "Tinggi"}
KINERJA_LABEL = {"di_atas": "Di Atas", "sesuai": "Sesuai", "di_bawah": "Di Bawah"}
BOX_AXES = {n: key for key, n in BOX.items()}


def box_label(number: int) -> str:
    kinerja, potensi = BOX_AXES[number]
    text = (
        f"Kotak {number}: kinerja {KINERJA_LABEL[kinerja].lower()} ekspektasi, potensial {potensi}"
    )
    if number in (7, 8, 9):
        text += " (kelompok talenta)"
    elif number == 1:
        text += " (perlu rencana pengembangan atau tindak lanjut)"
    return text


def potential_of(score: Decimal, pengaturan: PengaturanPeriode) -> str:
    if score >= pengaturan.potensi_tinggi:
        return "tinggi"
    if score >= pengaturan.potensi_menengah:
        return "menengah"
    return "rendah"


def talent_results(periode: Periode, *, unit_id: int | None = None) -> QuerySet[Hasil]:
    """Annual results annotated with ``skor_potensi`` and ``potensi`` (category)."""
    pengaturan = settings_for(periode)
    score = Subquery(
        NilaiPotensi.objects.filter(periode=periode, pegawai_id=OuterRef("skp__pegawai_id"))
        .values("skor")[:1],
        output_field=DecimalField(max_digits=6, decimal_places=2),
    )  # fmt: skip
    qs = annual_results(periode).annotate(skor_potensi=score)
    qs = qs.annotate(
        potensi=Case(
            When(skor_potensi__gte=pengaturan.potensi_tinggi, then=Value("tinggi")),
            When(skor_potensi__gte=pengaturan.potensi_menengah, then=Value("menengah")),
            When(skor_potensi__isnull=False, then=Value("rendah")),
            default=Value(""),
            output_field=CharField(),
        )
    )
    if unit_id:
        qs = qs.filter(skp__unit_id=unit_id)
    return qs


@dataclass
class Grid:
    counts: dict[int, int]
    tanpa_potensi: int
    tanpa_kinerja: int
    karena_perilaku: int = 0
    """Placed on the Di Bawah row for a Kurang/Misconduct predikat (see :func:`with_final`)."""

    @property
    def rows(self) -> list[list[tuple[int, str, int]]]:
        return [
            [(BOX[(k, p)], box_label(BOX[(k, p)]), self.counts.get(BOX[(k, p)], 0))
             for p in POTENSI_COLS]
            for k in KINERJA_ROWS
        ]  # fmt: skip

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def talent_grid(periode: Periode, *, unit_id: int | None = None) -> Grid:
    """Counts per box, grouped in the database (one query)."""
    counts: dict[int, int] = {}
    no_potential = no_performance = conduct = 0
    rows = (
        talent_results(periode, unit_id=unit_id)
        .order_by()
        .values("kinerja_talenta", "potensi", "karena_perilaku")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        kinerja, potensi = row["kinerja_talenta"], row["potensi"]
        if kinerja not in KINERJA_ROWS:
            no_performance += row["n"]
        elif not potensi:
            no_potential += row["n"]
        else:
            box = BOX[(kinerja, potensi)]
            counts[box] = counts.get(box, 0) + row["n"]
            conduct += row["n"] if row["karena_perilaku"] else 0
    return Grid(counts, no_potential, no_performance, conduct)


def box_people(periode: Periode, box: int, *, unit_id: int | None = None) -> QuerySet[Hasil]:
    kinerja, potensi = BOX_AXES[box]
    return (
        talent_results(periode, unit_id=unit_id)
        .filter(kinerja_talenta=kinerja, potensi=potensi)
        .order_by("-skor_potensi", "-capaian_bulat", "skp__pegawai__nama")
    )


def last_final_result(pegawai_id: int) -> Hasil | None:
    """The employee's latest annual result of a closed period, with its final predikat
    (after any objection): "last predikat" on their home (one query)."""
    return (
        with_final(
            Hasil.objects.filter(
                skp__pegawai_id=pegawai_id, bagian__isnull=True, periode__status="ditutup"
            ).select_related("periode")
        )
        .order_by("-periode__tahun", "-pk")
        .first()
    )
