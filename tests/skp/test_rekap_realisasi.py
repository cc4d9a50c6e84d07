"""The realisation summary (skp.RekapRealisasi) equals a recount from the realisations after
every kind of write: one by one, a change of state, a move to another slice or SKP, a
delete, bulk_create, a queryset update() and delete(), a change of the SKP's unit or
approval; it is rebuilt after a load with its triggers off; and its triggers exist after
`migrate` (issue 21, the HR period page)."""

import time
from datetime import UTC, datetime
from decimal import Decimal
from importlib import import_module

import pytest
from django.db import connection
from django.db.models import Count, Q

from kinerja.skp import rekap
from kinerja.skp.models import Realisasi, RekapRealisasi, Skp
from kinerja.skp.queries import SUBMITTED as SUBMITTED_ROW
from tests.factories import PegawaiFactory, UnitFactory
from tests.skp.factories import RealisasiFactory, approved_skp

SUBMITTED, VERIFIED, DRAFT = (
    Realisasi.Status.DIAJUKAN,
    Realisasi.Status.DIVERIFIKASI,
    Realisasi.Status.DRAF,
)


def recount() -> set[tuple]:
    """The summary as it should be, counted from the realisations themselves."""
    rows = (
        Realisasi.objects.order_by()
        .values("instansi_id", "skp_id", "bagian_id", "skp__unit_id", "skp__disetujui_pada")
        .annotate(
            n=Count("pk"),
            d=Count("pk", filter=Q(status=SUBMITTED)),
            v=Count("pk", filter=Q(status=VERIFIED)),
        )
    )
    return {
        (r["instansi_id"], r["skp_id"], r["bagian_id"], r["skp__unit_id"],
         r["skp__disetujui_pada"] is not None, r["n"], r["d"], r["v"])
        for r in rows
    }  # fmt: skip


def stored() -> set[tuple]:
    return set(
        RekapRealisasi.objects.values_list(
            "instansi_id", "skp_id", "bagian_id", "unit_id", "disetujui", "jumlah", "diajukan",
            "diverifikasi",
        )
    )  # fmt: skip


def assert_exact() -> None:
    expected = recount()
    assert stored() == expected


@pytest.fixture
def skps(personas, periode):
    """Two approved SKPs in two units: three indicators and two."""
    other_unit = UnitFactory(instansi=personas.instansi)
    return [
        approved_skp(PegawaiFactory(instansi=personas.instansi), periode, indicators=3),
        approved_skp(
            PegawaiFactory(instansi=personas.instansi, unit=other_unit), periode, indicators=2
        ),
    ]


def indicators(skp: Skp) -> list:
    return [i for rhk in skp.rhk.all() for i in rhk.indikator.order_by("pk")]


def test_the_triggers_exist_after_migrate(db):
    # The test database is built by running every migration. On SQLite, a later migration
    # that rebuilds skp_realisasi or skp_skp (AlterField and the like copy the table into a
    # new one) drops their triggers without a word, and the summary would silently stop
    # following the realisations: this test is what notices (docs/operasi.md).
    assert rekap.missing_triggers() == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds tables to alter them")
@pytest.mark.django_db(transaction=True)
def test_a_table_rebuild_on_sqlite_drops_the_triggers_and_the_check_sees_it():
    """What AlterField, RemoveField and the like do on SQLite (copy into a new table, drop
    the old one, rename): the triggers of the old table go with it, without a word."""
    migration = import_module("kinerja.skp.migrations.0007_rekap_realisasi")
    try:
        with connection.schema_editor() as editor:
            editor._remake_table(Realisasi)
        assert rekap.missing_triggers() == [
            "skp_realisasi_rekap_delete", "skp_realisasi_rekap_insert",
            "skp_realisasi_rekap_move", "skp_realisasi_rekap_status",
        ]  # fmt: skip
    finally:  # the next tests share this database: put the triggers back
        with connection.cursor() as cursor:
            for sql in (*migration.SQLITE_DROP, *migration.SQLITE):
                cursor.execute(sql)
    assert rekap.missing_triggers() == []


def test_a_dropped_trigger_is_reported(db):
    with connection.cursor() as cursor:
        on = " ON skp_skp" if connection.vendor == "postgresql" else ""
        cursor.execute(f"DROP TRIGGER skp_skp_rekap{on}")
    assert rekap.missing_triggers() == ["skp_skp_rekap"]


def test_realisations_saved_one_by_one_are_counted_per_skp_and_slice(skps, periode):
    first, second = skps
    a, b, c = indicators(first)
    RealisasiFactory(indikator=a, status=SUBMITTED)
    RealisasiFactory(indikator=b, status=VERIFIED)
    RealisasiFactory(indikator=c, status=DRAFT)
    RealisasiFactory(indikator=indicators(second)[0], bagian=periode.bagian.get(nomor=2))
    assert_exact()
    row = RekapRealisasi.objects.get(skp=first)
    assert (row.jumlah, row.diajukan, row.diverifikasi, row.disetujui) == (3, 1, 1, True)
    assert row.unit_id == first.unit_id
    assert RekapRealisasi.objects.filter(SUBMITTED_ROW, pk=row.pk).exists()  # as the page reads it
    assert RekapRealisasi.objects.get(skp=second).bagian.nomor == 2


