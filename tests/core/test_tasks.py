from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus

from kinerja.core.tasks import last_attempt, retry_delay
from tests.core import tasks_for_tests

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _calls():
    tasks_for_tests.CALLS.clear()
    yield
    tasks_for_tests.CALLS.clear()


def test_a_task_that_fails_once_is_run_again_and_succeeds():
    result = tasks_for_tests.flaky.enqueue(4, fail_times=1)
    assert tasks_for_tests.CALLS == [(4, False), (4, False)]
    assert result.status == TaskResultStatus.FAILED  # the first run keeps its traceback
    assert "gagal sementara" in result.errors[0].traceback


def test_a_task_stops_after_its_attempts_and_knows_the_last_one():
    tasks_for_tests.flaky.enqueue(1, fail_times=10)
    assert tasks_for_tests.CALLS == [(1, False), (1, False), (1, True)]


def test_retry_waits_longer_each_time():
    assert retry_delay(1, 30) == timedelta(seconds=30)
    assert retry_delay(3, 30) == timedelta(seconds=120)
    assert last_attempt() is True  # outside any task


@pytest.mark.django_db
def test_on_the_database_queue_a_failure_enqueues_a_deferred_retry():
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS=DB_BACKEND):
        tasks_for_tests.flaky.enqueue(3, fail_times=5)
        row = DBTaskResult.objects.get()
        assert row.status == TaskResultStatus.READY
        # Run it as the worker does (its loop closes connections, which a test cannot).
        from django_tasks_db.management.commands.db_worker import Worker

        worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                        startup_delay=False, max_tasks=1, worker_id="uji",
                        excluded_queue_names=[])  # fmt: skip
        row.claim("uji")
        worker.run_task(row)
        rows = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [r.status for r in rows] == [TaskResultStatus.FAILED, TaskResultStatus.READY]
    retry = rows[1]
    assert retry.args_kwargs["kwargs"]["_percobaan"] == 2
    assert retry.run_after > timezone.now()
