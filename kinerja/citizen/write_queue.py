"""A queue for SQLite writers of survey answers, so that waiting is not sleeping.

SQLite lets one writer in at a time. A connection that finds the write lock taken calls
its busy handler, which sleeps 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, then 100 ms between
tries, and a writer that keeps losing the race keeps sleeping while the lock is free most
of the time. Under load that is the tail of the survey's latency: under 32 concurrent
clients the insert took 0.2 ms at the median and 20–50 ms at the 90th percentile.

``queued_write()`` makes survey writers wait for each other on an exclusive ``flock`` of a
file beside the database instead: the kernel wakes a waiter the moment the lock is
released, in every process and thread (each write opens the file itself, and flock
excludes separate opens even within one process). The database's own locking is
untouched: other writers, which do not queue here, still meet the busy handler, and the
answer is committed before the lock is let go. PostgreSQL needs none of this (row locks
and its advisory lock wait in a queue already), nor does an in-memory database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows; the busy handler still works
    fcntl = None


def lock_path(database: str) -> str:
    return f"{database}.antrean-tulis"


def _database_file() -> str | None:
    if connection.vendor != "sqlite" or fcntl is None:
        return None
    name = str(connection.settings_dict["NAME"])
    if not name or name == ":memory:" or "mode=memory" in name:
        return None
    return name


@contextmanager
def queued_write() -> Iterator[None]:
    """Hold this database's survey writer queue (SQLite files only) while the block runs.

    Only an outermost write queues: inside a caller's transaction this connection may
    already hold SQLite's write lock, and waiting here for a writer that waits for that
    lock would end only at the busy timeout."""
    database = _database_file()
    if database is None or connection.in_atomic_block:
        yield
        return
    # Opened on every write (microseconds): a lock file removed meanwhile is made again
    # rather than held by a stale descriptor that no longer excludes anyone.
    with open(lock_path(database), "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
