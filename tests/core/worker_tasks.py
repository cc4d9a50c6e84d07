"""Tasks for the worker-process tests (importable by a worker: tests.core.worker_tasks)."""

import os
import time

from django_tasks import task


@task()
def record(n: int, path: str, pause: float = 0.0) -> int:
    """Append ``n pid`` to ``path`` (one line, one write: appends do not interleave)."""
    if pause:
        time.sleep(pause)
    with open(path, "a", encoding="utf-8") as out:
        out.write(f"{n} {os.getpid()}\n")
    return n
