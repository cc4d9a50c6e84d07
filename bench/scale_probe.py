"""Figures for docs/scaling.md: one PostgreSQL at a given number of employees (not run by
``make bench``: at 1,000,000 employees it takes most of an hour on a small machine).

    .venv/bin/python bench/scale_probe.py --pegawai 1000000 --answers 10000000
    .venv/bin/python bench/scale_probe.py --pegawai 1000000 --answers 10000000 \
        --no-dashboard --no-close                 # only the survey, single client and load
    .venv/bin/python bench/scale_probe.py --pegawai 10000 --answers 200000   # a quick check

On a private PostgreSQL cluster (bench/pg_private.py, removed afterwards, also on Ctrl-C,
SIGTERM or SIGHUP): the close benchmark's agency (``bench.bench_close.build``: per employee
an approved SKP, 6 indicators, 4 quarters of realisations, behaviour ratings), the citizen
demo's services and officers for it, ``--answers`` survey answers bulk-inserted
(bench_survey_load's generator) and ``VACUUM ANALYZE``, then, each printed as soon as it is
measured:

1. dashboard of the open period (unless ``--no-dashboard``): ``refresh_aggregates`` (once)
   and ``GET /wawasan/`` for the agency head (median of 5 after a warm-up,
   django.test.Client, no HTTP server);
2. survey, one client: 200 public answers one after the other through the API (p50/p99),
   with the answers already stored; the IKM per service over all of them (best of 3);
3. survey under load (unless ``--no-load``): gunicorn with bench_survey_load's settings
   (bench/survey_gunicorn.py: 2 × cores + 1 sync workers, one connection per request) on
   the same cluster and database, then ``bench_survey_load.measure_load``: wrk, 32
   clients × 30 s (``BENCH_SECONDS``) at ``POST /api/v1/citizen/survei/<kode>/`` with every
   protection on, then at the bare-insert baseline (bench/survey_urls.py), both on the
   agency's first service; req/s, p50/p99, errors, the ratio, and answers stored against
   answers acknowledged;
4. close: ``close_period`` (unless ``--no-close``), then the dashboard again (unless
   ``--no-dashboard``).
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.mixed_load import load_average, percentile  # noqa: E402
from bench.pg_private import PrivateCluster, free_port  # noqa: E402


def say(text: str) -> None:
    now = time.strftime("%H:%M:%S", time.gmtime())
    print(f"[{now} UTC] {text} (load average {load_average()})", flush=True)


def timed_page(client, path: str, repeat: int = 5) -> tuple[float, int]:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(response.content)


def survey_load(database_url: str, workdir: Path, layanan) -> None:
    """Step 3: gunicorn on ``database_url`` and bench_survey_load's wrk runs against it."""
    from bench.bench_survey_load import (
        CONNECTIONS,
        DURATION,
        load_lines,
        measure_load,
        server_line,
    )
    from bench.mixed_load import start_server, stop_server

    port = free_port()
    officers = layanan.penugasan.count()
    say(f"beban survei: {CONNECTIONS} klien × {DURATION} s (wrk) ke http://127.0.0.1:{port}, "
        f"layanan {layanan.kode_publik} milik {layanan.instansi.kode} ({officers} petugas; wrk "
        f"tanpa kode petugas, seperti bench_survey_load); {server_line()}; "
        f"DATABASE_URL {database_url}")  # fmt: skip
    server = start_server(database_url, workdir, port)
    try:
        results = measure_load(port, layanan)
    finally:
        stop_server(server)
    for line in load_lines(results):
        print(f"    {line}", flush=True)
    say("beban survei selesai")


