"""Period close, how it runs: all-or-nothing when interrupted, the combined hash made by the
server meanwhile, no query inside its streaming blocks, a constant query count, and the
collector and session settings restored."""

import hashlib
import random

import pytest
from django.db import connection

from kinerja.core import dbstream
from kinerja.scoring import services
from kinerja.scoring.models import Hasil, PenutupanPeriode
from kinerja.scoring.services import close as close_module
from kinerja.scoring.services import inputs
from kinerja.scoring.services import results as results_module
from kinerja.skp.models import Periode
from tests.scoring.conftest import random_agency, snapshot


def test_interrupted_close_leaves_the_period_open_and_untouched(
    personas, periode, team, monkeypatch
):
    bagian = periode.bagian.get(nomor=1)
    services.compute_results(periode, by=personas.admin, bagian=bagian)
    hasil = Hasil.objects.select_related("skp", "periode").filter(bagian=bagian).first()
    services.confirm_result(hasil, by=personas.atasan)
    before = snapshot(periode)
    real_insert = results_module._insert
    calls = []

    def failing_insert(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:  # after two slices were stored (one batch each, this small)
            raise RuntimeError("listrik padam")
        return real_insert(*args, **kwargs)

    monkeypatch.setattr(results_module, "_insert", failing_insert)
    with pytest.raises(RuntimeError):
        services.close_period(periode, by=personas.admin)
    assert len(calls) == 3
    periode.refresh_from_db()
    assert periode.status == Periode.Status.PENILAIAN
    assert snapshot(periode) == before
    assert not PenutupanPeriode.objects.exists()
    monkeypatch.setattr(results_module, "_insert", real_insert)
    services.close_period(periode, by=personas.admin)  # and it can be closed afterwards
    assert Hasil.objects.get(pk=hasil.pk).status == Hasil.Status.DIKONFIRMASI


def test_interrupt_during_the_curve_check_also_rolls_back(personas, periode, team, monkeypatch):
    """The curve check fails while the combined hash is still with the server (PostgreSQL):
    the close rolls back, and the connection serves the next close."""

    def broken(*args, **kwargs):
        raise RuntimeError("galat di tengah")

    monkeypatch.setattr("kinerja.scoring.services.close.queries.curve_scopes", broken)
    with pytest.raises(RuntimeError):
        services.close_period(periode, by=personas.admin)
    periode.refresh_from_db()
    assert periode.status == Periode.Status.PENILAIAN
    assert not Hasil.objects.exists()
    monkeypatch.undo()
    run = services.close_period(periode, by=personas.admin)
    assert run.hash_gabungan == services.combined_hash(periode)


def test_the_hash_made_meanwhile_is_the_combined_hash_and_passes_the_wrappers(
    personas, periode, team
):
    """The close's combined hash is made by the server while the curve check runs here: the
    same digest as combined_hash, a query inside the block refused (on PostgreSQL it would
    wait for the hash), and the statement reaches the execute wrappers."""
    services.close_period(periode, by=personas.admin)
    seen = []

    def record(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record), close_module.hash_meanwhile(periode) as pending:
        assert pending.value == ""  # not read before the block ends
    with pytest.raises(dbstream.QueryDuringStream), close_module.hash_meanwhile(periode):
        Hasil.objects.filter(periode=periode).count()
    assert Hasil.objects.filter(periode=periode).count() == 12 * 5
    assert pending.value == services.combined_hash(periode)
    assert pending.value == PenutupanPeriode.objects.get(periode=periode).hash_gabungan
    # the hash's own statement (the count inside the block reads no hash_masukan)
    assert any("hash_masukan" in sql for sql in seen)
    with pytest.raises(ZeroDivisionError), close_module.hash_meanwhile(periode):
        1 / 0  # noqa: B018
    assert Hasil.objects.filter(periode=periode).count() == 12 * 5
    # right after a streamed read (libpq kept its chunked mode into the pipeline)
    assert list(dbstream.stream_rows(Hasil.objects.values_list("pk")))
    with close_module.hash_meanwhile(periode) as again:
        pass
    assert again.value == pending.value


def test_combined_hash_is_the_hash_of_the_rows_in_database_order(personas, periode, team):
    """The combined hash sorts in Python what ``ORDER BY skp_id, nomor`` would give (NULL, the
    year, where this database puts it)."""
    run = services.close_period(periode, by=personas.admin)
    rows = (
        Hasil.objects.filter(periode=periode)
        .order_by("skp_id", "bagian__nomor")
        .values_list("skp_id", "bagian__nomor", "hash_masukan")
    )
    digest = hashlib.sha256()
    for skp_id, nomor, value in rows:
        digest.update(f"{skp_id}:{nomor or 0}:{value}\n".encode())
    assert run.hash_gabungan == digest.hexdigest() == services.combined_hash(periode)
    # PostgreSQL hashes in the server; the Python reading gives the same digest everywhere.
    assert close_module._combined_hash_here(periode) == run.hash_gabungan


def test_combined_hash_of_a_period_without_results_is_the_hash_of_nothing(personas, periode):
    assert services.combined_hash(periode) == hashlib.sha256(b"").hexdigest()


def test_close_keeps_a_constant_query_count_as_the_agency_grows(personas, periode):
    """The close reads and writes per slice and per query kind, never per SKP or result."""
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    def closed_with_queries() -> int:
        with CaptureQueriesContext(db) as captured:
            services.close_period(periode, by=personas.admin)
        Hasil.objects.filter(periode=periode).delete()
        PenutupanPeriode.objects.filter(periode=periode).delete()
        Periode.objects.filter(pk=periode.pk).update(status=Periode.Status.PENILAIAN)
        periode.refresh_from_db()
        return len(captured.captured_queries)

    random_agency(personas, periode, random.Random(29), count=3)
    small = closed_with_queries()
    random_agency(personas, periode, random.Random(31), count=12)
    assert Hasil.objects.filter(periode=periode).count() == 0
    assert closed_with_queries() == small


def test_streamed_reads_pass_through_the_execute_wrappers(personas, periode, team):
    """The close's streamed reads bypass Django's cursor on PostgreSQL; the statements still
    reach the connection's execute wrappers (the authorization matrix watches there), and
    no row is lost to it, nor to an empty result."""
    from kinerja.scoring import queries

    seen = []

    def record(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    plain = inputs.read_source(periode)
    with connection.execute_wrapper(record):
        watched = inputs.read_source(periode)
        empty = queries.curve_rows(periode)
    tables = ("skp_indikator", "skp_realisasi", "skp_penilaianperilaku", "scoring_hasil")
    for table in tables:
        assert any(f'FROM "{table}"' in sql for sql in seen), table
    assert watched.realisations == plain.realisations and len(plain.realisations) == 12
    assert watched.indicators == plain.indicators and watched.behaviour == plain.behaviour
    assert empty == []
    services.close_period(periode, by=personas.admin)
    with connection.execute_wrapper(record):
        assert len(queries.curve_rows(periode)) == 12


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's work_mem")
def test_close_takes_more_memory_per_hash_for_its_own_work_only(personas, periode, team):
    """The close's year sums run as a hash aggregate with work_mem raised for the close's
    bulk phase (dbstream.POSTGRESQL_WORK_MEM); the setting is back as it was afterwards."""
    from kinerja.scoring import queries

    def setting():
        with connection.cursor() as cursor:
            cursor.execute("SHOW work_mem")
            return cursor.fetchone()[0]

    before = setting()
    assert before != dbstream.POSTGRESQL_WORK_MEM
    seen = []
    real = queries.curve_inputs

    def watched(*args, **kwargs):
        seen.append(setting())
        return real(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(queries, "curve_inputs", watched)
        services.close_period(periode, by=personas.admin)
    assert seen == [dbstream.POSTGRESQL_WORK_MEM]
    assert setting() == before


def test_a_query_inside_the_closes_streaming_blocks_is_refused_and_nothing_is_kept(
    personas, periode, team
):
    """The close's layout (beside the reading) and its curve check (while the server makes
    the hash) may send no query: one there would hang the close on PostgreSQL. It is refused
    on either database, the close rolls back, and the next close works."""
    from kinerja.scoring import queries
    from kinerja.scoring.services import bulk

    def querying_layout(source, **kwargs):
        Hasil.objects.count()

    def querying_curve(*args, **kwargs):
        return Hasil.objects.count()

    for target, name, replacement, holder in (
        (bulk, "prepare", querying_layout, "kinerja-tata-letak"),
        (queries, "curve_scopes", querying_curve, "meanwhile"),
    ):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(target, name, replacement)
            with pytest.raises(dbstream.QueryDuringStream, match=holder):
                services.close_period(periode, by=personas.admin)
        periode.refresh_from_db()
        assert periode.status == Periode.Status.PENILAIAN
        assert not Hasil.objects.exists()
    run = services.close_period(periode, by=personas.admin)
    assert run.hash_gabungan == services.combined_hash(periode)


def test_a_failing_close_leaves_the_collector_on_and_the_settings_as_they_were(
    personas, periode, team, monkeypatch
):
    import gc

    def setting():
        with connection.cursor() as cursor:
            vendor = connection.vendor
            cursor.execute("SHOW work_mem" if vendor == "postgresql" else "PRAGMA cache_size")
            return cursor.fetchone()[0]

    before = setting()
    seen = []

    def broken(*args, **kwargs):
        seen.append((gc.isenabled(), setting()))
        raise RuntimeError("galat di tengah")

    monkeypatch.setattr("kinerja.scoring.services.close.queries.curve_inputs", broken)
    with pytest.raises(RuntimeError, match="galat di tengah"):
        services.close_period(periode, by=personas.admin)
    assert seen and seen[0][0] is False and seen[0][1] != before  # the bulk phase's
    assert gc.isenabled() and setting() == before
