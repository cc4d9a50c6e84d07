"""Benchmark: closing a period (kinerja.scoring.services.close_period) for 10,000 and 100,000
employees, against the database's own floor and DuckDB, in the same run.

    .venv/bin/python bench/bench_close.py                       # SQLite (fresh file in var/bench/)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kinerja_bench_close \
        .venv/bin/python bench/bench_close.py                   # PostgreSQL (database must exist)
    .venv/bin/python bench/bench_close.py --sizes 10000 --profile   # cProfile of the close

Data: the demo generator's agency (kinerja.demo.generator.build_agency), then per employee an
approved SKP with 2 main RHK × 3 indicators (6), quarterly realisations (about 90% verified)
and quarterly behaviour ratings, inserted directly (executemany on SQLite, COPY on
PostgreSQL): building is not timed. Timed:

- close: ``close_period`` (4 slice results + the annual result per employee, curve check per
  agency and unit, hash, period closed), one transaction;
- floor: one hand-written ``INSERT INTO scratch … SELECT … GROUP BY`` computing the same
  per-employee annual capaian (capped mean of the indicators' capaian) on the same database;
- duckdb: the same GROUP BY in DuckDB over the same rows (loaded from a CSV, load not timed).
"""

import argparse
import cProfile
import csv
import io
import os
import pstats
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
if "DATABASE_URL" not in os.environ:
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    db_file = bench_dir / "close.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from kinerja.core import extensions  # noqa: E402
from kinerja.demo.generator import build_agency  # noqa: E402
from kinerja.org.models import Pegawai  # noqa: E402
from kinerja.scoring.models import Hasil, PenutupanPeriode, PredikatOrganisasi  # noqa: E402
from kinerja.scoring.services import close_period  # noqa: E402
from kinerja.scoring.services.inputs import read_source  # noqa: E402
from kinerja.scoring.services.results import store  # noqa: E402
from kinerja.skp.models import (  # noqa: E402
    NILAI_INTI,
    BagianPeriode,
    Indikator,
    PenilaianPerilaku,
    Periode,
    Realisasi,
    Rhk,
    Skp,
)
from kinerja.skp.services.periode import clean_parameter, slices_for  # noqa: E402

YEAR = 2026
RHK_PER_SKP = 2
IND_PER_RHK = 3


def now():
    return time.perf_counter()


def next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")  # noqa: S608
        return cursor.fetchone()[0] + 1


