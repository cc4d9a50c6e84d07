"""A worker's lease on the tasks it runs, so that a task whose worker died is run again.

``django-tasks-db`` marks a task RUNNING when a worker claims it and leaves it so for ever
when that worker is killed (SIGKILL, out of memory, power cut): upstream's open issue
RealOrangeOne/django-tasks#46; version 0.13 offers nothing for it. Kinerja's ``db_worker``
(``kinerja/core/management/commands/db_worker.py``) therefore holds a *lease* for as long
as its process lives, one the operating system or the database server drops when the
process dies, with no timeout to guess:

- on PostgreSQL a session advisory lock on a connection of its own (the server releases it
  when the connection goes, on any machine);
- on SQLite (one machine) an exclusive ``flock`` on ``VAR_DIR/pekerja/<worker>.lock`` (the
  kernel releases it when the process goes).

Every worker, when it starts and then every :data:`REAP_EVERY` seconds, looks at the RUNNING
tasks of its backend: one whose last worker holds no lease any more is put back to READY
(:func:`requeue_abandoned`), and the next free worker runs it from the start. Kinerja's tasks
are idempotent (the close is one transaction, rolled back when its worker died), so running
one again gives what one run gives."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

log = logging.getLogger(__name__)

REAP_EVERY = 10.0  # seconds between two looks for abandoned tasks
LOCK_NAMESPACE = 0x4B4A  # advisory locks: (namespace, worker key); "KJ"


def _key(worker_id: str) -> int:
    """A 32-bit signed key for the worker id (the advisory lock's second half)."""
    return int.from_bytes(hashlib.sha256(worker_id.encode()).digest()[:4], "big", signed=True)


def _lock_path(worker_id: str) -> Path:
    name = hashlib.sha256(worker_id.encode()).hexdigest()[:32]
    return Path(settings.VAR_DIR) / "pekerja" / f"{name}.lock"


class Lease:
    """Held by a live worker (a context manager)."""

    def __init__(self, worker_id: str):
        self.worker_id = worker_id
        self._connection = None
        self._file = None

    def __enter__(self) -> Lease:
        if connection.vendor == "postgresql":
            self._connection = connection.copy()
            self._connection.ensure_connection()
            self._connection.set_autocommit(True)
            with self._connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s, %s)",
                               [LOCK_NAMESPACE, _key(self.worker_id)])  # fmt: skip
        else:
            path = _lock_path(self.worker_id)
            path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(path, "a+")  # noqa: SIM115 - held for the worker's life
            fcntl.flock(self._file.fileno(), fcntl.LOCK_EX)
            self._file.seek(0)
            self._file.truncate()
            self._file.write(f"{self.worker_id} {os.getpid()}\n")
            self._file.flush()
        return self

    def __exit__(self, *exc) -> None:
        if self._connection is not None:
            self._connection.close()  # the lock goes with the session
            self._connection = None
        if self._file is not None:
            path = Path(self._file.name)
            path.unlink(missing_ok=True)
            self._file.close()
            self._file = None


def alive(worker_id: str) -> bool:
    """Whether the worker ``worker_id`` still holds its lease."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, _key(worker_id)])
            free = cursor.fetchone()[0]
            if free:  # nobody held it: give it back at once
                cursor.execute(
                    "SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, _key(worker_id)]
                )
        return not free
    path = _lock_path(worker_id)
    try:
        handle = open(path)  # noqa: SIM115
    except FileNotFoundError:
        return False  # every Kinerja worker writes its file before it claims a task
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    with contextlib.suppress(OSError):
        path.unlink()
    return False


def requeue_abandoned(backend_name: str, *, own: str | None = None) -> list[str]:
    """Put every RUNNING task of ``backend_name`` whose worker is gone back to READY; return
    their ids. ``own``: the caller's worker id (its own tasks are alive by definition)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    running = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, backend_name=backend_name
    ).values_list("id", "worker_ids", "started_at", "args_kwargs")
    again = []
    for task_id, worker_ids, started_at, args_kwargs in running:
        last = worker_ids[-1] if worker_ids else None
        if last is not None and (last == own or alive(last)):
            continue
        with transaction.atomic():
            moved = DBTaskResult.objects.filter(
                pk=task_id, status=TaskResultStatus.RUNNING, started_at=started_at
            ).update(status=TaskResultStatus.READY, run_after=timezone.now())
        if not moved:
            continue
        again.append(str(task_id))
        log.warning("tugas %s ditinggal pekerja %s yang berhenti; diantrekan lagi", task_id, last)
        _tell_progress((args_kwargs or {}).get("kwargs", {}).get("progres_id"))
    return again


def _tell_progress(progres_id) -> None:
    if not progres_id:
        return
    from kinerja.core.models import PekerjaanLatar

    PekerjaanLatar.objects.filter(pk=progres_id, aktif=True).update(
        status=PekerjaanLatar.Status.ANTRE, diperbarui=timezone.now(),
        langkah="Pekerja latar sebelumnya berhenti di tengah jalan; tugas diulang dari awal "
        "oleh pekerja berikutnya.",
    )  # fmt: skip
