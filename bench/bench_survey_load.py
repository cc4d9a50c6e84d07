"""Public survey under load, and the IKM over a million answers.

Starts gunicorn on 127.0.0.1 with a fresh SQLite database in a temporary directory (or
the PostgreSQL database in DATABASE_URL, which must be a scratch database), built with
the demo generator and the citizen demo data. wrk drives 32 concurrent clients for 30 s
at the public API endpoint (POST /api/v1/citizen/survei/<kode>/, every protection on),
then at a bare view that only inserts one row (bench/survey_urls.py, baseline). Then
1,000,000 answers are bulk-inserted and the IKM per service and for the agency is timed.
Loopback only; stops by itself.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DURATION = int(os.environ.get("BENCH_SECONDS", "30"))
CONNECTIONS = 32
MILLION = int(os.environ.get("BENCH_IKM_ROWS", "1000000"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(port: int) -> None:
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn tidak menyala dalam 30 detik")


def run_wrk(url: str) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--timeout", "5s",
         "-s", str(ROOT / "bench" / "survey_post.lua"), url],
        capture_output=True, text=True, check=True, timeout=DURATION + 60,
    ).stdout  # fmt: skip
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": requests,
        "acked": int(re.search(r"ACKED (\d+)", out).group(1)),
        "p50_ms": int(re.search(r"P50_US (\d+)", out).group(1)) / 1000,
        "p99_ms": int(re.search(r"P99_US (\d+)", out).group(1)) / 1000,
        "errors": (int(non2xx.group(1)) if non2xx else 0)
        + (sum(int(x) for x in sock.groups()) if sock else 0),
    }


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk belum terpasang: apt-get install -y wrk")
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="kinerja-bench-survei-"))
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.survey_settings",
               KINERJA_VAR_DIR=str(workdir), PYTHONPATH=str(ROOT))  # fmt: skip
    os.environ.update(env)
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

    port = free_port()
    workers = max(2, (os.cpu_count() or 2))
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kinerja.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    results = {}
    try:
        wait_up(port)
        base = f"http://127.0.0.1:{port}"
        for name, path in [
            ("survei", f"/api/v1/citizen/survei/{layanan.kode_publik}/"),
            ("baseline", f"/bench/baseline/{layanan.kode_publik}/"),
        ]:
            before = JawabanSurvei.objects.filter(layanan=layanan).count()
            results[name] = run_wrk(base + path)
            time.sleep(1)
            results[name]["stored"] = JawabanSurvei.objects.filter(layanan=layanan).count() - before
            connection.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    survey, baseline = results["survei"], results["baseline"]
    for name, r in results.items():
        print(
            f"{name:9s} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:6.1f} ms  p99 {r['p99_ms']:6.1f} ms"
            f"  galat {r['errors']}  diakui {r['acked']}  tersimpan {r['stored']}"
        )
    ratio = survey["rps"] / baseline["rps"] * 100
    print(f"Survei / baseline: {ratio:.1f}% (target ≥ 70%); p99 target < 100 ms; galat target 0")
    in_flight = survey["stored"] - survey["acked"]
    print(f"Tersimpan − diakui: {in_flight} (permintaan yang masih berjalan saat wrk berhenti)")

    # IKM over a million answers.
    from django.db import transaction
    from django.utils import timezone

    from kinerja.citizen.queries import ikm_rows

    rng = random.Random(1)
    now = timezone.now()
    table = JawabanSurvei._meta.db_table
    existing = JawabanSurvei.objects.filter(instansi=instansi).count()
    columns = ("instansi_id", "layanan_id", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8",
               "u9", "jenis_kelamin", "pendidikan", "pekerjaan", "saran", "diterima_pada",
               "ip_hash", "saluran", "ditandai", "alasan_tanda", "dihitung", "review")  # fmt: skip
    services = list(Layanan.objects.filter(instansi=instansi).values_list("pk", flat=True))
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    started = time.perf_counter()
    to_add = max(0, MILLION - existing)
    batch = 50_000
    with transaction.atomic(), connection.cursor() as cursor:
        for offset in range(0, to_add, batch):
            rows = []
            for _ in range(min(batch, to_add - offset)):
                answers = [rng.choice((2, 3, 3, 3, 4, 4)) for _ in range(9)]
                moment = now - timedelta(minutes=rng.randint(0, 60 * 24 * 300))
                rows.append((instansi.pk, rng.choice(services), *answers, "", "", "", "", moment,
                             "", "impor", False, "", True, ""))  # fmt: skip
            cursor.executemany(sql, rows)
    total = JawabanSurvei.objects.filter(instansi=instansi).count()
    print(f"{to_add:,} jawaban ditambahkan dalam {time.perf_counter() - started:.1f} s; "
          f"total {total:,}")  # fmt: skip
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")
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
