"""Benchmark: the demo generator at 10,000 and 100,000 employees (with accounts).

Run standalone: ``.venv/bin/python bench/bench_demo.py``. Uses DATABASE_URL when set
(e.g. postgres://postgres@127.0.0.1:5432/kinerja_bench), otherwise a throwaway SQLite
file under var/bench/. Migrates first, builds each size under a fresh kode, deletes the
benchmark agencies afterwards.

Baseline, measured in the same run: the same number of bare rows inserted into a scratch
table with as many columns as org_pegawai, by executemany in batches of the generator's
batch size, inside one transaction. The generator writes more than that (units, employees,
accounts, all indexed), so a ratio of about 2-4 means it costs little beyond the inserts.
Target: 100,000 employees in under 60 s.
"""

import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

if not os.environ.get("DATABASE_URL"):
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    db_file = bench_dir / "bench_demo.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
os.environ.setdefault("DEBUG", "false")  # no query log: measure what production would do

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from kinerja.demo.generator import build_agency, delete_agency, plan_agency  # noqa: E402
from kinerja.demo.rows import BATCH_SIZE  # noqa: E402
from kinerja.org.models import Instansi, Pegawai  # noqa: E402

SIZES = (10_000, 100_000)
SCRATCH = "bench_demo_baseline"


def machine() -> str:
    cpu = "?"
    memory = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return (
        f"nproc {os.cpu_count()}, CPU {cpu}, RAM {memory}; {connection.vendor} {version}; "
        f"Python {platform.python_version()}, Django {django.get_version()}"
    )


def baseline(count: int) -> float:
    """Seconds to insert ``count`` bare rows with as many columns as org_pegawai."""
    columns = len(Pegawai._meta.concrete_fields)
    names = [f"c{i}" for i in range(1, columns)]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
        cursor.execute(
            f"CREATE TABLE {SCRATCH} (id bigint PRIMARY KEY, "
            + ", ".join(f"{name} varchar(200)" for name in names)
            + ")"
        )
    sql = f"INSERT INTO {SCRATCH} (id, {', '.join(names)}) VALUES ({', '.join(['%s'] * columns)})"
    rows = [
        (n, *(f"{n:018d}" if i == 0 else f"nilai {i} baris {n}" for i in range(len(names))))
        for n in range(1, count + 1)
    ]
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, count, BATCH_SIZE):
            cursor.executemany(sql, rows[start : start + BATCH_SIZE])
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {SCRATCH}")
    return elapsed


def main() -> None:
    call_command("migrate", verbosity=0)
    print(f"Mesin: {machine()}")
    print(f"Basis data: {connection.settings_dict['NAME']}")
    results = {}
    for size in SIZES:
        kode = f"BENCH{size // 1000}K"
        existing = Instansi.objects.filter(kode=kode).first()
        if existing:
            delete_agency(existing)
        base = baseline(size)
        started = time.perf_counter()
        plan_agency(pegawai=size, seed=size)
        planned = time.perf_counter() - started
        started = time.perf_counter()
        result = build_agency(pegawai=size, seed=size, kode=kode, with_accounts=True)
        built = time.perf_counter() - started
        started = time.perf_counter()
        delete_agency(result.instansi)
        deleted = time.perf_counter() - started
        results[size] = built
        print(
            f"{size:>7,} pegawai: generator {built:6.2f} s ({size / built:8,.0f} pegawai/s; "
            f"{result.unit:,} unit, {result.akun:,} akun; rencana saja {planned:.2f} s) | "
            f"baseline {base:6.2f} s "
            f"({size / base:8,.0f} baris/s) | rasio {built / base:4.1f}x | hapus {deleted:5.2f} s"
        )
    small, large = SIZES
    print(
        f"100k/10k: {results[large] / results[small]:.1f}x waktu untuk {large // small}x pegawai; "
        f"target 100.000 pegawai < 60 s: {'ya' if results[large] < 60 else 'TIDAK'}"
    )


if __name__ == "__main__":
    main()
