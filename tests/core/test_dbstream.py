"""The bulk machinery keeps its own rules: no statement while a block holds the connection
(on PostgreSQL it would wait for ever), threads joined, settings put back."""

import gc
import threading

import pytest
from django.db import connection, transaction

from kinerja.core import dbstream
from kinerja.org.models import Pegawai

POSTGRESQL = connection.vendor == "postgresql"


def ids() -> list[int]:
    return list(Pegawai.objects.order_by("pk").values_list("pk", flat=True))


def rows():
    return Pegawai.objects.order_by("pk").values_list("pk")


def test_a_query_inside_a_streamed_read_is_refused_and_the_connection_serves_after_it(personas):
    expected = ids()
    assert len(expected) > 1
    wrappers = list(connection.execute_wrappers)
    read = []
    with pytest.raises(dbstream.QueryDuringStream, match="a streamed read"):
        for (pk,) in dbstream.stream_rows(rows()):
            read.append(pk)
            Pegawai.objects.count()
    assert read == expected[:1]
    assert connection.execute_wrappers == wrappers
    assert [pk for (pk,) in dbstream.stream_rows(rows())] == expected
    assert Pegawai.objects.count() == len(expected)


def test_a_stream_left_open_holds_the_connection_until_it_is_closed(personas):
    stream = dbstream.stream_rows(rows())
    assert next(stream)
    with pytest.raises(dbstream.QueryDuringStream):
        Pegawai.objects.count()
    with pytest.raises(dbstream.QueryDuringStream, match="holds the connection already"):
        next(dbstream.stream_rows(rows()))
    stream.close()
    assert Pegawai.objects.count() == len(ids())


def test_an_empty_stream_holds_nothing(personas):
    wrappers = list(connection.execute_wrappers)
    assert list(dbstream.stream_rows(Pegawai.objects.filter(pk=-1).values_list("pk"))) == []
    assert connection.execute_wrappers == wrappers
    assert Pegawai.objects.count()


def test_a_statement_run_meanwhile_gives_its_rows_and_refuses_a_query_in_its_block(personas):
    sql = "SELECT COUNT(*) FROM org_pegawai"
    # right after a streamed read (libpq keeps its chunked mode into a pipeline)
    assert list(dbstream.stream_rows(rows()))
    with dbstream.statement_meanwhile(sql, []) as pending:
        assert pending.rows == []  # not read before the block ends
    assert pending.rows == [(len(ids()),)]
    with (
        pytest.raises(dbstream.QueryDuringStream, match="a statement run meanwhile"),
        dbstream.statement_meanwhile(sql, []),
    ):
        Pegawai.objects.exists()
    assert Pegawai.objects.count() == len(ids())


def test_work_beside_may_not_query_and_its_thread_has_ended_when_the_block_does(personas):
    def query():
        Pegawai.objects.count()

    with (
        pytest.raises(dbstream.QueryDuringStream, match="the thread kinerja-uji"),
        dbstream.beside(query, name="kinerja-uji"),
    ):
        assert Pegawai.objects.count()  # this thread's own queries go on
    assert not [t for t in threading.enumerate() if t.name == "kinerja-uji"]

    started = threading.Event()

    def slow():
        started.set()
        threading.Event().wait(0.2)

    with pytest.raises(ZeroDivisionError), dbstream.beside(slow, name="kinerja-uji"):
        started.wait()
        1 / 0  # noqa: B018
    assert not [t for t in threading.enumerate() if t.name == "kinerja-uji"]


def settings() -> tuple:
    with connection.cursor() as cursor:
        if POSTGRESQL:
            cursor.execute("SHOW work_mem")
        else:
            cursor.execute("PRAGMA cache_size")
        return (gc.isenabled(), cursor.fetchone()[0])


def test_a_bulk_session_puts_the_collector_and_the_settings_back_even_when_it_fails(db):
    before = settings()
    assert before[0]
    with dbstream.bulk_session():
        inside = settings()
    assert inside[0] is False and inside[1] != before[1]
    assert settings() == before
    with pytest.raises(RuntimeError, match="galat"), dbstream.bulk_session():
        raise RuntimeError("galat")
    assert settings() == before


@pytest.mark.skipif(not POSTGRESQL, reason="a failed PostgreSQL transaction takes no statement")
def test_a_bulk_session_in_a_failed_transaction_leaves_the_setting_to_the_rollback(db):
    before = settings()
    with (
        pytest.raises(Exception, match="division by zero"),
        transaction.atomic(),
        dbstream.bulk_session(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT 1 / 0")
    assert settings() == before


@pytest.mark.django_db(transaction=True)
def test_a_bulk_session_needs_a_transaction():
    with pytest.raises(RuntimeError, match="inside a transaction"), dbstream.bulk_session():
        pass
    assert gc.isenabled()


@pytest.mark.skipif(not POSTGRESQL, reason="COPY is PostgreSQL's")
def test_a_query_while_rows_are_copied_is_refused_and_the_writer_thread_ends(db):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE uji_salin (n integer)")
    threads = threading.active_count()

    def work(send):
        for n in range(3):
            send(f"{n}\n".encode())
        return "selesai"

    sql = "COPY uji_salin (n) FROM STDIN"
    assert dbstream.copy_beside(sql, work) == "selesai"

    def querying(send):
        send(b"7\n")
        Pegawai.objects.count()

    with pytest.raises(dbstream.QueryDuringStream, match="writer thread"), transaction.atomic():
        dbstream.copy_beside(sql, querying)
    assert threading.active_count() == threads

    def made():
        yield (8,)
        Pegawai.objects.count()

    with pytest.raises(dbstream.QueryDuringStream, match="binary COPY"), transaction.atomic():
        dbstream.copy_rows("uji_salin", [Column()], made())
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM uji_salin ORDER BY n")
        assert cursor.fetchall() == [(0,), (1,), (2,)]


class Column:
    """A field as copy_rows reads one."""

    column = "n"
    primary_key = False

    def db_type(self, connection):
        return "integer"


def test_copy_text_escaping_doubles_backslashes_and_writes_controls_as_escapes():
    assert dbstream.escape("a\tb\nc\rd\\e") == "a\\tb\\nc\\rd\\\\e"
    assert dbstream.escape("biasa") == "biasa"
    assert dbstream.escape_json('{"a":"x\\\\ny"}') == '{"a":"x\\\\\\\\ny"}'
