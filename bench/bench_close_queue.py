"""Benchmark: the period close through the task queue (issue 20) against the direct close, in
the same run, on the same data (bench_close.py's generated agency).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kinerja_bench_queue \
        .venv/bin/python bench/bench_close_queue.py                  # 100,000 employees
    .venv/bin/python bench/bench_close_queue.py --size 10000         # SQLite, smaller

Per size, on one agency, the period reopened (untimed) between the closes:

1. direct: ``close_period`` in this process (what ``manage.py close_period`` does);
2. queue: what the close button does (``kinerja.scoring.tasks.start_close``: the progress
   row and the task enqueued) and a real worker process (``manage.py db_worker``, started
   and idle beforehand, default options as in deploy/systemd) runs it, while this process
   plays the page: it GETs the progress fragment (``pekerjaan``, the real view, through
   Django's test client) every 2 s, as htmx does, until it says the close ended.
   Timed: click → the worker's end of the close (the row's ``selesai_pada``) and click →
   the first poll that shows "selesai" (what the person sees);
3. queue with heavy polling: the same with 10 pages polling every 0.5 s (to show the polls
   do not slow the close);
4. direct again (the order's effect on the machine's caches and load).

Every close must give the same combined hash. The queue's extra work (enqueue, the worker's
pick-up, progress rows) must keep click → "selesai" within 1.2× of the direct close.
"""

import argparse
import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
os.environ["TASKS_BACKEND"] = "database"
if "DATABASE_URL" not in os.environ:
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    db_file = bench_dir / "close_queue.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"

import bench_close  # noqa: E402  (django.setup(), the data builder, the timed direct close)
from django.core.management import call_command  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from kinerja.core.models import PekerjaanLatar  # noqa: E402
from kinerja.org.models import User  # noqa: E402
from kinerja.scoring.models import PenutupanPeriode  # noqa: E402
from kinerja.scoring.tasks import start_close  # noqa: E402

now = time.perf_counter


def drain(timeout: float = 600) -> None:
    """Wait until the worker has run everything queued (the dashboard refresh a close
    enqueues), so that it does not run during the next timed close."""
    from django_tasks_db.models import DBTaskResult

    deadline = now() + timeout
    while DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
        if now() > deadline:
            raise SystemExit("antrean tidak habis")
        time.sleep(0.5)


class Page(threading.Thread):
    """A browser tab on the close page: GET the progress fragment every ``every`` s."""

    def __init__(self, client, row_id, every: float):
        super().__init__(daemon=True)
        self.client, self.url, self.every = client, reverse("pekerjaan", args=[row_id]), every
        self.polls, self.seen_done, self.stop = 0, None, threading.Event()

    def run(self):
        client = self.client
        try:
            while not self.stop.is_set():
                response = client.get(self.url, headers={"HX-Request": "true"})
                self.polls += 1
                if response.status_code == 204 and response.get("HX-Redirect"):
                    self.seen_done = now()
                    return
                assert response.status_code == 200, response.status_code
                self.stop.wait(self.every)
        finally:
            close_old_connections()
            connection.close()


def queued_close(periode, user, pages: int, every: float) -> dict:
    clients = []
    for _ in range(pages):  # signed in before the click (a login writes; SQLite would wait)
        clients.append(Client())
        clients[-1].force_login(user)
    clicked = now()
    clicked_at = datetime.now(UTC)
    row = start_close(periode, by=user, alasan="bench")
    enqueue_s = now() - clicked
    tabs = [Page(client, row.pk, every) for client in clients]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join(timeout=3600)
    row = PekerjaanLatar.objects.get(pk=row.pk)
    assert row.status == "selesai", (row.status, row.galat)
    record = PenutupanPeriode.objects.get(periode=periode)
    return {
        "worker_done": (row.selesai_pada - clicked_at).total_seconds(),
        "seen": tabs[0].seen_done - clicked,
        "close_itself": record.durasi,
        "picked_up": (row.mulai - clicked_at).total_seconds(),
        "enqueue": enqueue_s,
        "polls": sum(t.polls for t in tabs),
        "hash": record.hash_gabungan,
    }


def run(n: int) -> None:
    periode, agency_s, data_s, counts = bench_close.build(n, seed=n)
    print(f"  data {n:,} pegawai: agency {agency_s:.1f} s, SKP year {data_s:.1f} s; "
          f"{counts[2]:,} realisations", flush=True)  # fmt: skip
    admin = User.objects.create(username=f"bench.admin.{n}", instansi=periode.instansi,
                                is_admin_kepegawaian=True)  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--verbosity", "0"],
        cwd=ROOT, env=os.environ.copy(),
    )  # fmt: skip
    try:
        time.sleep(5)  # the worker has started and is polling the queue
        figures = {}
        load = bench_close.load()
        wall, _cpu, _hooks, record = bench_close.timed_close(periode)
        figures["direct"] = {"wall": wall, "hash": record.hash_gabungan, "load": load}
        print(f"  direct close {wall:.2f} s (load {load})", flush=True)
        for name, pages, every in (("queue", 1, 2.0), ("queue, 10 pages × 0.5 s", 10, 0.5)):
            drain()
            bench_close.reopen(periode)
            load = bench_close.load()
            got = queued_close(periode, admin, pages, every)
            got["load"] = load
            figures[name] = got
            print(f"  {name}: click → worker done {got['worker_done']:.2f} s, click → page shows "
                  f"selesai {got['seen']:.2f} s (the close itself {got['close_itself']:.2f} s; "
                  f"picked up after {got['picked_up']:.2f} s; enqueue {got['enqueue'] * 1000:.0f}"
                  f" ms; {got['polls']} polls; load {load})", flush=True)  # fmt: skip
        drain()
        bench_close.reopen(periode)
        load = bench_close.load()
        wall, _cpu, _hooks, record = bench_close.timed_close(periode)
        figures["direct again"] = {"wall": wall, "hash": record.hash_gabungan, "load": load}
        print(f"  direct close again {wall:.2f} s (load {load})", flush=True)
        drain()
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    hashes = {f["hash"] for f in figures.values()}
    direct = min(figures["direct"]["wall"], figures["direct again"]["wall"])
    for name in ("queue", "queue, 10 pages × 0.5 s"):
        got = figures[name]
        print(f"  {name}: worker done / direct {got['worker_done'] / direct:.2f}×, page shows "
              f"selesai / direct {got['seen'] / direct:.2f}× (target ≤ 1.2×)")  # fmt: skip
    print(f"  same combined hash in all four closes: {len(hashes) == 1}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    print(
        f"bench_close_queue on {connection.vendor} ({connection.settings_dict['NAME']}), "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load {bench_close.load()}",
        flush=True,
    )
    bench_close.Hooks.install()
    call_command("migrate", verbosity=0)
    run(args.size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
