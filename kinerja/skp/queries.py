"""Reads shared by pages, the API and other apps. Each runs a fixed number of queries,
whatever the number of rows."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Window

from kinerja.core.dbstream import plain_rows
from kinerja.core.models import AuditHead
from kinerja.org.models import Pegawai, UnitKerja
from kinerja.skp.models import (
    BagianPeriode,
    DialogKinerja,
    Indikator,
    PenilaianPerilaku,
    Periode,
    Permintaan360,
    Realisasi,
    RekapRealisasi,
    Rhk,
    Skp,
    angka,
)
from kinerja.skp.terukur import normal, periksa, tidak_terukur

LATE_LIST_LIMIT = 100


PERIODE_BERJALAN = (Periode.Status.PELAKSANAAN, Periode.Status.PENILAIAN)


def pick_default_period(periods: list[Periode]) -> Periode | None:
    """[kebijakan] The period people work in, among ``periods`` of one agency: the oldest one
    being carried out or assessed (next year's planning opens in November while this year's
    last slice is still verified and rated into January), else the newest closed one, else
    the newest (only plans exist). Never merely the newest planned one while a year runs."""
    running = [p for p in periods if p.status in PERIODE_BERJALAN]
    if running:
        return min(running, key=lambda p: p.tahun)
    closed = [p for p in periods if p.status == Periode.Status.DITUTUP]
    if closed:
        return max(closed, key=lambda p: p.tahun)
    return max(periods, key=lambda p: p.tahun, default=None)


def next_free_year(periods, today: date) -> int:
    """The year a new period is proposed for: this year, or the first after it that has no
    period yet (in December, with this year open, next year's)."""
    taken = {p.tahun for p in periods}
    year = today.year
    while year in taken:
        year += 1
    return year


def default_period(instansi) -> Periode | None:
    """:func:`pick_default_period` of the agency ``instansi`` (an agency or its id); one
    query."""
    instansi_id = getattr(instansi, "pk", instansi)
    return pick_default_period(list(Periode.objects.filter(instansi_id=instansi_id)))


def skp_list() -> QuerySet[Skp]:
    return Skp.objects.select_related("periode", "pegawai", "penilai", "unit", "pegawai__jabatan")


def skp_full(skp: Skp) -> list[Rhk]:
    """The RHK of an SKP with their indicators and the rater's RHK they cascade from."""
    return list(
        skp.rhk.select_related("intervensi")
        .prefetch_related("indikator")
        .order_by("jenis", "urutan", "id")
    )


def rater_rhk(skp: Skp) -> list[Rhk]:
    """The RHK the employee may cascade from: those of the rater's SKP of the same period."""
    if not skp.penilai_id:
        return []
    return list(
        Rhk.objects.filter(skp__pegawai_id=skp.penilai_id, skp__periode_id=skp.periode_id).order_by(
            "jenis", "urutan", "id"
        )
    )


def current_bagian(
    periode: Periode, today: date, slices: list[BagianPeriode] | None = None
) -> BagianPeriode | None:
    """The slice containing today, else the last one that has started, else the first
    (``slices``: the period's slices in order, when the caller has read them already)."""
    slices = list(periode.bagian.all()) if slices is None else slices
    started = [b for b in slices if b.mulai <= today]
    return (started[-1] if started else slices[0]) if slices else None


@dataclass
class TeamRow:
    pegawai: Pegawai
    skp_id: int | None
    skp_status: str | None
    skp_version: int | None
    indikator: int
    realisasi: int
    diajukan: int
    diverifikasi: int
    perilaku: bool
    pesan_baru: int

    @property
    def rencana_disetujui(self) -> bool:
        return self.skp_status == Skp.Status.DISETUJUI

    @property
    def realisasi_lengkap(self) -> bool:
        return self.indikator > 0 and self.realisasi >= self.indikator

    @property
    def semua_terverifikasi(self) -> bool:
        return self.indikator > 0 and self.diverifikasi >= self.indikator


def team_status(rater: Pegawai, periode: Periode, bagian: BagianPeriode) -> list[TeamRow]:
    """One row per person the rater rates this period, in six queries whatever the team size.

    The team is the rater's active direct subordinates plus anyone whose SKP of this
    period names the rater (the rater is kept when the organisation changes). Each measure
    is one grouped query over the team's SKP ids, which the indexes on (skp, …) answer
    directly; correlated subqueries joined through the SKP were planned badly by SQLite.
    """
    people = list(
        Pegawai.objects.filter(
            Q(atasan_id=rater.pk, aktif=True)
            | Q(pk__in=Skp.objects.filter(periode=periode, penilai=rater).values("pegawai_id"))
        )
        .select_related("jabatan")
        .order_by("nama", "pk")
    )
    skps = {
        row["pegawai_id"]: row
        for row in Skp.objects.filter(periode=periode, pegawai__in=[p.pk for p in people]).values(
            "pk", "pegawai_id", "status", "version"
        )
    }
    ids = [row["pk"] for row in skps.values()]
    indikator = dict(
        Indikator.objects.filter(rhk__skp__in=ids)
        .order_by()
        .values("rhk__skp")
        .annotate(n=Count("pk"))
        .values_list("rhk__skp", "n")
    )
    realisasi = {
        row["skp"]: row
        for row in Realisasi.objects.filter(skp__in=ids, bagian=bagian)
        .order_by()
        .values("skp")
        .annotate(
            n=Count("pk"),
            diajukan=Count("pk", filter=Q(status=Realisasi.Status.DIAJUKAN)),
            diverifikasi=Count("pk", filter=Q(status=Realisasi.Status.DIVERIFIKASI)),
        )
    }
    rated = set(
        PenilaianPerilaku.objects.filter(skp__in=ids, bagian=bagian).values_list("skp", flat=True)
    )
    unread = dict(
        DialogKinerja.objects.filter(
            skp__in=ids, bagian=bagian, dibaca_pada__isnull=True, penulis__in=list(skps)
        )
        .order_by()
        .values("skp")
        .annotate(n=Count("pk"))
        .values_list("skp", "n")
    )
    rows = []
    for person in people:
        skp = skps.get(person.pk)
        pk = skp["pk"] if skp else None
        counts = realisasi.get(pk, {})
        rows.append(
            TeamRow(
                pegawai=person,
                skp_id=pk,
                skp_status=skp["status"] if skp else None,
                skp_version=skp["version"] if skp else None,
                indikator=indikator.get(pk, 0),
                realisasi=counts.get("n", 0),
                diajukan=counts.get("diajukan", 0),
                diverifikasi=counts.get("diverifikasi", 0),
                perilaku=pk in rated,
                pesan_baru=unread.get(pk, 0),
            )
        )
    return rows


APPROVED_PLAN = Q(disetujui_pada__isnull=False)
"""An SKP counted as "disetujui": its plan was approved at least once, so it is scored (the
engine reads exactly these), whatever revision is under way."""
PLAN_STATES = ("skp", "draf", "diajukan", "dikembalikan", "disetujui", "direvisi")


def plan_counts(periode: Periode) -> tuple[dict[int, int], dict[int, dict[str, int]]]:
    """Active employees per unit, and the period's SKPs per unit (the SKP's own) by plan
    state: never approved and ``draf`` / ``diajukan`` / ``dikembalikan``; ``disetujui``
    (:data:`APPROVED_PLAN`), of which ``direvisi`` are in a revision now. The one count
    behind "SKP disetujui" on the period page, the dashboard and their downloads (2 queries).
    """
    pegawai, skps = _unit_counts(periode)
    return {unit_id: n for unit_id, (n, _late) in pegawai.items()}, skps


def _unit_counts(
    periode: Periode, *, late_plans: bool = False
) -> tuple[dict[int, tuple[int, int]], dict[int, dict[str, int]]]:
    """:func:`plan_counts`, with who is late counted per unit: active employees and
    (``late_plans``) those of them without an approved plan, a total minus a count of rows
    that do have one (EXISTS in WHERE: a hash semi-join on PostgreSQL, an index probe per
    row on SQLite), so no list of 100,000 ids is built, sorted or searched; per SKP's unit,
    the plan states."""
    agency = periode.instansi_id
    staff = Pegawai.objects.filter(instansi_id=agency, aktif=True).order_by()
    pegawai = _per_unit(staff)
    planned = {}
    if late_plans:
        owns = Exists(approved_owners(periode).filter(pegawai_id=OuterRef("pk")))
        planned = _per_unit(staff.filter(owns))
    never = ~APPROVED_PLAN
    # Counting unit (in the index, never null), not id, lets PostgreSQL read the index only.
    states = {
        "skp": Count("unit"),
        "draf": Count("unit", filter=never & Q(status=Skp.Status.DRAF)),
        "diajukan": Count("unit", filter=never & Q(status=Skp.Status.DIAJUKAN)),
        "dikembalikan": Count("unit", filter=never & Q(status=Skp.Status.DIKEMBALIKAN)),
        "disetujui": Count("unit", filter=APPROVED_PLAN),
        "direvisi": Count("unit", filter=APPROVED_PLAN & ~Q(status=Skp.Status.DISETUJUI)),
    }
    counted = (
        Skp.objects.filter(periode=periode).order_by().values("unit_id").annotate(**states)
    ).values_list("unit_id", *states)
    skps = {unit_id: dict(zip(states, row, strict=True)) for unit_id, *row in plain_rows(counted)}
    return {u: (n, n - planned.get(u, 0) if late_plans else 0) for u, n in pegawai.items()}, skps


def _per_unit(rows: QuerySet) -> dict[int, int]:
    counted = rows.order_by().values("unit_id").annotate(n=Count("*"))
    return dict(plain_rows(counted.values_list("unit_id", "n")))


def approved_owners(periode: Periode) -> QuerySet:
    """The employees with an approved plan (:data:`APPROVED_PLAN`) in ``periode``; read
    from the partial index ``skp_skp_disetujui_idx`` without touching SKP rows."""
    return Skp.objects.filter(APPROVED_PLAN, periode=periode).values("pegawai_id")


SUBMITTED = Q(diajukan__gt=0) | Q(diverifikasi__gt=0)
"""A :class:`RekapRealisasi` row whose SKP submitted (or had verified) a realisation."""


def submitted_in(bagian: BagianPeriode) -> QuerySet:
    """The SKPs that submitted (or had verified) a realisation for ``bagian``, read from the
    realisation summary (one row per SKP and slice)."""
    return RekapRealisasi.objects.filter(
        SUBMITTED, instansi_id=bagian.instansi_id, bagian=bagian
    ).values("skp_id")


@dataclass(slots=True)
class SliceCounts:
    """One unit's realisations in one slice (by the SKP's unit), from the summary."""

    diajukan: int = 0  # realisations submitted, waiting for the rater
    diverifikasi: int = 0  # realisations verified
    # SKPs with an approved plan (APPROVED_PLAN) that submitted or had verified at least one
    skp_terkirim: int = 0


def slice_counts(slices: list[BagianPeriode]) -> dict[int, dict[int, SliceCounts]]:
    """Per slice id, per unit id: :class:`SliceCounts`, in one query over the realisation
    summary's (bagian, unit, …) index, whatever the number of realisations."""
    found: dict[int, dict[int, SliceCounts]] = {b.pk: {} for b in slices}
    if not slices:
        return found
    rows = (
        RekapRealisasi.objects.filter(bagian__in=[b.pk for b in slices])
        .order_by()
        .values("bagian_id", "unit_id")
        .annotate(
            d=Sum("diajukan"),
            v=Sum("diverifikasi"),
            n=Count("unit", filter=SUBMITTED & Q(disetujui=True)),
        )
        .values_list("bagian_id", "unit_id", "d", "v", "n")
    )
    for bagian_id, unit_id, d, v, n in plain_rows(rows):
        found[bagian_id][unit_id] = SliceCounts(d, v, n)
    return found


@dataclass
class UnitCounts:
    unit_id: int
    kode: str
    nama: str
    pegawai: int = 0
    draf: int = 0
    diajukan: int = 0
    disetujui: int = 0  # approved at least once (APPROVED_PLAN), revisions included
    direvisi: int = 0  # of those, in a revision now
    dikembalikan: int = 0
    realisasi_diajukan: int = 0
    realisasi_diverifikasi: int = 0
    induk_id: int | None = None
    punya_anak: bool = False
    langsung: bool = False  # the scope unit's own staff, without its sub-units

    @property
    def belum_ada(self) -> int:
        return max(0, self.pegawai - self.draf - self.diajukan - self.disetujui - self.dikembalikan)


@dataclass
class PeriodReport:
    units: list[UnitCounts]
    total: UnitCounts
    bagian: BagianPeriode | None
    lingkup: UnitCounts | None = None
    jejak: list[UnitCounts] = field(default_factory=list)
    terlambat_rencana: list[Pegawai] = field(default_factory=list)
    jumlah_terlambat_rencana: int = 0
    terlambat_realisasi: list[Skp] = field(default_factory=list)
    jumlah_terlambat_realisasi: int = 0
    menunggu_penilai: list[Skp] = field(default_factory=list)
    jumlah_menunggu_penilai: int = 0


COUNTED = ("pegawai", "draf", "diajukan", "disetujui", "direvisi", "dikembalikan",
           "realisasi_diajukan", "realisasi_diverifikasi")  # fmt: skip


def period_report(periode: Periode, *, today: date, unit_id: int | None = None) -> PeriodReport:
    """HR's view of a period: counts per SKP state per unit, and who is late.

    Rows are the sub-units of ``unit_id`` (default: of the agency's single top unit), each
    with the totals of its whole subtree, plus the unit's own staff; a page drills down
    one level at a time, so an agency of thousands of units stays readable and fast.
    Counting happens in the database (GROUP BY); lists of late people are capped at
    LATE_LIST_LIMIT with their full counts beside them. Late means: the planning deadline
    has passed without an approved SKP; the last finished slice has no submitted
    realisation; or an SKP has waited for its rater since before the planning deadline.
    """
    instansi_id = periode.instansi_id
    slices = list(periode.bagian.all())
    finished = [b for b in slices if b.selesai < today]
    last_done = finished[-1] if finished else None
    current = current_bagian(periode, today, slices) if slices else None
    units = {
        u["id"]: UnitCounts(unit_id=u["id"], kode=u["kode"], nama=u["nama"], induk_id=u["induk_id"])
        for u in UnitKerja.objects.filter(instansi_id=instansi_id).values(
            "id", "kode", "nama", "induk_id"
        )
    }
    plans_late = bool(periode.tenggat_perencanaan and periode.tenggat_perencanaan < today)
    pegawai, skps = _unit_counts(periode, late_plans=plans_late)
    per_slice = slice_counts(list({b.pk: b for b in (last_done, current) if b}.values()))
    late_staff: dict[int, int] = {}
    for found_id, (n, late) in pegawai.items():
        units[found_id].pegawai = n
        if late:
            late_staff[found_id] = late
    for found_id, row in skps.items():
        for state in ("draf", "diajukan", "dikembalikan", "disetujui", "direvisi"):
            setattr(units[found_id], state, row[state])
    late_skps: dict[int, int] = {}
    if last_done is not None:
        # Approved SKPs minus those of them that submitted something for the slice.
        sent = per_slice[last_done.pk]
        for found_id, row in skps.items():
            late = row["disetujui"] - (sent[found_id].skp_terkirim if found_id in sent else 0)
            if late:
                late_skps[found_id] = late
    if current is not None:
        for found_id, counts in per_slice[current.pk].items():
            units[found_id].realisasi_diajukan = counts.diajukan
            units[found_id].realisasi_diverifikasi = counts.diverifikasi
    rows, total, scope, trail = _roll_up(units, unit_id)
    report = PeriodReport(units=rows, total=total, bagian=current, lingkup=scope, jejak=trail)
    if plans_late:
        report.jumlah_terlambat_rencana = sum(late_staff.values())
        report.terlambat_rencana = _first_by_unit(
            Pegawai.objects.select_related("unit", "atasan")
            .filter(instansi_id=instansi_id, aktif=True)
            .exclude(Exists(approved_owners(periode).filter(pegawai_id=OuterRef("pk")))),
            units, late_staff, ("unit__kode", "nama", "pk"),
        )  # fmt: skip
        deadline = datetime.combine(periode.tenggat_perencanaan, time.min, tzinfo=UTC)
        waiting = Skp.objects.filter(
            periode=periode, status=Skp.Status.DIAJUKAN, diajukan_pada__lt=deadline
        )
        report.menunggu_penilai, report.jumlah_menunggu_penilai = _first_and_count(
            waiting.order_by("diajukan_pada", "pk"), skp_list()
        )
    if late_skps:
        report.jumlah_terlambat_realisasi = sum(late_skps.values())
        report.terlambat_realisasi = _first_by_unit(
            skp_list()
            .filter(APPROVED_PLAN, periode=periode)
            .exclude(Exists(submitted_in(last_done).filter(skp_id=OuterRef("pk")))),
            units, late_skps, ("unit__kode", "pegawai__nama", "pk"),
        )  # fmt: skip
    return report


def _first_by_unit(rows: QuerySet, units: dict[int, UnitCounts], late: dict[int, int],
                   order: tuple[str, ...]) -> list:  # fmt: skip
    """The first LATE_LIST_LIMIT of ``rows`` by unit code (then ``order``), read from the
    first units by code that hold that many (``late``: how many each unit has, counted
    already), so the database sorts a handful of rows, not every late one of the agency."""
    chosen, found = [], 0
    for unit in sorted((units[u] for u in late), key=lambda u: u.kode):
        chosen.append(unit.unit_id)
        found += late[unit.unit_id]
        if found >= LATE_LIST_LIMIT:
            break
    return list(rows.filter(unit_id__in=chosen).order_by(*order)[:LATE_LIST_LIMIT])


def _first_and_count(
    rows: QuerySet, load: QuerySet, limit: int = LATE_LIST_LIMIT
) -> tuple[list, int]:
    """The first ``limit`` of ``rows`` (read through ``load``, with what the page shows of
    them) and how many ``rows`` there are, in two queries. The count rides on each id as
    ``COUNT(*) OVER ()``, so the database finds the rows once; only ids are sorted, and only
    the shown rows are joined to their people and units."""
    found = list(rows.annotate(_jumlah=Window(Count("pk"))).values_list("pk", "_jumlah")[:limit])
    if not found:
        return [], 0
    by_pk = load.in_bulk([pk for pk, _ in found])
    return [by_pk[pk] for pk, _ in found], found[0][1]


REPORT_CACHE_SECONDS = 600


def data_version(periode: Periode) -> tuple:
    """What the period report reads, summarised in one cheap query: the agency's audit
    chain length (every change of an SKP, realisation, employee, unit or period is audited)
    and the newest row of each table read (rows inserted without an audit entry, such as a
    bulk load), plus the period's own version. Any of them moving means new figures."""
    agency = OuterRef("instansi_id")

    def newest(model):
        # ORDER BY id DESC LIMIT 1: one step down an index, where MAX() … GROUP BY scans
        return Subquery(model.objects.filter(instansi_id=agency).order_by("-pk").values("pk")[:1])

    return (
        Periode.objects.filter(pk=periode.pk)
        .annotate(
            v_audit=Subquery(AuditHead.objects.filter(instansi_id=agency).values("seq")[:1]),
            v_skp=newest(Skp), v_realisasi=newest(Realisasi), v_pegawai=newest(Pegawai),
            v_unit=newest(UnitKerja),
        )
        .values_list("pk", "version", "v_audit", "v_skp", "v_realisasi", "v_pegawai", "v_unit")
        .get()
    )  # fmt: skip


def period_report_cached(
    periode: Periode, *, today: date, unit_id: int | None = None
) -> PeriodReport:
    """:func:`period_report`, kept for :data:`REPORT_CACHE_SECONDS` while the data it reads
    is unchanged (:func:`data_version`) and the day is the same (lateness moves with it)."""
    version = "-".join(str(part) for part in data_version(periode))
    key = f"kinerja:laporan-periode:{version}:{today:%Y%m%d}:{unit_id or 0}"
    found = cache.get(key)
    if found is None:
        found = period_report(periode, today=today, unit_id=unit_id)
        cache.set(key, found, REPORT_CACHE_SECONDS)
    return found


def _roll_up(units: dict[int, UnitCounts], unit_id: int | None):
    """Sum each unit's counts into the child of the scope unit it belongs to."""
    for unit in units.values():
        parent = units.get(unit.induk_id)
        if parent is not None:
            parent.punya_anak = True
    roots = [u for u in units.values() if u.induk_id not in units]
    scope = units.get(unit_id) if unit_id else (roots[0] if len(roots) == 1 else None)
    trail = []
    step = scope
    while step is not None:
        trail.insert(0, step)
        step = units.get(step.induk_id)
    bucket_of: dict[int, UnitCounts | None] = {}
    rows: dict[int, UnitCounts] = {}

    def bucket(unit: UnitCounts) -> UnitCounts | None:
        if unit.unit_id in bucket_of:
            return bucket_of[unit.unit_id]
        if scope is not None and unit.unit_id == scope.unit_id:
            found = rows.setdefault(0, UnitCounts(unit_id=unit.unit_id, kode=unit.kode,
                                                  nama=unit.nama, langsung=True))  # fmt: skip
        elif unit.induk_id == (scope.unit_id if scope else None) or (
            scope is None and unit.induk_id not in units
        ):
            found = rows.setdefault(unit.unit_id, UnitCounts(
                unit_id=unit.unit_id, kode=unit.kode, nama=unit.nama,
                punya_anak=unit.punya_anak))  # fmt: skip
        else:
            parent = units.get(unit.induk_id)
            found = bucket(parent) if parent is not None else None
        bucket_of[unit.unit_id] = found
        return found

    for unit in units.values():
        target = bucket(unit)
        if target is not None:
            for name in COUNTED:
                setattr(target, name, getattr(target, name) + getattr(unit, name))
    ordered = sorted(rows.values(), key=lambda u: (not u.langsung, u.kode))
    total = UnitCounts(unit_id=0, kode="", nama="Jumlah")
    for name in COUNTED:
        setattr(total, name, sum(getattr(u, name) for u in ordered))
    return ordered, total, scope, trail


@dataclass
class WorkList:
    skp_diajukan: list[Skp] = field(default_factory=list)
    jumlah_skp_diajukan: int = 0
    realisasi_diajukan: list[dict] = field(default_factory=list)
    jumlah_realisasi_diajukan: int = 0
    skp_dikembalikan: list[Skp] = field(default_factory=list)
    realisasi_dikembalikan: int = 0
    pesan_baru: list[dict] = field(default_factory=list)
    permintaan_360: list[Permintaan360] = field(default_factory=list)

    @property
    def kosong(self) -> bool:
        return not (
            self.skp_diajukan or self.realisasi_diajukan or self.skp_dikembalikan
            or self.realisasi_dikembalikan or self.pesan_baru or self.permintaan_360
        )  # fmt: skip


def work_list(user, *, limit: int = 10) -> WorkList:
    """What waits for the user: SKPs to approve, realisations to verify, returned items,
    unread dialogue and 360 requests. Open periods only; a fixed number of queries."""
    result = WorkList()
    me = user.pegawai_id
    if not me:
        return result
    open_skp = Skp.objects.filter(instansi_id=user.instansi_id).exclude(
        periode__status=Periode.Status.DITUTUP
    )
    to_approve = skp_list().filter(pk__in=open_skp.filter(penilai_id=me, status="diajukan"))
    result.skp_diajukan = list(to_approve.order_by("diajukan_pada")[:limit])
    result.jumlah_skp_diajukan = len(result.skp_diajukan)
    if result.jumlah_skp_diajukan == limit:
        result.jumlah_skp_diajukan = to_approve.count()
    result.realisasi_diajukan = list(
        Realisasi.objects.filter(skp__in=open_skp.filter(penilai_id=me), status="diajukan")
        .order_by()
        .values("skp_id", "skp__pegawai__nama", "bagian__nomor")
        .annotate(n=Count("pk"))
        .order_by("skp__pegawai__nama", "bagian__nomor")
    )
    result.jumlah_realisasi_diajukan = sum(r["n"] for r in result.realisasi_diajukan)
    result.realisasi_diajukan = result.realisasi_diajukan[:limit]
    result.skp_dikembalikan = list(
        skp_list().filter(pk__in=open_skp.filter(pegawai_id=me, status="dikembalikan"))
    )
    result.realisasi_dikembalikan = Realisasi.objects.filter(
        skp__in=open_skp.filter(pegawai_id=me), status="dikembalikan"
    ).count()
    result.pesan_baru = list(
        DialogKinerja.objects.filter(
            skp__in=open_skp.filter(Q(pegawai_id=me) | Q(penilai_id=me)),
            dibaca_pada__isnull=True,
        )
        .exclude(penulis_id=me)
        .order_by()
        .values("skp_id", "bagian__nomor", "skp__pegawai__nama", "skp__pegawai_id")
        .annotate(n=Count("pk"))
        .order_by("skp_id", "bagian__nomor")[:limit]
    )  # fmt: skip
    for dialog in result.pesan_baru:
        dialog["milik_saya"] = dialog["skp__pegawai_id"] == me
    result.permintaan_360 = list(
        Permintaan360.objects.filter(responden_id=me, dijawab=False, skp__in=open_skp)
        .select_related("skp__pegawai", "bagian")
        .order_by("dibuat")[:limit]
    )
    return result


@dataclass
class CascadeNode:
    rhk: Rhk
    pemilik: Pegawai
    anak: list["CascadeNode"] = field(default_factory=list)

    @property
    def tidak_diturunkan(self) -> bool:
        """A result of a supervisor that none of their staff carries."""
        return not self.anak and self.pemilik.bawahan_di_unit


def cascade_tree(unit: UnitKerja, periode: Periode) -> list[CascadeNode]:
    """The unit's RHK as a tree (head → staff) following the cascade links, in 2 queries."""
    skps = list(Skp.objects.filter(periode=periode, unit=unit).select_related("pegawai"))
    owners = {s.pk: s.pegawai for s in skps}
    with_staff = {s.penilai_id for s in skps}
    for pegawai in owners.values():
        pegawai.bawahan_di_unit = pegawai.pk in with_staff
    rhk = list(Rhk.objects.filter(skp__in=[s.pk for s in skps]).order_by("jenis", "urutan", "id"))
    nodes = {r.pk: CascadeNode(rhk=r, pemilik=owners[r.skp_id]) for r in rhk}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.rhk.intervensi_id)
        (parent.anak if parent else roots).append(node)
    return roots


