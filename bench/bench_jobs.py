"""Benchmark: the daily reminders as one task run, and an import as a background job.

    .venv/bin/python bench/bench_jobs.py                    # SQLite (fresh file in var/bench/)
    .venv/bin/python bench/bench_jobs.py --pegawai 100000 --impor 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kinerja_bench_jobs \
        .venv/bin/python bench/bench_jobs.py                      # PostgreSQL (database must exist)

Data (not timed): the demo generator's agency with an account per employee and a period in
planning whose deadline is in three days with no SKP submitted (every employee is due a
reminder, as in bench_notify.py); for the import, two new agencies with the same units.

Timed once each (``time.perf_counter``), tasks on the database queue as in production:
- the daily task ``daily_run`` run as the worker runs it (``.call``): reminders, complaint
  reminders, digests and the purge of expired job files, with the number of queries and of
  batches of reminders;
- an employee file of ``--impor`` new rows imported directly (``impor.import_file``, the
  baseline) into one agency, then through the job (``org.tasks.import_task``: the stored
  upload read back, progress written, the result stored) into the other.

Targets (issue 20): daily reminders for 100,000 employees in one task run under 60 s, in
batches, constant queries per batch; the job adds little to the work it runs.
"""

import argparse
import csv
import io
import os
import platform
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
    db_file = bench_dir / "jobs.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"
    os.environ.setdefault("KINERJA_VAR_DIR", str(bench_dir / "jobs-var"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from kinerja.core import jobs  # noqa: E402
from kinerja.demo.generator import build_agency  # noqa: E402
from kinerja.notify import reminders  # noqa: E402
from kinerja.org import impor, tasks  # noqa: E402
from kinerja.org.models import Instansi, UnitKerja, User  # noqa: E402
from kinerja.org.nip import format_nip  # noqa: E402
from kinerja.skp.models import BagianPeriode, Periode  # noqa: E402
from kinerja.skp.services.periode import clean_parameter, slices_for  # noqa: E402

UNITS = 50


def build_reminders(n: int, seed: int) -> None:
    instansi = build_agency(pegawai=n, seed=seed, kode=f"BJ{n}", nama=f"Bench {n}").instansi
    today = timezone.localdate()
    with transaction.atomic():
        periode = Periode.objects.create(
            instansi=instansi, tahun=today.year, status=Periode.Status.PERENCANAAN,
            parameter=clean_parameter(Periode.Skema.PERMENPANRB_6_2022, None),
            tenggat_perencanaan=today + timedelta(days=3),
        )  # fmt: skip
        BagianPeriode.objects.bulk_create(
            BagianPeriode(instansi=instansi, periode=periode, nomor=k, mulai=a, selesai=b)
            for k, a, b in slices_for(today.year, periode.kadens)
        )


def import_agency(kode: str) -> tuple[Instansi, User]:
    instansi = Instansi.objects.create(kode=kode, nama=f"Impor {kode}")
    UnitKerja.objects.bulk_create(
        UnitKerja(instansi=instansi, kode=f"U{i:03d}", nama=f"Unit {i}") for i in range(UNITS)
    )
    admin = User.objects.create(username=f"admin.{kode.lower()}", instansi=instansi,
                                is_admin_kepegawaian=True)  # fmt: skip
    return instansi, admin


def employee_file(rows: int, offset: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["nip", "nama", "status", "golongan", "kode_unit"])
    for i in range(rows):
        n = offset + i
        born = timezone.datetime(1970, 1, 1).date() + timedelta(days=n % 10_000)
        nip = format_nip(born, 2000 + n // 12_000 % 20, n % 12 + 1, "L" if n % 2 else "P",
                         n % 999 + 1)  # fmt: skip
        writer.writerow([nip, f"Pegawai {n}", "PNS", "III/a", f"U{n % UNITS:03d}"])
    return buffer.getvalue().encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pegawai", type=int, default=10_000)
    parser.add_argument("--impor", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"{platform.node()} · {os.cpu_count()} cores · {connection.vendor} · "
          f"load {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip

    started = time.perf_counter()
    build_reminders(args.pegawai, args.seed)
    print(f"built {args.pegawai:,} employees with accounts in "
          f"{time.perf_counter() - started:.1f} s (not timed)", flush=True)  # fmt: skip
    today = timezone.localdate().isoformat()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = reminders.daily_run.call(today)
        elapsed = time.perf_counter() - started
    batches = -(-result["pengingat"] // reminders.BATCH)
    print(f"\ndaily task (daily_run) for {args.pegawai:,} employees, planning deadline in 3 days")
    print(f"  {result}")
    print(f"  one task run: {elapsed:.2f} s (target < 60 s at 100,000)")
    print(f"  {len(queries)} queries; {batches} batches of {reminders.BATCH:,} reminders "
          f"({len(queries) / max(batches, 1):.1f} per batch, the rest fixed)")  # fmt: skip
    started = time.perf_counter()
    again = reminders.daily_run.call(today)
    print(f"  second run the same day: {again} in {time.perf_counter() - started:.2f} s")

    direct_agency, _ = import_agency("IMPA")
    job_agency, admin = import_agency("IMPB")
    content = employee_file(args.impor, 0)
    started = time.perf_counter()
    direct = impor.import_file(content, "pegawai.csv", instansi=direct_agency,
                                  jenis=impor.PEGAWAI, actor=None)  # fmt: skip
    direct_s = time.perf_counter() - started
    assert direct.ok and direct.dibuat == args.impor, direct.kesalahan[:3]
    job = tasks.start_import(by=admin, jenis=impor.PEGAWAI, filename="pegawai.csv",
                             content=content)  # fmt: skip
    started = time.perf_counter()
    tasks.import_task.call(job.pk)
    job_s = time.perf_counter() - started
    job.refresh_from_db()
    assert job.status == "selesai" and job.hasil["ok"], job.hasil
    print(f"\nimport of {args.impor:,} new employees (CSV, {len(content) / 1e6:.1f} MB)")
    print(f"  direct import_file (baseline):  {direct_s:6.2f} s")
    print(f"  through the job (import_task):  {job_s:6.2f} s  "
          f"({job_s / direct_s:.2f}x; {job.hasil['ringkasan']})")  # fmt: skip
    jobs.purge_expired()


if __name__ == "__main__":
    main()
