"""Figures for docs/scaling.md: one PostgreSQL at a given number of employees (not run by
``make bench``: at 1,000,000 employees it takes most of an hour on a small machine).

    .venv/bin/python bench/scale_probe.py --pegawai 1000000
    .venv/bin/python bench/scale_probe.py --pegawai 100000 --answers 1000000

On a private PostgreSQL cluster (bench/pg_private.py, removed afterwards): the close
benchmark's agency (``bench.bench_close.build``: per employee an approved SKP, 6 indicators,
4 quarters of realisations, behaviour ratings), ``--answers`` survey answers bulk-inserted
(bench_survey_load's generator), then, each printed as soon as it is measured:

1. dashboard of the open period: ``refresh_aggregates`` (once) and ``GET /wawasan/`` for the
   agency head (median of 5 after a warm-up, django.test.Client, no HTTP server);
2. survey: 200 public answers one after the other through the API (p50/p99), with the
   answers already stored; the IKM per service over all of them (best of 3);
3. close: ``close_period`` (unless ``--no-close``), then the dashboard again.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.mixed_load import load_average, percentile  # noqa: E402
from bench.pg_private import PrivateCluster  # noqa: E402


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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pegawai", type=int, default=1_000_000)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--no-close", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="kinerja-bench-skala-"))
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    with PrivateCluster() as pg:
        os.environ.update(DATABASE_URL=pg.create_database("kinerja_skala"),
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

        dashboard("periode terbuka")

        kode = Layanan.objects.filter(instansi=instansi).order_by("pk").first().kode_publik
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

        if not args.no_close:
            Periode.objects.filter(pk=periode.pk).update(status=Periode.Status.PENILAIAN)
            started = time.perf_counter()
            run = close_period(Periode.objects.get(pk=periode.pk), by=None)
            say(f"penutupan periode: {time.perf_counter() - started:.1f} s "
                f"({run.jumlah_hasil:,} hasil)")  # fmt: skip
            dashboard("setelah ditutup")
        connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