def aggregate_360(skp: Skp, bagian: BagianPeriode) -> dict | None:
    """Counts per core value and level across anonymous answers, or None below the minimum."""
    from kinerja.skp.models import NILAI_INTI, Masukan360
    from kinerja.skp.services.perilaku import MIN_JAWABAN_360

    answers = Masukan360.objects.filter(skp=skp, bagian=bagian)
    aggregates = {}
    for code in NILAI_INTI:
        for level in ("di_atas", "sesuai", "di_bawah"):
            aggregates[f"{code}__{level}"] = Count("pk", filter=Q(**{code: level}))
    counts = answers.aggregate(jumlah=Count("pk"), **aggregates)
    if counts["jumlah"] < MIN_JAWABAN_360:
        return {"jumlah": counts["jumlah"], "cukup": False}
    per_value = {
        code: {lvl: counts[f"{code}__{lvl}"] for lvl in ("di_atas", "sesuai", "di_bawah")}
        for code in NILAI_INTI
    }
    notes = [n for n in answers.exclude(catatan="").values_list("catatan", flat=True).order_by("?")]
    return {"jumlah": counts["jumlah"], "cukup": True, "nilai": per_value, "catatan": notes}


# --------------------------------------------------------------------------- homes


@dataclass
class SliceProgress:
    bagian: BagianPeriode
    indikator: int  # the SKP's indicators: one realisation each per slice
    diajukan: int  # submitted or verified
    diverifikasi: int
    sekarang: bool = False

    @property
    def selesai(self) -> bool:
        return self.indikator > 0 and self.diverifikasi >= self.indikator