def insert(model, columns, rows) -> None:
    """Insert ``rows`` into ``model``'s table: COPY on PostgreSQL, executemany on SQLite."""
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT MAX(id) FROM {table}))"
            )
        return
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    with connection.cursor() as cursor:
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == 20000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def build(n: int, seed: int):
    kode = f"BC{n}"
    started = now()
    result = build_agency(pegawai=n, seed=seed, kode=kode, nama=f"Bench {n}", with_accounts=False)
    instansi = result.instansi
    agency_s = now() - started
    started = now()
    rng = random.Random(seed)
    stamp = timezone.now()
    with transaction.atomic():
        periode = Periode.objects.create(
            instansi=instansi, tahun=YEAR, status=Periode.Status.PENILAIAN,
            parameter=clean_parameter(Periode.Skema.PERMENPANRB_6_2022, None),
        )  # fmt: skip
        BagianPeriode.objects.bulk_create(
            BagianPeriode(instansi=instansi, periode=periode, nomor=k, mulai=a, selesai=b)
            for k, a, b in slices_for(YEAR, periode.kadens)
        )
        slices = list(periode.bagian.order_by("nomor").values_list("id", flat=True))
        people = list(
            Pegawai.objects.filter(instansi=instansi).values_list("id", "atasan_id", "unit_id")
        )
        skp0, rhk0, ind0 = next_id(Skp), next_id(Rhk), next_id(Indikator)
        real0, beh0 = next_id(Realisasi), next_id(PenilaianPerilaku)
        approved = datetime(YEAR, 1, 20, tzinfo=UTC)
        skp_rows, rhk_rows, ind_rows, real_rows, beh_rows = [], [], [], [], []
        for k, (pid, atasan, unit) in enumerate(people):
            skp_id = skp0 + k
            skp_rows.append((skp_id, instansi.pk, periode.pk, pid, atasan, unit, "non_jpt",
                             "disetujui", "", 1, "", "", "", approved, approved, 1,
                             stamp))  # fmt: skip
            skill = rng.uniform(0.7, 1.3)
            for r in range(RHK_PER_SKP):
                rhk_id = rhk0 + k * RHK_PER_SKP + r
                rhk_rows.append(
                    (rhk_id, instansi.pk, skp_id, "utama", f"Hasil kerja {r + 1}", r, 1)
                )
                for i in range(IND_PER_RHK):
                    ind_id = ind0 + (k * RHK_PER_SKP + r) * IND_PER_RHK + i
                    target = rng.choice((4, 12, 24, 100))
                    ind_rows.append((ind_id, instansi.pk, rhk_id, f"Indikator {i + 1}", "kuantitas",
                                     Decimal(target), "dokumen", "naik", "manual", "", Decimal(1),
                                     i, 1))  # fmt: skip
                    for bagian in slices:
                        value = max(0, round(target / 4 * skill * rng.uniform(0.8, 1.2)))
                        status = "diverifikasi" if rng.random() < 0.9 else "diajukan"
                        real_rows.append((real0 + len(real_rows), instansi.pk, skp_id, ind_id,
                                          bagian, Decimal(value), "", status, "", False, 1,
                                          stamp))  # fmt: skip
            for bagian in slices:
                values = [rng.choice(("di_atas", "sesuai", "sesuai", "sesuai")) for _ in NILAI_INTI]
                beh_rows.append((beh0 + len(beh_rows), instansi.pk, skp_id, bagian, atasan,
                                 *[x for v in values for x in (v, "")], 1, stamp))  # fmt: skip
        insert(Skp, ["id", "instansi_id", "periode_id", "pegawai_id", "penilai_id", "unit_id",
                     "jenis", "status", "komentar", "revisi", "dukungan_sumber_daya",
                     "skema_pertanggungjawaban", "konsekuensi", "diajukan_pada",
                     "disetujui_pada", "version", "dibuat"], skp_rows)  # fmt: skip
        insert(Rhk, ["id", "instansi_id", "skp_id", "jenis", "uraian", "urutan", "version"],
               rhk_rows)  # fmt: skip
        insert(Indikator, ["id", "instansi_id", "rhk_id", "uraian", "aspek", "target", "satuan",
                           "arah", "sumber", "sumber_kode", "bobot", "urutan", "version"],
               ind_rows)  # fmt: skip
        insert(Realisasi, ["id", "instansi_id", "skp_id", "indikator_id", "bagian_id", "nilai",
                           "catatan", "status", "komentar_penilai", "dihitung_sistem", "version",
                           "diubah"], real_rows)  # fmt: skip
        beh_cols = ["id", "instansi_id", "skp_id", "bagian_id", "penilai_id"]
        for code in NILAI_INTI:
            beh_cols += [code, f"catatan_{code}"]
        insert(PenilaianPerilaku, [*beh_cols, "version", "diubah"], beh_rows)
        PredikatOrganisasi.objects.create(
            instansi=instansi, periode=periode, predikat="baik", ditetapkan_pada=stamp
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    counts = (len(people), len(ind_rows), len(real_rows), len(beh_rows))
    return periode, agency_s, now() - started, counts


FLOOR_SQL = """
INSERT INTO scratch_capaian (skp_id, capaian)
SELECT skp_id, AVG(c) FROM (
    SELECT rh.skp_id AS skp_id,
           CASE WHEN SUM(r.nilai) IS NULL THEN 0
                WHEN SUM(r.nilai) * 100.0 / i.target > 120 THEN 120
                ELSE SUM(r.nilai) * 100.0 / i.target END AS c
    FROM skp_indikator i
    JOIN skp_rhk rh ON rh.id = i.rhk_id
    JOIN skp_skp s ON s.id = rh.skp_id
    LEFT JOIN skp_realisasi r ON r.indikator_id = i.id AND r.status = 'diverifikasi'
    WHERE s.periode_id = %s
    GROUP BY rh.skp_id, i.id, i.target
) per_indicator
GROUP BY skp_id
"""


def floor(periode) -> tuple[float, float]:
    """(wall s, CPU s of this process: on SQLite the whole statement runs in it)."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS scratch_capaian")
        cursor.execute("CREATE TABLE scratch_capaian (skp_id bigint, capaian numeric)")
    cpu, started = time.process_time(), now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, [periode.pk])
    return now() - started, time.process_time() - cpu


def duckdb_reference(periode) -> float | None:
    try:
        import duckdb
    except ImportError:
        return None
    rows = Realisasi.objects.filter(skp__periode=periode).values_list(
        "skp_id", "indikator_id", "indikator__target", "nilai", "status"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "realisasi.csv"
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["skp_id", "indikator_id", "target", "nilai", "status"])
            writer.writerows(rows.iterator(chunk_size=20000))
        db = duckdb.connect()
        db.execute(f"CREATE TABLE r AS SELECT * FROM read_csv_auto('{path}')")
        started = now()
        db.execute("""
            CREATE TABLE scratch AS SELECT skp_id, AVG(c) AS capaian FROM (
              SELECT skp_id, indikator_id,
                     LEAST(120, COALESCE(SUM(nilai) FILTER (WHERE status = 'diverifikasi'), 0)
                                * 100.0 / ANY_VALUE(target)) AS c
              FROM r GROUP BY skp_id, indikator_id) GROUP BY skp_id
        """)
        elapsed = now() - started
        db.close()
    return elapsed


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


class Hooks:
    """Time spent in the after-commit hooks of later apps (inside the timed close)."""

    spent = 0.0

    @classmethod
    def install(cls):
        original = extensions.period_closed

        def timed(periode):
            started = now()
            try:
                return original(periode)
            finally:
                cls.spent += now() - started

        extensions.period_closed = timed


def timed_close(periode, profiler=None) -> tuple[float, float, float, object]:
    """(wall s, CPU s of this process, of which after-commit hooks s, the close record).

    The dashboard figures are stored by a task the close enqueues (insight's hook; the
    database queue, run by ``db_worker``, which this benchmark does not start), so they are
    not in the close's time."""
    Hooks.spent = 0.0
    cpu, started = time.process_time(), now()
    if profiler:
        profiler.enable()
    record = close_period(periode, by=None)
    if profiler:
        profiler.disable()
    wall, used = now() - started, time.process_time() - cpu
    return wall, used, Hooks.spent, record


def reopen(periode) -> float:
    """Untimed reset between the two closes: the period's results and close record removed,
    the period back in its assessment stage."""
    started = now()
    with transaction.atomic(), connection.cursor() as cursor:
        for model in (PenutupanPeriode, Hasil):
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE periode_id = %s",  # noqa: S608
                           [periode.pk])  # fmt: skip
        Periode.objects.filter(pk=periode.pk).update(status=Periode.Status.PENILAIAN)
    periode.refresh_from_db()
    return now() - started


