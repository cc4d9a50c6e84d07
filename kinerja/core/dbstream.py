"""Bulk work on one connection at the database's pace, with its rules kept in code.

A period close reads millions of rows and writes hundreds of thousands in one transaction
(docs/penutupan.md). To let the server and this process work at the same time it uses a few
tools that hold the connection in ways Django's ORM does not:

- :func:`stream_rows`: a query's rows as the server sends them;
- :func:`statement_meanwhile`: one statement the server runs while a block runs here;
- :func:`beside`: a function run in a thread of its own while this thread reads;
- :func:`copy_rows` and :func:`copy_beside`: ``COPY … FROM STDIN``, binary at once, or as
  text sent by a writer thread while the rows are still being made;
- :func:`bulk_session`: the settings of a bulk phase, put back when it ends.

While one of them holds the connection, no other statement may be sent on it: psycopg keeps
the connection's lock while rows stream or a ``COPY`` runs, so a statement from the same
thread would wait for ever, and one sent during a pipelined statement waits for it. Each
block therefore installs :func:`held`, an execute wrapper that refuses every statement with
:class:`QueryDuringStream`, on every database: a test on SQLite finds what would hang on
PostgreSQL. The module's own statements go to the bare psycopg cursor before the guard is
installed (through the execute wrappers, as Django's cursor would send them,
:func:`run_wrapped`), so they never meet it.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection
from psycopg import pq
from psycopg.copy import QueuedLibpqWriter

FETCH = 20_000
"""Rows per fetch of a read that is not streamed in chunks."""
CHUNK = 5000
"""Rows per chunk of a streamed read (PostgreSQL, libpq 17 or later)."""
POSTGRESQL_WORK_MEM = "256MB"
"""PostgreSQL's memory per sort or hash in a bulk phase, local to its transaction: the close's
per-indicator sums become a hash join and a hash aggregate in memory instead of one index
lookup per realisation, and the aggregate returns nothing until it has read every row, so
the year is laid out meanwhile (≈ 300 MB at 100,000 employees, docs/operasi.md)."""
SQLITE_BULK = {"cache_size": -262_144}
"""SQLite settings of a bulk phase: a 256 MiB page cache (negative = KiB). (``temp_store``
cannot change inside a transaction.)"""
COPY_NULL = "\\N"
"""NULL in ``COPY`` text."""


class QueryDuringStream(RuntimeError):
    """A statement sent on a connection while a block of this module holds it (on PostgreSQL
    it would wait for ever, or for the block's own statement)."""


class _Guard:
    """An execute wrapper that refuses every statement, naming what holds the connection."""

    __slots__ = ("holder",)

    def __init__(self, holder: str) -> None:
        self.holder = holder

    def __call__(self, execute, sql, params, many, context):
        raise QueryDuringStream(
            f"{self.holder} holds the connection: send this statement before the block or "
            f"after it ({' '.join(str(sql).split())[:160]})"
        )


@contextmanager
def held(holder: str):
    """No statement on this thread's connection inside the block: each one raises
    :class:`QueryDuringStream` naming ``holder``. Nothing else changes."""
    guard = _Guard(holder)
    wrappers = connection.execute_wrappers
    wrappers.append(guard)
    try:
        yield
    finally:
        wrappers.remove(guard)  # by identity: blocks may end in any order


def _ensure_free() -> None:
    """Refuse to start holding a connection that a block already holds."""
    for wrapper in connection.execute_wrappers:
        if isinstance(wrapper, _Guard):
            raise QueryDuringStream(f"{wrapper.holder} holds the connection already")


def run_wrapped(sql, params, run):
    """``run(sql, params)`` through the connection's execute wrappers, in the order Django's
    own cursor applies them (for statements sent on the bare psycopg cursor: the
    authorization matrix watches there)."""

    def executor(sql, params, _many, _context):
        return run(sql, params)

    for wrapper in reversed(connection.execute_wrappers):
        executor = functools.partial(wrapper, executor)
    return executor(sql, params, False, {"connection": connection, "cursor": None})


def plain_rows(queryset) -> list[tuple]:
    """Every row of a values_list queryset, read on an ordinary cursor (counted like any
    query) but without Django's per-value converters: for aggregates of thousands of rows
    whose values the database returns ready (counts and sums are ints on both databases),
    where the converters cost more than the query's rows take to arrive."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


_END = object()


def stream_rows(queryset) -> Iterator[tuple]:
    """Run a values_list queryset on the bare cursor and yield its rows (no per-value
    converters). PostgreSQL with libpq 17 or later: the rows come in chunks while they are
    read (psycopg's ``stream``: the server makes the next chunk while this process handles
    the last); older libpq: a server-side cursor inside a transaction; other databases fetch
    in batches. No other statement until the last row is read (or the generator closed):
    :func:`held`."""
    sql, params = queryset.query.sql_with_params()
    holder = f"a streamed read ({_head(sql)})"
    _ensure_free()
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        raw = connection.connection
        if _chunked_rows():
            with raw.cursor() as cursor:

                def start(sql, params):
                    rows = cursor.stream(sql, params, size=CHUNK)
                    return rows, next(rows, _END)  # the statement runs here

                rows, first = run_wrapped(sql, params, start)
                if first is not _END:
                    with held(holder):
                        yield first
                        yield from rows
            return
        if connection.in_atomic_block:
            with connection.cursor() as plain:
                # A cursor is planned for its first rows (nested loops); this one reads all.
                plain.execute("SET LOCAL cursor_tuple_fraction = 1.0")
            with raw.cursor(name="kinerja_stream") as cursor:
                cursor.itersize = FETCH
                run_wrapped(sql, params, cursor.execute)
                with held(holder):
                    while rows := cursor.fetchmany(FETCH):
                        yield from rows
            return
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        with held(holder):
            while rows := cursor.fetchmany(FETCH):
                yield from rows


def _chunked_rows() -> bool:
    return pq.version() >= 170000


def _head(sql: str) -> str:
    return " ".join(str(sql).split())[:80]


@dataclass
class Pending:
    """What a statement sent ahead returns, once its block has ended."""

    rows: list[tuple] = field(default_factory=list)


@contextmanager
def statement_meanwhile(sql: str, params):
    """Run ``sql`` alongside the block; its rows are in the yielded :class:`Pending` once the
    block has ended. PostgreSQL: sent when the block starts (psycopg's pipeline mode) and read
    when it ends, so the server works while the block runs here; elsewhere it runs after the
    block. The block sends no statement (:func:`held`). A statement with many rows overlaps
    little unless the server makes them all before the first, as an aggregate does (it stops
    at a full socket until they are read)."""
    pending = Pending()
    holder = f"a statement run meanwhile ({_head(sql)})"
    _ensure_free()
    if connection.vendor != "postgresql":
        with held(holder):
            yield pending
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            pending.rows = cursor.fetchall()
        return
    connection.ensure_connection()
    raw = connection.connection
    _leave_chunked_mode(raw)
    with raw.pipeline(), raw.cursor() as cursor:
        run_wrapped(sql, params, cursor.execute)
        with held(holder):
            yield pending
        pending.rows = cursor.fetchall()


def _leave_chunked_mode(raw) -> None:
    """libpq workaround. libpq (18.0 as bundled with psycopg) keeps the chunked-rows mode of a
    finished streamed read for the first statement of a pipeline, whose result psycopg then
    refuses ("unexpected result status: TUPLES_CHUNK"); an empty statement outside the
    pipeline clears it (no table read, one round trip; tests/core/test_dbstream.py)."""
    raw.execute("")


@contextmanager
def beside(work: Callable[[], object] | None, *, name: str):
    """``work()`` in a thread called ``name`` while the block runs: it runs while this thread
    waits for the database (queries release the interpreter while they wait). The thread has
    ended, and its error is raised here, when the block ends. ``work`` sends no statement: its
    thread's own connection is outside the caller's transaction (:func:`held`). Nothing when
    ``work`` is None."""
    if work is None:
        yield
        return
    failed: list[BaseException] = []

    def run():
        try:
            with held(f"the thread {name}"):
                work()
        except BaseException as error:  # raised again in the caller's thread
            failed.append(error)
        finally:
            if connection.connection is not None:  # opened by a refused statement
                connection.close()

    worker = threading.Thread(target=run, name=name)
    worker.start()
    try:
        yield
    finally:
        worker.join()
    if failed:
        raise failed[0]


def copy_sql(table: str, columns: list[str], *, binary: bool) -> str:
    """``COPY table (columns) FROM STDIN``, text or binary."""
    quote = connection.ops.quote_name
    return (
        f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) "
        f"FROM STDIN{' (FORMAT BINARY)' if binary else ''}"
    )


def copy_rows(table: str, fields, rows) -> None:
    """PostgreSQL: ``rows`` (database parameters, one per field) into ``table`` by one
    ``COPY … FROM STDIN (FORMAT BINARY)`` on this connection and transaction (psycopg 3's
    ``cursor.copy``): no SQL text per row, no text parsing of numbers and times; text stored
    as it is (a JSON column's text is not parsed). No statement while the rows are written
    (:func:`held`)."""
    _ensure_free()
    connection.ensure_connection()
    sql = copy_sql(table, [f.column for f in fields], binary=True)
    with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
        copy.set_types([_copy_type(f) for f in fields])
        write = copy.write_row
        with held(f"a binary COPY into {table}"):
            for row in rows:
                write(row)


def _copy_type(field) -> str:
    """The PostgreSQL type name psycopg adapts a column's values to ("varchar", "bigint",
    "timestamp with time zone", …), without a length or precision."""
    name = field.rel_db_type(connection) if field.primary_key else field.db_type(connection)
    return name.split("(")[0].strip()


def copy_beside(sql: str, work: Callable[[Callable[[bytes], None]], object]):
    """PostgreSQL: ``work(send)`` calls ``send(copy_text)`` per batch and returns a summary;
    each batch goes into ``sql`` (a text ``COPY … FROM STDIN``) from psycopg's writer thread
    (:class:`~psycopg.copy.QueuedLibpqWriter`, on this connection and transaction) while
    ``work`` goes on, so that the server parses and indexes one batch while the next is
    made. The summary is returned once the server has taken every row and the writer thread
    has ended. ``work`` sends no statement (:func:`held`); if it fails, the ``COPY`` ends with
    the error, which rolls the caller's transaction back."""
    _ensure_free()
    connection.ensure_connection()
    with (
        connection.connection.cursor() as cursor,
        cursor.copy(sql, writer=QueuedLibpqWriter(cursor)) as copy,
        held("a COPY from the writer thread"),
    ):
        return work(copy.write)


def escape(text: str) -> str:
    """``COPY`` text escaping: backslash, newline, carriage return and tab."""
    if "\\" in text or "\n" in text or "\r" in text or "\t" in text:
        text = (text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
                .replace("\t", "\\t"))  # fmt: skip
    return text


def escape_json(text: str) -> str:
    """:func:`escape` of compact JSON text: JSON has no raw newline, carriage return or tab
    (inside a string they are written ``\\n``, ``\\r``, ``\\t``; compact text has no
    whitespace between tokens), so only a backslash needs doubling: one scan, not four."""
    return text.replace("\\", "\\\\") if "\\" in text else text


@contextmanager
def bulk_session():
    """A bulk phase inside the caller's transaction: Python's cyclic garbage collector off
    (it would walk hundreds of thousands of objects that hold no cycles, again and again);
    on PostgreSQL :data:`POSTGRESQL_WORK_MEM` per sort or hash, on SQLite
    :data:`SQLITE_BULK`. Everything is as it was when the block ends, failed or not."""
    if not connection.in_atomic_block:
        raise RuntimeError("bulk_session() runs inside a transaction (its settings are local)")
    enabled = gc.isenabled()
    gc.disable()
    try:
        with _database_settings():
            yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _database_settings():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('work_mem'), set_config('work_mem', %s, true)",
                [POSTGRESQL_WORK_MEM],
            )
            before = cursor.fetchone()[0]
        try:
            yield
        finally:
            # A failed transaction takes no statement; its rollback puts the local setting
            # back with everything else.
            if _transaction_usable():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('work_mem', %s, true)", [before])
        return
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        before = {}
        for name, value in SQLITE_BULK.items():
            cursor.execute(f"PRAGMA {name}")
            before[name] = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA {name} = {int(value)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, value in before.items():
                cursor.execute(f"PRAGMA {name} = {int(value)}")


def _transaction_usable() -> bool:
    raw = connection.connection
    return (
        raw is not None
        and not connection.needs_rollback
        and raw.info.transaction_status == pq.TransactionStatus.INTRANS
    )