@dataclass
class Deadline:
    apa: str
    tanggal: date


@dataclass
class Standing:
    """Where an employee stands in a period: their SKP, each slice's realisations, and the
    next date they must meet (the employee's home, issue 21)."""

    periode: Periode | None
    skp: Skp | None = None
    bagian: list[SliceProgress] = field(default_factory=list)
    tenggat: Deadline | None = None

    @property
    def sekarang(self) -> SliceProgress | None:
        return next((s for s in self.bagian if s.sekarang), None)

    @property
    def bagian_selesai(self) -> int:
        return sum(1 for s in self.bagian if s.selesai)


def my_standing(user, periode: Periode | None, *, today: date) -> Standing:
    """The employee's SKP of ``periode``, their realisations per slice and the next deadline:
    plan approval until the plan is approved, then the end of the current slice, then the
    assessment deadline. At most 4 queries."""
    standing = Standing(periode)
    if periode is None or not user.pegawai_id:
        return standing
    standing.skp = (
        Skp.objects.filter(periode=periode, pegawai_id=user.pegawai_id).order_by("pk").first()
    )
    slices = list(periode.bagian.all())
    current = current_bagian(periode, today, slices) if slices else None
    if standing.skp is not None:
        indikator = Indikator.objects.filter(rhk__skp=standing.skp).count()
        per_slice = {
            row["bagian_id"]: row
            for row in Realisasi.objects.filter(skp=standing.skp)
            .order_by()
            .values("bagian_id")
            .annotate(
                d=Count("pk", filter=Q(status__in=("diajukan", "diverifikasi"))),
                v=Count("pk", filter=Q(status="diverifikasi")),
            )
        }
        standing.bagian = [
            SliceProgress(
                b,
                indikator,
                per_slice.get(b.pk, {}).get("d", 0),
                per_slice.get(b.pk, {}).get("v", 0),
                sekarang=current is not None and b == current,
            )  # fmt: skip
            for b in slices
        ]
    approved = standing.skp is not None and standing.skp.disetujui_pada is not None
    if not approved and periode.tenggat_perencanaan and periode.tenggat_perencanaan >= today:
        standing.tenggat = Deadline("Persetujuan rencana SKP", periode.tenggat_perencanaan)
    elif current is not None and current.selesai >= today:
        standing.tenggat = Deadline(f"Realisasi {current.label}", current.selesai)
    elif periode.tenggat_penilaian and periode.tenggat_penilaian >= today:
        standing.tenggat = Deadline("Penilaian kinerja", periode.tenggat_penilaian)
    return standing


