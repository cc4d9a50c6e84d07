"""Kinerja's db_worker (kinerja/core/lease.py): a task whose worker died goes back to the
queue, one whose worker lives does not; on PostgreSQL two worker processes sharing the
queue run every task exactly once."""

import collections

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from kinerja.core import lease
from kinerja.core.models import PekerjaanLatar
from tests import worker_process
from tests.core import worker_tasks


def _running(worker_id: str, **kwargs):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=[worker_id],
        args_kwargs={"args": [1, "/dev/null"], "kwargs": kwargs},
        task_path="tests.core.worker_tasks.record", backend_name="default",
        run_after=timezone.now(),
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_only_the_tasks_of_a_dead_worker_go_back_to_the_queue(personas):
    row = PekerjaanLatar.objects.create(
        instansi=personas.instansi, dibuat_oleh=personas.admin, jenis="uji",
        judul="Uji", status="berjalan", langkah="Menghitung.",
    )  # fmt: skip
    dead = _running("pekerja-mati", progres_id=str(row.pk))
    with lease.Lease("pekerja-hidup"):
        live = _running("pekerja-hidup")
        assert lease.alive("pekerja-hidup") and not lease.alive("pekerja-mati")
        assert lease.requeue_abandoned("default") == [str(dead.pk)]
        assert lease.requeue_abandoned("default") == []  # nothing twice
    dead.refresh_from_db()
    live.refresh_from_db()
    assert (dead.status, live.status) == ("READY", "RUNNING")
    row.refresh_from_db()
    assert row.status == "antre" and "diulang dari awal" in row.langkah
    # Once its worker has gone too, the other one follows.
    assert lease.requeue_abandoned("default", own="pekerja-lain") == [str(live.pk)]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_two_workers_on_postgresql_run_every_task_exactly_once(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite: one writer at a time; the shared queue is PostgreSQL's")
    path = tmp_path / "dijalankan.txt"
    count = 120
    with override_settings(TASKS=worker_process.DB_QUEUE):
        for n in range(count):
            worker_tasks.record.enqueue(n, str(path), 0.05)
    workers = [worker_process.start("--batch", log=tmp_path / f"pekerja{i}.log") for i in (1, 2)]
    for i, worker in enumerate(workers, start=1):
        assert worker.wait(timeout=180) == 0, (tmp_path / f"pekerja{i}.log").read_text()
    lines = [line.split() for line in path.read_text().splitlines()]
    ran = collections.Counter(int(n) for n, _pid in lines)
    assert sorted(ran) == list(range(count)) and set(ran.values()) == {1}
    assert {int(pid) for _n, pid in lines} == {w.pid for w in workers}  # both took a share

    from django_tasks_db.models import DBTaskResult

    results = DBTaskResult.objects.all()
    assert results.count() == count
    assert all(r.status == "SUCCESSFUL" and len(r.worker_ids) == 1 for r in results)


@pytest.mark.django_db(transaction=True)
def test_an_idle_worker_logs_its_start_once_not_every_interval(monkeypatch, caplog):
    """`make demo` and a server's log: the library's batch start/exit lines, printed every
    --interval seconds while the queue is empty, read as a worker dying and starting again."""
    from kinerja.core.management.commands.db_worker import LeasedWorker

    worker = LeasedWorker(
        queue_names=["default"], interval=0.0, batch=False, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="pekerja-diam", excluded_queue_names=[],
    )  # fmt: skip
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 3:
            worker.running = False

    monkeypatch.setattr("kinerja.core.management.commands.db_worker.time.sleep", sleep)
    with caplog.at_level("INFO", logger="django_tasks_db"):
        worker.run()
    assert len(sleeps) == 3  # three idle rounds of the loop ran
    lines = [r.getMessage() for r in caplog.records if r.name == "django_tasks_db"]
    assert sum(line.startswith("Starting worker") for line in lines) == 1, lines
    assert not [line for line in lines if "exiting gracefully" in line], lines
