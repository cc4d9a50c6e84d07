"""Benchmark of the SKP pages: "Tim saya" for a rater of about 50 and HR's period page for
an agency of 100,000 employees, against baselines measured in the same run.

    .venv/bin/python bench/bench_skp_pages.py [--pegawai 100000] [--repeat 15] [--seed 1]

Uses a throwaway SQLite database under var/bench/ unless DATABASE_URL is set; the agency
and its SKP year are built once (kinerja.demo.generator.build_agency + build_skp_year)
and reused by later runs of the same size. Prints median and p95 per page in milliseconds.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
BENCH_DIR.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
os.environ.setdefault("KINERJA_VAR_DIR", str(BENCH_DIR))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{BENCH_DIR / 'skp.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

TODAY = date(2026, 8, 15)  # two quarters ended: realisations, ratings and dialogue exist
MID_SLICE = date(2026, 6, 20)  # slice 2 under way, its realisations all in (built at TODAY)


def build_agency_when_ready(wait_minutes: int = 30):
    """The demo generator is written in parallel; wait for it instead of duplicating it."""
    deadline = time.monotonic() + wait_minutes * 60
    while True:
        try:
            from kinerja.demo.generator import build_agency

            return build_agency
        except ImportError:
            if time.monotonic() > deadline:
                raise
            print("menunggu kinerja.demo.generator.build_agency ...", flush=True)
            time.sleep(10)


CPU: dict[str, list[float]] = {}
"""This process's CPU milliseconds per request, by URL and cache state: on SQLite (run inside
this process) the work itself, whatever else the shared machine is doing; on PostgreSQL the
server's share is not in it."""


def timed(client: Client, url: str, repeat: int, *, cold: bool = False) -> tuple[list[float], int]:
    """Median-ready samples of one page; ``cold`` empties the cache before each request (the
    HR period report is cached by data version: this times its first reading)."""
    for _ in range(2):  # warm up: template loading, connection, caches
        assert client.get(url).status_code == 200, url
    samples, cpu = [], CPU.setdefault(f"{len(CPU)} {url} {cold}", [])
    for _ in range(repeat):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, url
    return samples, len(queries)


def timed_sql(repeat: int, sql: str) -> list[float]:
    samples = []
    with connection.cursor() as cursor:
        for _ in range(repeat + 2):
            start = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            samples.append((time.perf_counter() - start) * 1000)
    return samples[2:]


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pegawai", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from kinerja.org.models import Instansi, Pegawai, User
    from kinerja.skp.demo import build_skp_year
    from kinerja.skp.models import Periode

    call_command("migrate", verbosity=0)
    kode = f"BSKP{args.pegawai}"
    instansi = Instansi.objects.filter(kode=kode).first()
    built = ""
    if instansi is None or not Periode.objects.filter(instansi=instansi).exists():
        build_agency = build_agency_when_ready()
        start = time.perf_counter()
        instansi = build_agency(
            pegawai=args.pegawai,
            seed=args.seed,
            kode=kode,
            nama="Pemerintah Kota Bench",
            with_accounts=False,
        )
        middle = time.perf_counter()
        year = build_skp_year(instansi.instansi, seed=args.seed, today=TODAY)
        end = time.perf_counter()
        instansi = year.periode.instansi
        built = (
            f"organisasi {middle - start:.1f} s; tahun SKP {end - middle:.1f} s "
            f"({year.skp:,} SKP, {year.indikator:,} indikator, {year.realisasi:,} "
            f"realisasi, {year.bukti:,} bukti, {year.perilaku:,} penilaian perilaku)"
        )
    periode = Periode.objects.get(instansi=instansi)
    raters = (
        Pegawai.objects.filter(instansi=instansi, aktif=True)
        .annotate(n=Count("bawahan"))
        .filter(n__gt=0)
        .values_list("pk", "n")
    )
    rater_pk, team = min(raters, key=lambda r: (abs(r[1] - 50), r[0]))
    if team < 50:  # top the team up to 50 with staff who rate nobody (timing data only)
        leaves = (
            Pegawai.objects.filter(instansi=instansi, aktif=True, bawahan__isnull=True)
            .exclude(atasan_id=rater_pk)
            .exclude(pk=rater_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[: 50 - team]
        )
        Pegawai.objects.filter(pk__in=list(leaves)).update(atasan_id=rater_pk)
        team = Pegawai.objects.filter(atasan_id=rater_pk, aktif=True).count()
    rater_user, _ = User.objects.get_or_create(
        username=f"bench.atasan.{kode.lower()}",
        defaults={"instansi": instansi, "pegawai_id": rater_pk},
    )
    admin, _ = User.objects.get_or_create(
        username=f"bench.admin.{kode.lower()}",
        defaults={"instansi": instansi, "is_admin_kepegawaian": True},
    )
    employees = Pegawai.objects.filter(instansi=instansi).count()

    rater_client, admin_client = Client(), Client()
    rater_client.force_login(rater_user)
    admin_client.force_login(admin)
    repeat = args.repeat
    table = connection.ops.quote_name(Pegawai._meta.db_table)
    rows = {
        "baseline: /sehat/ (SELECT 1)": timed(admin_client, reverse("health"), repeat),
        "baseline: SELECT COUNT(*) pegawai": (
            timed_sql(repeat, f"SELECT COUNT(*) FROM {table}"),
            1,
        ),
        "baseline: COUNT(*) pegawai GROUP BY unit": (
            timed_sql(repeat, f"SELECT unit_id, COUNT(*) FROM {table} GROUP BY unit_id"),
            1,
        ),
        f"Tim saya ({team} bawahan)": timed(
            rater_client, reverse("skp_tim") + f"?periode={periode.tahun}&bagian=2", repeat
        ),
        f"Periode HR ({employees:,} pegawai)": timed(
            admin_client, reverse("skp_periode", args=[periode.pk]), repeat
        ),
        "Periode HR, bacaan pertama (cache kosong)": timed(
            admin_client, reverse("skp_periode", args=[periode.pk]), repeat, cold=True
        ),
    }
    # The same first reading on a day inside the year the data was built for: slice 2 under
    # way with all its realisations in, slice 1 finished (the current-slice count is full).
    with mock.patch("kinerja.skp.views.tim.today", return_value=MID_SLICE):
        rows[f"Periode HR, bacaan pertama, {MID_SLICE:%d-%m} (bagian 2 berjalan)"] = timed(
            admin_client, reverse("skp_periode", args=[periode.pk]), repeat, cold=True
        )
    vendor = connection.vendor
    print(
        f"mesin: {platform.platform()}, {os.cpu_count()} CPU, Python "
        f"{platform.python_version()}, basis data {vendor}"
    )
    if built:
        print(f"dibangun: {built}")
    cpu = iter(CPU.values())
    print(f"{'halaman':45} {'median ms':>10} {'p95 ms':>10} {'kueri':>6} {'CPU ms':>8}")
    for name, (samples, count) in rows.items():
        mine = (
            statistics.median(next(cpu))
            if not name.startswith("baseline: SELECT") and (not name.startswith("baseline: COUNT"))
            else None
        )
        print(
            f"{name:45} {statistics.median(samples):10.2f} {p95(samples):10.2f} {count:6}"
            + (f" {mine:8.2f}" if mine is not None else "")
        )
    print(f"beban mesin (load average) di akhir: {os.getloadavg()}")


if __name__ == "__main__":
    main()