@dataclass
class PeriodStage:
    """A period's stage and how far its plans are (HR, the agency head and the auditor)."""

    periode: Periode
    bagian: BagianPeriode | None
    pegawai: int
    disetujui: int
    diajukan: int


def period_stage(periode: Periode, *, today: date) -> PeriodStage:
    """From ``plan_counts``, the same count as the period page's "SKP disetujui"."""
    pegawai, skps = plan_counts(periode)
    return PeriodStage(
        periode=periode,
        bagian=current_bagian(periode, today),
        pegawai=sum(pegawai.values()),
        disetujui=sum(row["disetujui"] for row in skps.values()),
        diajukan=sum(row["diajukan"] for row in skps.values()),
    )


def temuan_indikator(rhk_list: list[Rhk]) -> dict[int, list]:
    """The checker's findings (kinerja/skp/terukur.py) for every indicator of an SKP, keyed by
    indicator id and also set as ``indikator.temuan`` on the prefetched objects; the other
    indicators of the same SKP are the duplicates' reference. No query beyond the prefetch."""
    semua = [i for r in rhk_list for i in r.indikator.all()]
    hasil = {}
    for i in semua:
        lain = [o.uraian for o in semua if o.pk != i.pk]
        hasil[i.pk] = i.temuan = periksa(
            i.uraian, satuan=i.satuan, aspek=i.aspek, target=i.target, sumber=i.sumber, lain=lain
        )
    return hasil


