"""``manage.py db_worker``: django-tasks-db's worker with a lease (``kinerja.core.lease``).

The same command and options as the library's (this app comes first in INSTALLED_APPS, so
its command wins); in addition the worker holds a lease while it lives and, when it starts
and then every ``--reap-every`` seconds, puts back to the queue the RUNNING tasks whose
worker died (killed, out of memory), so another worker runs them again."""

from __future__ import annotations

import logging
import time

from django_tasks_db.management.commands import db_worker as upstream

from kinerja.core import lease


class _OneStartLine(logging.Filter):
    """Our loop runs the library's worker once per batch, and the library logs "Starting
    worker" and "No more tasks to run … exiting gracefully" each time: every ``--interval``
    seconds while the queue is idle, which reads as a worker dying and starting over. Keep the
    first start line and drop the rest of both; every task line is kept."""

    def __init__(self) -> None:
        super().__init__()
        self.started = False

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if message.startswith("No more tasks to run"):
            return False
        if message.startswith("Starting worker"):
            if self.started:
                return False
            self.started = True
        return True


class LeasedWorker(upstream.Worker):
    def __init__(self, *, reap_every: float = lease.REAP_EVERY, **kwargs):
        super().__init__(**kwargs)
        self.reap_every = reap_every
        self._reaped_at = 0.0

    def reap(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._reaped_at < self.reap_every:
            return
        self._reaped_at = now
        lease.requeue_abandoned(self.backend_name, own=self.worker_id)

    def run(self) -> None:
        with lease.Lease(self.worker_id):
            self.reap(force=True)
            if self.batch:
                super().run()
                return
            # The library's loop, one "batch" (until the queue is empty) at a time, with a
            # look for abandoned tasks between batches and before each task.
            self.batch = True
            quiet = _OneStartLine()
            upstream.logger.addFilter(quiet)
            try:
                while self.running:
                    super().run()
                    self.startup_delay = False
                    if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                        return
                    if not self.running:
                        return
                    self.reap()
                    time.sleep(self.interval)
            finally:
                upstream.logger.removeFilter(quiet)

    def run_task(self, db_task_result) -> None:
        self.reap()
        super().run_task(db_task_result)


class Command(upstream.Command):
    help = upstream.Command.help + " (with a lease: tasks of a dead worker are run again)"

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--reap-every", type=upstream.valid_interval, default=lease.REAP_EVERY,
            help="Seconds between two looks for tasks whose worker died (default: %(default)r)",
        )  # fmt: skip

    def handle(self, *args, reap_every: float = lease.REAP_EVERY, **options) -> None:
        original = upstream.Worker
        upstream.Worker = lambda **kwargs: LeasedWorker(reap_every=reap_every, **kwargs)
        try:
            super().handle(*args, **options)
        finally:
            upstream.Worker = original
