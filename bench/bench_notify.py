"""Benchmark: notifications created in one go, and the daily reminders.

    .venv/bin/python bench/bench_notify.py                       # SQLite (fresh file in var/bench/)
    .venv/bin/python bench/bench_notify.py --pegawai 100000      # reminders for 100,000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kinerja_bench_notify \
        .venv/bin/python bench/bench_notify.py                   # PostgreSQL (database must exist)

Data (not timed): the demo generator's agency with an account per employee
(``build_agency``), half of the accounts with an email address (the default preference is
"email segera", so the email task is enqueued for them), and a period in planning whose
deadline is in three days with no SKP submitted: every employee is due a reminder.

Timed (median of 5 after one warm-up, ``time.perf_counter``; the rows written are deleted
between runs, not timed). Tasks go to the database queue (``TASKS_BACKEND=database``), as
in production; no worker runs, so enqueuing costs one row:
- floor: a bare ``bulk_create`` of 1,000 notification rows (what any job must write);
- notify: ``notify()`` to 1,000 accounts (agency check, unread-duplicate check, rows, who
  wants email, one task enqueued);
- event: an audit entry "periode.pindah_tahap" with and without the notify receiver (which
  enqueues the fan-out task: what the request pays), then the fan-out task ``tell_agency``
  itself, once, for every account of the agency;
- reminders (once, at the agency's full size): ``send_reminders`` for every employee, with
  the number of queries and of batches.

Target (issue 20): 1,000 notifications add under 1 s to the job that creates them; daily
reminders for 100,000 employees in one run under 60 s, constant queries per batch.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
os.environ.setdefault("DEBUG", "false")
os.environ["TASKS_BACKEND"] = "database"
if "DATABASE_URL" not in os.environ:
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    db_file = bench_dir / "notify.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from kinerja.core import audit  # noqa: E402
from kinerja.demo.generator import build_agency  # noqa: E402
from kinerja.notify import events, reminders  # noqa: E402
from kinerja.notify.models import Jenis, Notifikasi, Terkirim  # noqa: E402
from kinerja.notify.services import notify  # noqa: E402
from kinerja.org.models import User  # noqa: E402
from kinerja.skp.models import BagianPeriode, Periode  # noqa: E402
from kinerja.skp.services.periode import clean_parameter, slices_for  # noqa: E402

COUNT = 1000


def build(n: int, seed: int):
    instansi = build_agency(pegawai=n, seed=seed, kode=f"BN{n}", nama=f"Bench {n}").instansi
    ids = list(User.objects.filter(instansi=instansi).order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        User.objects.filter(pk__in=ids[::2]).update(email="pegawai@contoh.go.id")
        today = timezone.localdate()
        periode = Periode.objects.create(
            instansi=instansi, tahun=today.year, status=Periode.Status.PERENCANAAN,
            parameter=clean_parameter(Periode.Skema.PERMENPANRB_6_2022, None),
            tenggat_perencanaan=today + timedelta(days=3),
        )  # fmt: skip
        BagianPeriode.objects.bulk_create(
            BagianPeriode(instansi=instansi, periode=periode, nomor=k, mulai=a, selesai=b)
            for k, a, b in slices_for(today.year, periode.kadens)
        )
    return instansi, periode, ids


def clean() -> None:
    Notifikasi.objects.all().delete()
    DBTaskResult.objects.all().delete()


def timed(run, runs: int = 5) -> float:
    figures = []
    for attempt in range(runs + 1):
        clean()
        started = time.perf_counter()
        with transaction.atomic():
            run()
        elapsed = time.perf_counter() - started
        if attempt:  # the first is the warm-up
            figures.append(elapsed)
    clean()
    return statistics.median(figures)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pegawai", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"{platform.node()} · {os.cpu_count()} cores · {connection.vendor} · "
          f"load {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
    started = time.perf_counter()
    instansi, periode, ids = build(args.pegawai, args.seed)
    print(f"built {args.pegawai:,} employees with accounts in "
          f"{time.perf_counter() - started:.1f} s (not timed)", flush=True)  # fmt: skip
    first = ids[:COUNT]

    floor = timed(lambda: Notifikasi.objects.bulk_create(
        [Notifikasi(instansi=instansi, penerima_id=pk, jenis=Jenis.PERIODE_TAHAP, teks="Uji",
                    url="/") for pk in first]
    ))  # fmt: skip
    full = timed(lambda: notify(instansi.pk, first, jenis=Jenis.PERIODE_TAHAP,
                                teks="Periode memasuki tahap Pelaksanaan.", url="/"))  # fmt: skip
    small = Periode.objects.filter(pk=periode.pk)

    def record():
        audit.record(instansi, actor=None, action="periode.pindah_tahap", obj=small.get(),
                     before={"status": "perencanaan"}, after={"status": "pelaksanaan"})  # fmt: skip

    with_notify = timed(record)  # the entry + enqueuing the fan-out task
    audit.entry_recorded.disconnect(dispatch_uid="kinerja.notify.events")
    try:
        without = timed(record)
    finally:
        events.connect()
    clean()
    started = time.perf_counter()
    teks = "Periode memasuki tahap Pelaksanaan."
    everyone = events.tell_agency.call(instansi.pk, Jenis.PERIODE_TAHAP, teks, "/", None)
    fan_out = time.perf_counter() - started
    print("\n1,000 notifications")
    print(f"  floor: bare bulk_create of {COUNT:,} rows      {floor * 1000:8.1f} ms")
    print(f"  notify() to {COUNT:,} accounts (+ email task)   {full * 1000:8.1f} ms  "
          f"({full / floor:.1f}x the floor)")  # fmt: skip
    print(f"  audit entry alone                            {without * 1000:8.1f} ms")
    print(f"  audit entry + enqueuing the agency fan-out   {with_notify * 1000:8.1f} ms  "
          f"(the request pays {(with_notify - without) * 1000:.1f} ms)")  # fmt: skip
    print(f"  the fan-out task: {everyone:,} accounts told in {fan_out:.2f} s "
          f"({fan_out / everyone * COUNT * 1000:.1f} ms per 1,000; target < 1,000 ms)")  # fmt: skip

    clean()
    Terkirim.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        count = reminders.send_reminders(timezone.localdate())
        elapsed = time.perf_counter() - started
    batches = -(-count // reminders.BATCH)
    print(f"\nreminders for {args.pegawai:,} employees (planning deadline in 3 days)")
    print(f"  send_reminders: {count:,} people told in {elapsed:.2f} s "
          f"(target < 60 s at 100,000)")  # fmt: skip
    print(f"  {len(queries)} queries for {batches} batches of {reminders.BATCH:,} "
          f"({len(queries) / max(batches, 1):.1f} per batch)")  # fmt: skip
    started = time.perf_counter()
    again = reminders.send_reminders(timezone.localdate())
    print(f"  second run the same day: {again} told in {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