def saran_indikator(skp: Skp, *, batas: int = 6) -> list[dict]:
    """Indicators used by others in the same position (jabatan) in the agency, in approved SKPs,
    that the checker finds measurable: the most used first. One query."""
    jabatan_id = skp.pegawai.jabatan_id
    if not jabatan_id:
        return []
    rows = (
        Indikator.objects.filter(
            instansi_id=skp.instansi_id,
            rhk__skp__pegawai__jabatan_id=jabatan_id,
            rhk__skp__status=Skp.Status.DISETUJUI,
            sumber=Indikator.Sumber.MANUAL,
        )
        .exclude(rhk__skp__pegawai_id=skp.pegawai_id)
        .values_list("uraian", "satuan", "aspek", "arah", "target")
        .order_by("-rhk__skp__periode__tahun", "id")[:500]
    )
    seen: dict[str, dict] = {}
    for uraian, satuan, aspek, arah, target in rows:
        key = normal(uraian)
        if key in seen:
            seen[key]["dipakai"] += 1
            continue
        if tidak_terukur(periksa(uraian, satuan=satuan, aspek=aspek, target=target)):
            continue
        seen[key] = {
            "uraian": uraian,
            "satuan": satuan,
            "aspek": aspek,
            "arah": arah,
            "target": angka(target),
            "dipakai": 1,
        }
    return sorted(seen.values(), key=lambda s: -s["dipakai"])[:batas]
