"""Background work through Django's Tasks API (the ``django-tasks`` package).

Every long piece of work is a module-level function decorated with :func:`retried_task`:
a ``django_tasks`` task that, when it raises, is enqueued again after a growing delay
(``backoff``, doubled each attempt) until ``attempts`` runs have failed. The library has no
retry of its own. Tasks must therefore be idempotent: running one twice leaves the same
rows as running it once (each claims its own work row, or writes with a unique key).

Inside a task, :func:`last_attempt` says whether a failure now is final, so the task can
record a failure the person who started it will read (and otherwise leave its work row
waiting for the next attempt).

The queue is the database (``django_tasks_db``); ``manage.py db_worker`` runs the tasks.
With ``TASKS_BACKEND=immediate`` (and in tests) a task runs inside ``enqueue``; a retry then
runs at once, without the delay.
"""

from __future__ import annotations

import contextvars
import functools
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_tasks import task

log = logging.getLogger(__name__)

ATTEMPT_KWARG = "_percobaan"
_attempt: contextvars.ContextVar[tuple[int, int]] = contextvars.ContextVar(
    "kinerja_task_attempt", default=(1, 1)
)


def last_attempt() -> bool:
    """True when the running task will not be tried again if it fails now (and outside
    any task)."""
    current, attempts = _attempt.get()
    return current >= attempts


def current_attempt() -> int:
    """The running task's attempt number, from 1 (1 outside any task)."""
    return _attempt.get()[0]


def retry_delay(attempt: int, backoff: float) -> timedelta:
    """The wait before attempt ``attempt + 1``: ``backoff`` seconds, doubled each time."""
    return timedelta(seconds=backoff * 2 ** (attempt - 1))


def retried_task(*, attempts: int = 3, backoff: float = 30, **task_options: Any) -> Callable:
    """Decorate a module-level function as a task retried on failure.

    The task is enqueued as usual (``name.enqueue(...)``); a failed run re-enqueues it with
    ``run_after`` set (when the backend can defer; at once otherwise) and then raises, so
    the failed run's own result keeps the traceback."""
    if attempts < 1:
        raise ValueError("attempts must be at least 1")

    def decorate(func: Callable) -> Any:
        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            attempt = int(kwargs.pop(ATTEMPT_KWARG, 1))
            token = _attempt.set((attempt, attempts))
            try:
                return func(*args, **kwargs)
            except Exception:
                if attempt >= attempts:
                    log.exception("tugas %s gagal pada percobaan terakhir", func.__name__)
                    raise
                log.warning(
                    "tugas %s gagal (percobaan %d dari %d); dicoba lagi",
                    func.__name__, attempt, attempts, exc_info=True,
                )  # fmt: skip
                _enqueue_again(
                    the_task, args, {**kwargs, ATTEMPT_KWARG: attempt + 1},
                    retry_delay(attempt, backoff),
                )  # fmt: skip
                raise
            finally:
                _attempt.reset(token)

        the_task = task(**task_options)(run)
        return the_task

    return decorate


def _enqueue_again(the_task, args: tuple, kwargs: dict, delay: timedelta) -> None:
    if the_task.get_backend().supports_defer:
        the_task = the_task.using(run_after=timezone.now() + delay)
    the_task.enqueue(*args, **kwargs)
