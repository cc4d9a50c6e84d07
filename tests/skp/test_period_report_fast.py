"""The HR period report computed fast agrees with the report as it was computed before
(issue 21): the reference below is the earlier implementation, copied unchanged, run on a
generated agency with inactive staff, moved SKPs, revisions and submitted slices, at several
dates and unit scopes."""

from datetime import UTC, date, datetime, time

import pytest
from django.db.models import Count, Q

from kinerja.org.models import Pegawai, UnitKerja
from kinerja.skp import queries
from kinerja.skp.models import Periode, Realisasi, Skp
from kinerja.skp.queries import (
    APPROVED_PLAN,
    COUNTED,
    LATE_LIST_LIMIT,
    PeriodReport,
    UnitCounts,
    current_bagian,
    plan_counts,
    skp_list,
)
from tests.factories import PegawaiFactory
from tests.skp.test_rekap_realisasi import assert_exact

# ---- the earlier implementation (kinerja/skp/queries.py before the change), unchanged ----


def reference_report(periode: Periode, *, today: date, unit_id: int | None = None) -> PeriodReport:
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
    current = current_bagian(periode, today) if slices else None
    units = {
        u["id"]: UnitCounts(unit_id=u["id"], kode=u["kode"], nama=u["nama"], induk_id=u["induk_id"])
        for u in UnitKerja.objects.filter(instansi_id=instansi_id).values(
            "id", "kode", "nama", "induk_id"
        )
    }
    pegawai, skps = plan_counts(periode)
    for found_id, n in pegawai.items():
        units[found_id].pegawai = n
    for found_id, row in skps.items():
        for state in ("draf", "diajukan", "dikembalikan", "disetujui", "direvisi"):
            setattr(units[found_id], state, row[state])
    if current is not None:
        for row in (
            Realisasi.objects.filter(bagian=current)
            .order_by()
            .values("skp__unit_id")
            .annotate(
                d=Count("pk", filter=Q(status=Realisasi.Status.DIAJUKAN)),
                v=Count("pk", filter=Q(status=Realisasi.Status.DIVERIFIKASI)),
            )
        ):
            unit = units[row["skp__unit_id"]]
            unit.realisasi_diajukan, unit.realisasi_diverifikasi = row["d"], row["v"]
    rows, total, scope, trail = reference_roll_up(units, unit_id)
    report = PeriodReport(units=rows, total=total, bagian=current, lingkup=scope, jejak=trail)
    if periode.tenggat_perencanaan and periode.tenggat_perencanaan < today:
        late = Pegawai.objects.filter(instansi_id=instansi_id, aktif=True).exclude(
            pk__in=Skp.objects.filter(APPROVED_PLAN, periode=periode).values("pegawai_id")
        )
        report.jumlah_terlambat_rencana = late.count()
        report.terlambat_rencana = list(
            late.select_related("unit", "atasan").order_by("unit__kode", "nama", "pk")[
                :LATE_LIST_LIMIT
            ]
        )
        deadline = datetime.combine(periode.tenggat_perencanaan, time.min, tzinfo=UTC)
        waiting = skp_list().filter(
            periode=periode, status=Skp.Status.DIAJUKAN, diajukan_pada__lt=deadline
        )
        report.jumlah_menunggu_penilai = waiting.count()
        report.menunggu_penilai = list(waiting.order_by("diajukan_pada")[:LATE_LIST_LIMIT])
    if last_done is not None:
        # NOT IN over the slice's submitted SKPs: one pass over an index, not a probe per SKP.
        submitted = Realisasi.objects.filter(
            bagian=last_done,
            status__in=(Realisasi.Status.DIAJUKAN, Realisasi.Status.DIVERIFIKASI),
        ).values("skp_id")
        late_real = (
            skp_list()
            .filter(periode=periode, disetujui_pada__isnull=False)
            .exclude(pk__in=submitted)
        )
        report.jumlah_terlambat_realisasi = late_real.count()
        # Listed by unit code and name since (was by id), like the late plans.
        report.terlambat_realisasi = list(
            late_real.order_by("unit__kode", "pegawai__nama", "pk")[:LATE_LIST_LIMIT]
        )
    return report


def reference_roll_up(units: dict[int, UnitCounts], unit_id: int | None):
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


# ---- the comparison ----------------------------------------------------------------------


def _unit(u):
    return None if u is None else tuple(getattr(u, f) for f in (
        "unit_id", "kode", "nama", *COUNTED, "induk_id", "punya_anak", "langsung", "belum_ada"
    ))  # fmt: skip


def _same(old: PeriodReport, new: PeriodReport) -> int:
    assert [_unit(u) for u in new.units] == [_unit(u) for u in old.units]
    assert _unit(new.total) == _unit(old.total)
    assert _unit(new.lingkup) == _unit(old.lingkup)
    assert [_unit(u) for u in new.jejak] == [_unit(u) for u in old.jejak]
    assert (new.bagian and new.bagian.pk) == (old.bagian and old.bagian.pk)
    for name in ("rencana", "realisasi"):
        assert getattr(new, f"jumlah_terlambat_{name}") == getattr(old, f"jumlah_terlambat_{name}")
        assert [x.pk for x in getattr(new, f"terlambat_{name}")] == [
            x.pk for x in getattr(old, f"terlambat_{name}")
        ]
    assert new.jumlah_menunggu_penilai == old.jumlah_menunggu_penilai
    assert [x.pk for x in new.menunggu_penilai] == [x.pk for x in old.menunggu_penilai]
    return old.jumlah_terlambat_rencana + old.jumlah_terlambat_realisasi


