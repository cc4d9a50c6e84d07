"""Benchmark of what the realisation summary's triggers (skp.RekapRealisasi, migration
skp.0007) add to writing realisations: microseconds per realisation inserted, updated and
deleted, with and without the triggers, in the same run on the same table.

    .venv/bin/python bench/bench_skp_rekap_triggers.py [--rows 20000] [--rounds 3]

Uses the database of bench/bench_skp_pages.py (var/bench/skp.sqlite3 unless DATABASE_URL is
set) and its 100,000-employee agency when it is there, so the table and its indexes have
their real size; otherwise it builds a small agency (--pegawai). Every write is rolled back:
each round runs in a savepoint, "without" drops the triggers inside it. The rounds
alternate with / without; the figures are the medians.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
BENCH_DIR.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
os.environ.setdefault("KINERJA_VAR_DIR", str(BENCH_DIR))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{BENCH_DIR / 'skp.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

SUBMITTED, VERIFIED = "diajukan", "diverifikasi"


class Rollback(Exception):
    """Raised to leave a round's savepoint without keeping anything."""


def agency_slice(pegawai: int, seed: int):
    """An agency's slice with no realisation yet, and indicators of approved SKPs."""
    from kinerja.org.models import Instansi
    from kinerja.skp.models import BagianPeriode, Indikator, Realisasi

    instansi = (
        Instansi.objects.filter(kode="BSKP100000").first()
        or Instansi.objects.filter(kode=f"BREKAP{pegawai}").first()
    )
    if instansi is None:
        from kinerja.demo.generator import build_agency
        from kinerja.skp.demo import build_skp_year

        built = build_agency(pegawai=pegawai, seed=seed, kode=f"BREKAP{pegawai}",
                             nama="Pemerintah Kota Bench Rekap", with_accounts=False)  # fmt: skip
        build_skp_year(built.instansi, seed=seed, today=date(2026, 8, 15))
        instansi = built.instansi
    empty = (
        BagianPeriode.objects.filter(periode__instansi=instansi)
        .exclude(pk__in=Realisasi.objects.values("bagian_id"))
        .order_by("nomor")
        .first()
    )
    assert empty is not None, "every slice has realisations: no room to insert"
    found = list(
        Indikator.objects.filter(
            instansi=instansi,
            rhk__skp__periode=empty.periode,
            rhk__skp__disetujui_pada__isnull=False,
        )
        .order_by("pk")
        .values_list("pk", "rhk__skp_id")
    )
    return instansi, empty, found


def drop_triggers() -> None:
    from kinerja.skp import rekap

    with connection.cursor() as cursor:
        for name, table in rekap.expected_triggers().items():
            on = f" ON {table}" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER {name}{on}")


def one_round(instansi, bagian, indicators, *, triggers: bool) -> dict[str, float]:
    """Seconds per operation over ``indicators``, inside a savepoint rolled back after."""
    from kinerja.skp.demo.bulk import insert
    from kinerja.skp.models import Realisasi

    took: dict[str, float] = {}
    ops = connection.ops
    now = ops.adapt_datetimefield_value(datetime(2026, 9, 1, tzinfo=UTC))
    rows = [
        (instansi.pk, skp_id, ind_id, bagian.pk, ops.adapt_decimalfield_value(Decimal(n % 50)),
         "", SUBMITTED, "", False, 1, now, now)
        for n, (ind_id, skp_id) in enumerate(indicators)
    ]  # fmt: skip
    columns = ("instansi_id", "skp_id", "indikator_id", "bagian_id", "nilai", "catatan",
               "status", "komentar_penilai", "dihitung_sistem", "version", "diajukan_pada",
               "diubah")  # fmt: skip
    table = connection.ops.quote_name(Realisasi._meta.db_table)
    one_row = (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    try:
        with transaction.atomic():
            if not triggers:
                drop_triggers()
            start = time.perf_counter()
            with connection.cursor() as cursor:  # one INSERT per realisation (API, a service)
                cursor.executemany(one_row, rows)
            took["insert, one row per statement"] = time.perf_counter() - start
            ids = list(
                Realisasi.objects.filter(bagian=bagian).order_by("pk").values_list("pk", flat=True)
            )
            assert len(ids) == len(rows)
            start = time.perf_counter()
            with connection.cursor() as cursor:  # one UPDATE per realisation, as a service does
                cursor.executemany(
                    f"UPDATE {table} SET status = %s WHERE id = %s",  # noqa: S608
                    [(VERIFIED, pk) for pk in ids],
                )
            took["update status, one row per statement"] = time.perf_counter() - start
            start = time.perf_counter()
            Realisasi.objects.filter(bagian=bagian).update(status=SUBMITTED)
            took["update status, one statement (queryset)"] = time.perf_counter() - start
            start = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table} WHERE bagian_id = %s", [bagian.pk])  # noqa: S608
            took["delete, one statement"] = time.perf_counter() - start
            start = time.perf_counter()
            Realisasi.objects.bulk_create(
                Realisasi(instansi_id=instansi.pk, skp_id=skp_id, indikator_id=ind_id,
                          bagian=bagian, nilai=Decimal(1), status=SUBMITTED)
                for ind_id, skp_id in indicators
            )  # fmt: skip
            took["insert (Django bulk_create)"] = time.perf_counter() - start
            Realisasi.objects.filter(bagian=bagian).delete()
            names = ("instansi", "skp", "indikator", "bagian", "nilai", "catatan", "status",
                     "komentar_penilai", "diajukan_pada", "diubah")  # fmt: skip
            when = datetime(2026, 9, 1, tzinfo=UTC)
            loaded = [(instansi.pk, skp_id, ind_id, bagian.pk, Decimal(1), "", SUBMITTED, "",
                       when, when) for ind_id, skp_id in indicators]  # fmt: skip
            start = time.perf_counter()
            insert(Realisasi, names, loaded)
            took["insert (demo year loader, skp.demo.bulk.insert)"] = time.perf_counter() - start
            raise Rollback
    except Rollback:
        pass
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pegawai", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from kinerja.skp import rekap
    from kinerja.skp.models import Realisasi

    call_command("migrate", verbosity=0)
    missing = rekap.missing_triggers()
    assert not missing, f"triggers missing: {missing}"
    instansi, bagian, indicators = agency_slice(args.pegawai, args.seed)
    indicators = indicators[: args.rows]
    realisations = Realisasi.objects.count()
    times: dict[tuple[str, bool], list[float]] = {}
    with transaction.atomic():
        one_round(instansi, bagian, indicators[:500], triggers=True)  # warm up
        for _ in range(args.rounds):
            for triggers in (True, False):
                for name, seconds in one_round(
                    instansi, bagian, indicators, triggers=triggers
                ).items():
                    times.setdefault((name, triggers), []).append(seconds)
    n = len(indicators)
    print(
        f"mesin: {platform.platform()}, {os.cpu_count()} CPU, Python "
        f"{platform.python_version()}, basis data {connection.vendor}; "
        f"{n:,} realisasi per putaran, {args.rounds} putaran, tabel {realisations:,} realisasi"
    )
    print(f"{'operasi':42} {'dengan µs':>10} {'tanpa µs':>10} {'tambahan µs':>12}")
    for name in dict.fromkeys(k for k, _t in times):
        with_ = statistics.median(times[(name, True)]) / n * 1e6
        without = statistics.median(times[(name, False)]) / n * 1e6
        print(f"{name:42} {with_:10.1f} {without:10.1f} {with_ - without:12.1f}")
    print(f"beban mesin (load average) di akhir: {os.getloadavg()}")


if __name__ == "__main__":
    main()