def test_a_change_of_state_moves_the_counts_and_keeps_the_row(skps):
    realisasi = RealisasiFactory(indikator=indicators(skps[0])[0], status=DRAFT)
    assert RekapRealisasi.objects.get()  # a draft has its row, not counted as submitted
    assert not RekapRealisasi.objects.filter(SUBMITTED_ROW).exists()
    for status in (SUBMITTED, VERIFIED, Realisasi.Status.DIKEMBALIKAN):
        realisasi.status = status
        realisasi.save()
        assert_exact()
    realisasi.nilai = Decimal(7)  # no counted column changes: the update trigger stays still
    realisasi.save()
    assert_exact()
    assert RekapRealisasi.objects.count() == 1


def test_a_realisation_moved_to_another_slice_or_skp_moves_its_count(skps, periode):
    first, second = skps
    moved = RealisasiFactory(indikator=indicators(first)[0])
    RealisasiFactory(indikator=indicators(first)[1])
    moved.bagian = periode.bagian.get(nomor=3)
    moved.status = VERIFIED  # moved and verified in one write
    moved.save()
    assert_exact()
    assert RekapRealisasi.objects.filter(skp=first).count() == 2
    Realisasi.objects.filter(pk=moved.pk).update(skp=second, indikator=indicators(second)[0])
    assert_exact()
    assert RekapRealisasi.objects.filter(skp=second).count() == 1


def test_deleting_the_last_realisation_of_a_slice_removes_its_row(skps):
    first = skps[0]
    kept = RealisasiFactory(indikator=indicators(first)[0])
    gone = RealisasiFactory(indikator=indicators(first)[1], status=VERIFIED)
    gone.delete()
    assert_exact()
    assert RekapRealisasi.objects.get().jumlah == 1
    kept.delete()
    assert not RekapRealisasi.objects.exists()


def test_bulk_create_and_queryset_update_and_delete_keep_it_exact(skps, periode):
    rows = [
        Realisasi(
            instansi=skp.instansi, skp=skp, indikator=indikator, bagian=bagian,
            nilai=Decimal(n), status=(SUBMITTED, VERIFIED, DRAFT)[n % 3],
        )
        for n, (skp, indikator, bagian) in enumerate(
            (skp, i, b) for skp in skps for i in indicators(skp) for b in periode.bagian.all()
        )
    ]  # fmt: skip
    assert len(rows) == 20
    Realisasi.objects.bulk_create(rows)
    assert_exact()
    assert RekapRealisasi.objects.count() == 8
    Realisasi.objects.filter(bagian__nomor__in=(1, 2)).update(status=VERIFIED)
    assert_exact()
    Realisasi.objects.filter(skp=skps[0], bagian__nomor=4).delete()
    assert_exact()
    assert RekapRealisasi.objects.count() == 7
    Realisasi.objects.all().delete()
    assert not RekapRealisasi.objects.exists()


def test_the_skp_s_unit_and_approval_follow_into_its_rows(skps, personas):
    first = skps[0]
    RealisasiFactory(indikator=indicators(first)[0])
    elsewhere = UnitFactory(instansi=personas.instansi)
    Skp.objects.filter(pk=first.pk).update(unit=elsewhere, disetujui_pada=None)
    assert_exact()
    assert RekapRealisasi.objects.get().unit_id == elsewhere.pk
    first.refresh_from_db()
    first.disetujui_pada = datetime(2026, 2, 1, tzinfo=UTC)
    first.save()
    assert_exact()
    assert RekapRealisasi.objects.get().disetujui


def test_rebuild_counts_again_what_was_loaded_with_triggers_off(skps):
    RealisasiFactory(indikator=indicators(skps[0])[0])
    with connection.cursor() as cursor:  # a load that bypasses the triggers
        on = " ON skp_realisasi" if connection.vendor == "postgresql" else ""
        cursor.execute(f"DROP TRIGGER skp_realisasi_rekap_insert{on}")
    for indikator in indicators(skps[1]):
        RealisasiFactory(indikator=indikator, status=VERIFIED)
    assert stored() != recount()
    assert rekap.rebuild() == 2
    assert_exact()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_truncating_the_realisations_empties_the_summary(skps):
    RealisasiFactory(indikator=indicators(skps[0])[0])
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred check left pending
        cursor.execute("TRUNCATE skp_realisasi CASCADE")
    assert not RekapRealisasi.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time")
@pytest.mark.django_db(transaction=True)
def test_two_writers_of_the_same_skp_and_slice_both_count(personas, periode):
    """The second writer's upsert waits for the first one's new, uncommitted summary row,
    then adds to it once the first commits: neither realisation is lost."""
    import threading

    from django.db import connections, transaction

    skp = approved_skp(PegawaiFactory(instansi=personas.instansi), periode, indicators=2)
    first, second = indicators(skp)
    written, failures = threading.Event(), []

    def write(indikator, *, lead: bool) -> None:
        try:
            if not lead:
                assert written.wait(timeout=10)
            with transaction.atomic():
                RealisasiFactory(indikator=indikator)
                if lead:
                    written.set()  # the other writer starts, and waits on this row
                    time.sleep(0.3)
        except Exception as error:  # noqa: BLE001 - reported below, in the test's thread
            failures.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=write, args=(first,), kwargs={"lead": True}),
        threading.Thread(target=write, args=(second,), kwargs={"lead": False}),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    assert RekapRealisasi.objects.get(skp=skp).jumlah == 2
    assert_exact()