@pytest.fixture
def agency(db, settings, tmp_path):
    from kinerja.demo.generator import build_agency
    from kinerja.skp.demo import build_skp_year

    settings.MEDIA_ROOT = tmp_path / "media"
    built = build_agency(pegawai=260, seed=5, kode="CEPAT", with_accounts=False)
    year = build_skp_year(built.instansi, seed=5, today=date(2026, 8, 15))
    periode = year.periode
    staff = list(Pegawai.objects.filter(instansi=built.instansi).order_by("pk"))
    # Left the agency, some with an approved SKP: counted nowhere as late, nor as staff.
    Pegawai.objects.filter(pk__in=[p.pk for p in staff[5:40:7]]).update(aktif=False)
    units = list(UnitKerja.objects.filter(instansi=built.instansi).order_by("pk"))
    skps = list(Skp.objects.filter(periode=periode).order_by("pk"))
    # An SKP written in one unit whose owner moved to another since.
    for skp, unit in zip(skps[10:200:23], units[::3], strict=False):
        Pegawai.objects.filter(pk=skp.pegawai_id).update(unit=unit)
    # A revision under way, a plan sent back, a plan never written.
    Skp.objects.filter(pk__in=[s.pk for s in skps[50:60]]).update(
        status=Skp.Status.DRAF
    )  # disetujui_pada kept
    Skp.objects.filter(pk__in=[s.pk for s in skps[60:64]]).update(
        status=Skp.Status.DIKEMBALIKAN, disetujui_pada=None
    )
    for day, skp in enumerate(skps[64:70], start=20):  # waiting since before the deadline
        Skp.objects.filter(pk=skp.pk).update(
            status=Skp.Status.DIAJUKAN, disetujui_pada=None,
            diajukan_pada=datetime(2026, 1, day, tzinfo=UTC),
        )  # fmt: skip
    for unit in units[2:9:3]:  # joined after the deadline, no SKP yet
        PegawaiFactory(instansi=built.instansi, unit=unit)
    # Some realisations of the slice under way already submitted or verified.
    third = periode.bagian.get(nomor=3)
    rows = list(Realisasi.objects.filter(bagian__nomor=2, skp__periode=periode)[:40])
    for row in rows:
        row.pk = None
        row.kunci_eksternal = None
        row.bagian = third
    Realisasi.objects.bulk_create(rows)
    Realisasi.objects.filter(bagian=third, pk__in=[r.pk for r in rows[::2]]).update(
        status=Realisasi.Status.DIVERIFIKASI
    )
    return periode


def test_the_fast_report_agrees_with_the_earlier_one(agency):
    # The realisation summary the report reads followed the demo year's executemany, the
    # bulk_create and the update() above through its triggers.
    assert_exact()
    periode = Periode.objects.get(pk=agency.pk)
    units = list(UnitKerja.objects.filter(instansi_id=periode.instansi_id).order_by("kode"))
    scopes = [None, units[1].pk, units[len(units) // 2].pk, units[-1].pk]
    # before the planning deadline; slice 2 done, 3 under way; slice 3 done; the year's end
    for today in (date(2026, 1, 15), date(2026, 8, 15), date(2026, 10, 2), date(2026, 12, 6)):
        late = 0
        for unit_id in scopes:
            late += _same(reference_report(periode, today=today, unit_id=unit_id),
                          queries.period_report(periode, today=today, unit_id=unit_id))  # fmt: skip
        if today > date(2026, 2, 1):
            assert late > 0, today  # the lists were compared with something in them
    report = queries.period_report(periode, today=date(2026, 12, 6))
    assert report.jumlah_terlambat_realisasi > LATE_LIST_LIMIT == len(report.terlambat_realisasi)
    assert report.jumlah_menunggu_penilai == 6 and report.total.direvisi >= 10


def test_no_late_count_is_a_not_in_over_a_subquery(agency):
    """On PostgreSQL, NOT IN (SELECT …) is a hashed subplan only while the subquery's rows
    fit in work_mem; past that (a finished slice's 500,000 realisations) it is run again per
    row: the page's first reading on 20 June did not finish in 8 minutes at 100,000
    employees (bench/RESULTS.md). The late counts are EXISTS semi-joins instead."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    periode = Periode.objects.get(pk=agency.pk)
    with CaptureQueriesContext(connection) as seen:
        report = queries.period_report(periode, today=date(2026, 10, 2))
    assert report.jumlah_terlambat_rencana and report.jumlah_terlambat_realisasi
    statements = [q["sql"].upper() for q in seen.captured_queries]
    assert any("EXISTS(" in sql for sql in statements)
    assert not [sql for sql in statements if " IN (SELECT" in sql]