def interrupted(signum, frame) -> None:
    """SIGTERM or SIGHUP: unwind like Ctrl-C, so gunicorn and the cluster are removed."""
    print(f"dihentikan: {signal.Signals(signum).name}", file=sys.stderr, flush=True)
    raise SystemExit(128 + signum)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pegawai", type=int, default=1_000_000)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument(
        "--no-dashboard",
        action="store_true",
        help="tanpa refresh_aggregates dan GET /wawasan/ (langkah 1 dan 4)",
    )
    parser.add_argument(
        "--no-load",
        action="store_true",
        help="tanpa beban survei 32 klien lewat gunicorn (langkah 3)",
    )
    parser.add_argument(
        "--no-close", action="store_true", help="tanpa penutupan periode (langkah 4)"
    )
    args = parser.parse_args()
    if not args.no_load and not shutil.which("wrk"):
        raise SystemExit("wrk belum terpasang: make benchdeps (atau --no-load)")
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, interrupted)
    workdir = Path(tempfile.mkdtemp(prefix="kinerja-bench-skala-"))
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    with PrivateCluster() as pg:
        database_url = pg.create_database("kinerja_skala")
        os.environ.update(DATABASE_URL=database_url,
                          DJANGO_SETTINGS_MODULE="bench.survey_settings",
                          KINERJA_VAR_DIR=str(workdir))  # fmt: skip
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.utils import timezone

        from bench.bench_close import build
        from bench.bench_survey_load import bulk_insert_answers
        from kinerja.citizen.demo import build_citizen_data
        from kinerja.citizen.models import Layanan
        from kinerja.citizen.queries import ikm_rows
        from kinerja.insight.summary import refresh_aggregates
        from kinerja.org.models import User
        from kinerja.scoring.services import close_period
        from kinerja.skp.models import Periode

        call_command("migrate", verbosity=0)
        say(f"mulai: {args.pegawai:,} pegawai, {args.answers:,} jawaban survei")
        started = time.perf_counter()
        periode, agency_s, data_s, counts = build(args.pegawai, seed=1)
        instansi = periode.instansi
        say(f"data: instansi {agency_s:.0f} s, SKP setahun {data_s:.0f} s ({counts[1]:,} "
            f"indikator, {counts[2]:,} realisasi, {counts[3]:,} perilaku)")  # fmt: skip
        build_citizen_data(instansi, seed=1)
        services = list(Layanan.objects.filter(instansi=instansi).values_list("pk", flat=True))
        started = time.perf_counter()
        bulk_insert_answers(connection, instansi.pk, services, args.answers, timezone.now())
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        say(f"{args.answers:,} jawaban survei + VACUUM ANALYZE: "
            f"{time.perf_counter() - started:.0f} s")  # fmt: skip

        head = User.objects.create(username="skala-pimpinan", instansi=instansi,
                                   is_pimpinan=True)  # fmt: skip
        client = Client()
        client.force_login(head)

        def dashboard(label: str) -> None:
            fresh = Periode.objects.get(pk=periode.pk)
            started = time.perf_counter()
            refresh_aggregates(fresh)
            refresh_s = time.perf_counter() - started
            median, size = timed_page(client, "/wawasan/")
            say(f"dasbor {label}: refresh_aggregates {refresh_s:.2f} s; GET /wawasan/ median "
                f"{median * 1000:.0f} ms ({size / 1024:.0f} kB)")  # fmt: skip

        if not args.no_dashboard:
            dashboard("periode terbuka")

        layanan = Layanan.objects.filter(instansi=instansi).order_by("pk").first()
        kode = layanan.kode_publik
        public = Client()
        latencies = []
        for n in range(200):
            body = {f"u{i}": 1 + (n + i) % 4 for i in range(1, 10)}
            started = time.perf_counter()
            address = f"10.9.{n // 250}.{n % 250 + 1}"
            response = public.post(f"/api/v1/citizen/survei/{kode}/", body,
                                   content_type="application/json",
                                   headers={"x-real-ip": address})  # fmt: skip
            latencies.append(time.perf_counter() - started)
            assert response.status_code == 201, response.content
        say(f"survei, 200 jawaban berurutan di atas {args.answers:,}: p50 "
            f"{percentile(latencies, 50) * 1000:.1f} ms, p99 "
            f"{percentile(latencies, 99) * 1000:.1f} ms")  # fmt: skip
        today = timezone.localdate()
        best = []
        for _ in range(3):
            started = time.perf_counter()
            ikm_rows(instansi.pk, today.replace(year=today.year - 2), today, per="layanan")
            best.append(time.perf_counter() - started)
        say(f"IKM per layanan atas {args.answers:,} jawaban: terbaik {min(best):.2f} s")

        if not args.no_load:
            survey_load(database_url, workdir, layanan)

        if not args.no_close:
            Periode.objects.filter(pk=periode.pk).update(status=Periode.Status.PENILAIAN)
            started = time.perf_counter()
            run = close_period(Periode.objects.get(pk=periode.pk), by=None)
            say(f"penutupan periode: {time.perf_counter() - started:.1f} s "
                f"({run.jumlah_hasil:,} hasil)")  # fmt: skip
            if not args.no_dashboard:
                dashboard("setelah ditutup")
        connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
