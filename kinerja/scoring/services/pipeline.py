"""PostgreSQL, large periods: a slice's results computed in this thread while a writer thread
streams them to the server, so that the rules' Python (one core) and the server's parsing
and indexing of the rows (the other core) run at the same time instead of one after the
other.

The computation puts each batch of new rows, as ``COPY`` text, into psycopg's
:class:`~psycopg.copy.QueuedLibpqWriter`, whose thread sends it on the close's own
connection and transaction inside one ``COPY … FROM STDIN`` while the next batch is
computed (the thread waits on the socket without the GIL). A computation that fails ends the
``COPY`` with an error, which rolls the caller's transaction back like any other failure.

(Until 2026-11-27 a forked child computed while this process relayed its rows. Each child
re-touched the period's inputs and so copied about 900 MB of pages from its parent, and it
re-learnt every capaian it had already computed for an earlier slice: a slice of 100,000
took 3.5-7 s of the child's CPU against 1.6-2.0 s here; bench/RESULTS.md.)
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from psycopg.copy import QueuedLibpqWriter

MINIMUM = 2000
"""Results below which a slice is written by one binary ``COPY`` after it is computed."""


def usable(count: int) -> bool:
    """Large enough, and PostgreSQL inside the close's transaction."""
    return count >= MINIMUM and connection.vendor == "postgresql" and connection.in_atomic_block


def run(work: Callable[[Callable[[bytes], None]], object], copy_sql: str):
    """``work(send)`` calls ``send(copy_text)`` per batch and returns a summary; each batch
    goes into ``copy_sql`` from the writer thread while ``work`` goes on; the summary is
    returned once the server has taken every row."""
    connection.ensure_connection()
    with (
        connection.connection.cursor() as cursor,
        cursor.copy(copy_sql, writer=QueuedLibpqWriter(cursor)) as copy,
    ):
        return work(copy.write)
