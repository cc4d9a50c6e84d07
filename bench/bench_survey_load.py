"""Public survey under load, and the IKM over a million answers.

Starts gunicorn on 127.0.0.1 with a fresh SQLite database in a temporary directory (or
the PostgreSQL database in DATABASE_URL, a scratch database whose name contains "bench":
it is dropped and created again at the start of every run), built with
the demo generator and the citizen demo data. wrk drives 32 concurrent clients for 30 s
at the public API endpoint (POST /api/v1/citizen/survei/<kode>/, every protection on),
then at a bare view that only inserts one row (bench/survey_urls.py, baseline). Then
1,000,000 answers are bulk-inserted and the IKM per service and for the agency is timed.
Loopback only; stops by itself.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.mixed_load import load_average, start_server, stop_server  # noqa: E402
from bench.pg_private import free_port  # noqa: E402

DURATION = int(os.environ.get("BENCH_SECONDS", "30"))
CONNECTIONS = 32
MILLION = int(os.environ.get("BENCH_IKM_ROWS", "1000000"))
WARM_UP = 3


def run_wrk(url: str, seconds: int = DURATION) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "5s",
         "-s", str(ROOT / "bench" / "survey_post.lua"), url],
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    ).stdout  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": requests,
        "acked": int(re.search(r"ACKED (\d+)", out).group(1)),
        "p50_ms": int(re.search(r"P50_US (\d+)", out).group(1)) / 1000,
        "p99_ms": int(re.search(r"P99_US (\d+)", out).group(1)) / 1000,
        "wrk_cpu_s": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
        "errors": (int(non2xx.group(1)) if non2xx else 0)
        + (sum(int(x) for x in sock.groups()) if sock else 0),
    }


def bulk_insert_answers(connection, instansi_id, services, count, now) -> None:
    """``count`` answers over the last 300 days spread over ``services``, generated inside
    the database (generate_series on PostgreSQL, a recursive CTE on SQLite): pseudo-random
    but deterministic answers 1–4 from the row number."""
    from django.db import transaction

    if not count:
        return
    table = "citizen_jawabansurvei"
    answers = ", ".join(f"1 + ((n * {p}) / 7) %% 4" for p in (7, 11, 13, 17, 19, 23, 29, 31, 37))
    columns = ("instansi_id, layanan_id, u1, u2, u3, u4, u5, u6, u7, u8, u9, jenis_kelamin, "
               "pendidikan, pekerjaan, saran, diterima_pada, ip_hash, saluran, ditandai, "
               "alasan_tanda, dihitung, review")  # fmt: skip
    ids = ", ".join(str(int(pk)) for pk in services)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} ({columns}) "  # noqa: S608
                f"SELECT %s, (ARRAY[{ids}])[1 + n %% {len(services)}], {answers}, "
                "'', '', '', '', %s - (n %% 432000) * interval '1 minute', '', 'impor', "
                "false, '', true, '' FROM generate_series(1, %s) AS n",
                [instansi_id, now, count],
            )
        else:
            cursor.execute("CREATE TEMP TABLE bench_layanan (i INTEGER PRIMARY KEY, pk INTEGER)")
            cursor.executemany(
                "INSERT INTO bench_layanan VALUES (%s, %s)", list(enumerate(services))
            )
            cursor.execute(
                "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq "
                f"WHERE n < %s) INSERT INTO {table} ({columns}) "  # noqa: S608
                f"SELECT %s, (SELECT pk FROM bench_layanan WHERE i = n %% {len(services)}), "
                f"{answers}, '', '', '', '', "
                "strftime('%%Y-%%m-%%d %%H:%%M:%%f', %s, '-' || (n %% 432000) || ' minutes'), "
                "'', 'impor', 0, '', 1, '' FROM seq",
                [count, instansi_id, now.strftime("%Y-%m-%d %H:%M:%S")],
            )
            cursor.execute("DROP TABLE bench_layanan")


def settled_count(layanan) -> int:
    """Stored answers of the service once the requests still in flight when wrk stopped
    have finished (the count stops moving)."""
    from kinerja.citizen.models import JawabanSurvei

    last = -1
    while True:
        time.sleep(1)
        count = JawabanSurvei.objects.filter(layanan=layanan).count()
        if count == last:
            return count
        last = count


def recreate_scratch_database(url: str) -> None:
    """Drop and create the PostgreSQL database of ``url`` so that every run starts from the
    same empty database (a second run would otherwise meet the first run's agency and its
    million answers). Refused unless the name says it is a benchmark's scratch database."""
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = config["NAME"]
    if "bench" not in name:
        raise SystemExit(f"DATABASE_URL harus basis data coba-coba bernama *bench*: {name}")
    with psycopg.connect(
        dbname="postgres", user=config["USER"], password=config["PASSWORD"] or None,
        host=config["HOST"], port=config["PORT"] or 5432, autocommit=True,
    ) as admin:  # fmt: skip
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def server_line() -> str:
    """How bench/survey_gunicorn.py runs gunicorn, for the printed figures."""
    from bench import survey_gunicorn as g

    connections = (
        "koneksi ditutup setelah tiap respons"
        if g.worker_class == "sync"
        else f"keep-alive {g.keepalive} s, ≤ {g.worker_connections} koneksi/worker"
    )
    return (f"gunicorn: {g.workers} worker {g.worker_class} × {g.threads} thread, {connections}, "
            "app dimuat sebelum fork")  # fmt: skip


