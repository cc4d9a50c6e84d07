"""Mixed load: 32 concurrent clients for 5 minutes on gunicorn + PostgreSQL, loopback only.

    .venv/bin/python bench/bench_mixed_load.py                    # 5 min, 10,000 employees
    BENCH_SECONDS=60 .venv/bin/python bench/bench_mixed_load.py   # a shorter trial
    .venv/bin/python bench/bench_mixed_load.py --pegawai 100000 --clients 32

The database is a private PostgreSQL cluster created for the run in a temporary directory
and removed afterwards (bench/pg_private.py), so nothing else on the machine is touched.
Data and the mix of requests: bench/mixed_load.py (survey answers, employees recording
realisations through the API, raters verifying on the page, the team page and the
dashboard). Prints per route: requests, errors, p50/p99; then every acknowledged write is
looked up in the database. Stops by itself after BENCH_SECONDS (default 300) of load.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import mixed_load  # noqa: E402
from bench.pg_private import PrivateCluster, free_port  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "300"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pegawai", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=SECONDS)
    parser.add_argument("--json", help="write the figures to this file as well")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="kinerja-bench-campur-"))

    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    with PrivateCluster() as pg:
        url = pg.create_database("kinerja_campur")
        os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="bench.survey_settings",
                          KINERJA_VAR_DIR=str(workdir))  # fmt: skip
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        plan = mixed_load.prepare(args.pegawai, clients=args.clients)
        print(f"Data: {args.pegawai:,} pegawai, {len(plan['clients'])} penilai × "
              f"{mixed_load.TEAM} pegawai aktif, {len(plan['layanan'])} layanan publik; "
              f"dibangun dalam {time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
        connection.close()

        port = free_port()
        server = mixed_load.start_server(url, workdir, port)
        try:
            before = mixed_load.load_average()
            print(f"gunicorn 127.0.0.1:{port}; {args.clients} klien × {args.seconds} s; "
                  f"load average 1/5/15 sebelum: {before}", flush=True)  # fmt: skip
            mixed_load.run(
                ("127.0.0.1", port), plan, seconds=3, clients=args.clients, mix=mixed_load.WARM_UP
            )  # warm-up
            baseline = mixed_load.baseline(plan)
            connection.close()
            results = mixed_load.run(("127.0.0.1", port), plan, seconds=args.seconds,
                                     clients=args.clients)  # fmt: skip
            after = mixed_load.load_average()
        finally:
            mixed_load.stop_server(server)
        print(f"Selesai dalam {results.seconds:.1f} s; load average 1/5/15 sesudah: {after}")
        mixed_load.print_summary(results)
        stored = mixed_load.check(results, baseline)
        print("Tulis diakui vs tersimpan:", json.dumps(stored, ensure_ascii=False))
        ok = mixed_load.nothing_lost(stored)
        print("Setiap tulis yang diakui ada di basis data:", "ya" if ok else "TIDAK")
        if args.json:
            Path(args.json).write_text(json.dumps(
                {"rute": mixed_load.summary(results), "tersimpan": stored,
                 "load_sebelum": before, "load_sesudah": after, "detik": results.seconds},
                indent=1, default=str))  # fmt: skip
        connection.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