def compute_slices(periode) -> float:
    """What HR's "Hitung" does when each slice ends (one transaction per slice; here the
    inputs are read once for the four), for every slice, then (PostgreSQL) what autovacuum
    does before the close: run before the second close and NOT part of its time (printed
    separately)."""
    started = now()
    with transaction.atomic():
        source = read_source(periode)
    for bagian in periode.bagian.order_by("nomor"):
        with transaction.atomic():
            store(periode, bagian=bagian, source=source)
    if connection.vendor == "postgresql":
        # What autovacuum does in the months between a slice's end and the close (and, on a
        # quiet server, within a minute of a slice's 100,000 rows): the rows' visibility and
        # the table's statistics. Without it the close's first queries find 400,000 rows
        # the planner believes are a few dozen, and whose visibility each read must check.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Hasil._meta.db_table}")
    return now() - started


def run(n: int, profile: bool) -> dict:
    periode, agency_s, data_s, counts = build(n, seed=n)
    print(f"  data {n:,} pegawai: agency {agency_s:.1f} s, SKP year {data_s:.1f} s; "
          f"{counts[1]:,} indicators, {counts[2]:,} realisations, {counts[3]:,} behaviour rows",
          flush=True)  # fmt: skip
    floor_load = load()
    floor_s, floor_cpu = floor(periode)
    duck_s = duckdb_reference(periode)
    profiler = cProfile.Profile() if profile else None
    close_load = load()
    close_s, close_cpu, hooks_s, run_record = timed_close(periode, profiler)
    results = Hasil.objects.filter(periode=periode).count()
    again = now()
    second = close_period(periode, by=None)
    again_s = now() - again
    assert second.pk == run_record.pk
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(25)
        stats.sort_stats("tottime").print_stats(20)
        print(out.getvalue())
    duck = f"{duck_s:.2f} s" if duck_s is not None else "n/a"
    print(f"  close from nothing {close_s:.2f} s (CPU {close_cpu:.2f} s, after-commit hooks "
          f"{hooks_s:.2f} s; {results:,} results; load {close_load}), floor {floor_s:.2f} s "
          f"(CPU {floor_cpu:.2f} s; load {floor_load}; close/floor {close_s / floor_s:.1f}×), "
          f"duckdb {duck}, second close {again_s:.3f} s", flush=True)  # fmt: skip
    reset_s = reopen(periode)
    slices_s = compute_slices(periode)
    after_load = load()
    after_s, after_cpu, after_hooks, after_record = timed_close(periode)
    floor2_s, floor2_cpu = floor(periode)
    same = after_record.hash_gabungan == run_record.hash_gabungan
    print(f"  close after slices {after_s:.2f} s (CPU {after_cpu:.2f} s, hooks "
          f"{after_hooks:.2f} s; load {after_load}; {after_record.jumlah_diubah:,} results "
          f"written of {after_record.jumlah_hasil:,}), floor again {floor2_s:.2f} s "
          f"(CPU {floor2_cpu:.2f} s); "
          f"untimed before it: reset {reset_s:.1f} s, slices computed {slices_s:.1f} s; "
          f"combined hash equal to the close from nothing: {same}", flush=True)  # fmt: skip
    return {"n": n, "close": close_s, "floor": floor_s, "duckdb": duck_s, "results": results,
            "again": again_s, "after": after_s, "floor2": floor2_s, "same": same,
            "close_cpu": close_cpu, "after_cpu": after_cpu, "floor_cpu": floor_cpu}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    vendor = connection.vendor
    print(f"bench_close on {vendor} ({connection.settings_dict['NAME']}), "
          f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load {load()}", flush=True)  # fmt: skip
    Hooks.install()
    call_command("migrate", verbosity=0)
    figures = [run(int(size), args.profile) for size in args.sizes.split(",")]
    if len(figures) >= 2:
        small, large = figures[0], figures[-1]
        for key, label in (("close", "from nothing"), ("after", "after slices")):
            ratio = large[key] / small[key]
            print(f"  {label}: {large['n']:,} takes {ratio:.1f}× the time of {small['n']:,} "
                  f"(target ≤ 11×); under 15 s: {large[key] < 15}; within 5× of the floor: "
                  f"{large[key] <= 5 * large['floor']} "
                  f"({large[key] / large['floor']:.1f}×)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