def measure_load(port: int, layanan) -> dict:
    """Drive the server on ``port`` with wrk: both paths warmed up (WARM_UP s each), then
    the public survey API and the bare-insert baseline for DURATION s each, CONNECTIONS
    clients, on the service ``layanan``. Per path: run_wrk's figures, the answers ``stored``
    meanwhile and the load average after it. Stops when a warm-up had no answer
    acknowledged (a code the server does not know) rather than time only errors."""
    from django.db import connection

    base = f"http://127.0.0.1:{port}"
    paths = {
        "survei": f"/api/v1/citizen/survei/{layanan.kode_publik}/",
        "baseline": f"/bench/baseline/{layanan.kode_publik}/",
    }
    for path in paths.values():  # warm-up: connections, caches, first-request work
        if not run_wrk(base + path, seconds=WARM_UP)["acked"]:
            raise SystemExit(f"pemanasan {path}: tidak satu pun jawaban diakui (201)")
    results = {}
    for name, path in paths.items():
        time.sleep(2)
        before = settled_count(layanan)
        results[name] = run_wrk(base + path)
        results[name]["stored"] = settled_count(layanan) - before
        results[name]["load"] = load_average()
        connection.close()
    return results


def load_lines(results: dict) -> list[str]:
    """measure_load's figures as printed: one line per path, the ratio against the
    baseline with the targets, and stored minus acknowledged answers."""
    lines = [
        f"{name:9s} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:6.1f} ms  p99 {r['p99_ms']:6.1f} ms"
        f"  galat {r['errors']}  diakui {r['acked']}  tersimpan {r['stored']}"
        f"  CPU wrk {r['wrk_cpu_s']:.1f} s  (load average setelahnya {r['load']})"
        for name, r in results.items()
    ]
    survey, baseline = results["survei"], results["baseline"]
    ratio = survey["rps"] / baseline["rps"] * 100
    lines.append(
        f"Survei / baseline: {ratio:.1f}% (target ≥ 70%); p99 target < 100 ms; galat target 0"
    )
    lines.append(f"Tersimpan − diakui: {survey['stored'] - survey['acked']} (permintaan yang "
                 "masih berjalan saat wrk berhenti)")  # fmt: skip
    return lines


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk belum terpasang: make benchdeps (apt-get install -y wrk)")
        return 1
    recreate_scratch_database(os.environ.get("DATABASE_URL", ""))
    workdir = Path(tempfile.mkdtemp(prefix="kinerja-bench-survei-"))
    os.environ.update(DJANGO_SETTINGS_MODULE="bench.survey_settings",
                      KINERJA_VAR_DIR=str(workdir))  # fmt: skip
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from kinerja.citizen.demo import build_citizen_data
    from kinerja.citizen.models import JawabanSurvei, Layanan
    from kinerja.demo.generator import build_agency

    instansi = build_agency(pegawai=300, seed=1, kode="BENCH", with_accounts=False).instansi
    counts = build_citizen_data(instansi, seed=1)
    layanan = Layanan.objects.filter(instansi=instansi).order_by("pk").first()
    print(f"Basis data: {connection.vendor}; demo: {counts}")
    connection.close()

    print(f"{server_line()}; load average 1/5/15 menit: {load_average()}")
    # Without DATABASE_URL the server finds the same SQLite file under KINERJA_VAR_DIR.
    port = free_port()
    server = start_server(os.environ.get("DATABASE_URL"), workdir, port)
    try:
        results = measure_load(port, layanan)
    finally:
        stop_server(server)
    for line in load_lines(results):
        print(line)

    # IKM over a million answers.
    from django.utils import timezone

    from kinerja.citizen.queries import ikm_rows

    now = timezone.now()
    existing = JawabanSurvei.objects.filter(instansi=instansi).count()
    services = list(Layanan.objects.filter(instansi=instansi).values_list("pk", flat=True))
    started = time.perf_counter()
    to_add = max(0, MILLION - existing)
    bulk_insert_answers(connection, instansi.pk, services, to_add, now)
    total = JawabanSurvei.objects.filter(instansi=instansi).count()
    print(f"{to_add:,} jawaban ditambahkan dalam {time.perf_counter() - started:.1f} s; "
          f"total {total:,}")  # fmt: skip
    table = JawabanSurvei._meta.db_table
    with connection.cursor() as cursor:
        # What autovacuum / a nightly ANALYZE does: statistics for the planner and, on
        # PostgreSQL, the visibility map an index-only scan needs.
        cursor.execute(f"VACUUM ANALYZE {table}" if connection.vendor == "postgresql"
                       else "ANALYZE")  # fmt: skip
    print(f"Beban mesin sebelum IKM: {load_average()}")
    today = timezone.localdate()
    for per in ("instansi", "layanan", "unit"):
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            rows = ikm_rows(instansi.pk, today - timedelta(days=400), today, per=per)
            timings.append(time.perf_counter() - started)
        respondents = sum(r.responden for r in rows)
        print(f"IKM per {per:8s} atas {respondents:,} jawaban: terbaik {min(timings):.3f} s, "
              f"terburuk {max(timings):.3f} s (target < 2 s)")  # fmt: skip
    connection.close()
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
