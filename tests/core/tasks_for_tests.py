"""Module-level tasks for tests/core/test_tasks.py (tasks must be module-level functions)."""

from kinerja.core.tasks import last_attempt, retried_task

CALLS: list[tuple[int, bool]] = []


@retried_task(attempts=3, backoff=1)
def flaky(value: int, *, fail_times: int) -> int:
    """Fails the first ``fail_times`` runs, then returns ``value * 2``."""
    CALLS.append((value, last_attempt()))
    if len(CALLS) <= fail_times:
        raise RuntimeError("gagal sementara")
    return value * 2
