"""Peak memory of reading the largest XLSX import the limits allow (issue 23).

Each case runs in its own subprocess (a fresh interpreter, so the figure is that one
read's peak resident size, VmHWM from /proc/self/status (``ru_maxrss`` elsewhere), plus the
tracemalloc peak of Python objects): the XLSX is built first, then read by
``kinerja.org.impor.read_table`` (the import's reader: zip-bomb guard, openpyxl
read-only streaming, cell and row caps). No database. Target: under 500 MB.

    .venv/bin/python bench/bench_import_memory.py

Cases:
  rows     the row cap (KINERJA_IMPORT_MAX_ROWS, 200,000) of realistic employee rows,
           shared strings as Excel writes them (the largest real import)
  strings  a sheet of distinct shared strings filling the uncompressed cap
           (KINERJA_IMPORT_MAX_UNCOMPRESSED): the worst case for openpyxl, which keeps the
           shared-string table in memory
  cells    the cell cap (KINERJA_IMPORT_MAX_CELLS) in rows padded far to the right
  bomb     a 2 MB file that unpacks to 2 GB (refused before unpacking)

The whole import (``--impor``): the largest employee file the limits allow imported by
``kinerja.org.impor.import_file`` (read, check against the agency, write in one
transaction, audit entry), each case in a fresh interpreter whose peak resident size is
taken as above, on a fresh SQLite file or on the database ``DATABASE_URL`` names (dropped
and created again by the bench; PostgreSQL only):

    .venv/bin/python bench/bench_import_memory.py --impor
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kinerja_bench_impor \
        .venv/bin/python bench/bench_import_memory.py --impor

  csv-baru    200,000 new employees in CSV (nip, nama, status, kode_unit: just under 10 MB)
  xlsx-baru   200,000 new employees in XLSX with every column (supervisor, unit head,
              position and its kind, rank; titles on some rows), into a second agency
  csv-ubah    the CSV again with every name changed: 200,000 updates against 200,000
              stored employees
  xlsx-ubah   the XLSX again with every name changed
  xlsx-salah  the XLSX with every row's unit unknown: 200,000 errors, nothing written

``--trace`` adds tracemalloc (slower, and its own bookkeeping raises the resident size)
and prints the ten largest allocation sites at the traced peak.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT_MB = 500


def build(case: str, path: Path) -> None:
    from openpyxl import Workbook

    from kinerja.org.impor import LAYOUT_PEGAWAI
    from tests.factories import nip_for

    columns = list(LAYOUT_PEGAWAI.nama_kolom)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    if case == "rows":
        sheet.append(columns)
        for i in range(190_000):  # the largest that stays under the 10 MB file limit
            values = {"nip": nip_for(100_000 + i), "nama": f"Pegawai Uji {i}",
                      "status": "PNS", "kode_unit": f"UNIT{i % 500}",
                      "jabatan": f"Analis {i % 300}"}  # fmt: skip
            sheet.append([values.get(c, "") for c in columns])
    elif case == "strings":
        sheet.append(["nip", "nama", "status", "kode_unit"])
        # ~140 MB unpacked in sharedStrings + sheet: distinct 600-character strings
        for i in range(160_000):
            sheet.append([f"{i:018d}", f"{i:07d}" + "n" * 593, "PNS", "UNIT"])
    elif case == "cells":
        sheet.append(["nip", "nama", "status", "kode_unit"])
        for _ in range(4_000_000 // 2_000 - 1):
            sheet.append([None] * 1_999 + ["x"])
    workbook.save(path)
    if case == "bomb":
        import zipfile

        # Streamed into the archive: the builder itself never holds the unpacked bytes.
        with (
            zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as out,
            out.open("xl/media/padding.xml", "w", force_zip64=True) as member,
        ):
            block = b" " * (1024 * 1024)
            for _ in range(2048):  # 2 GB unpacked
                member.write(block)


def child(case: str, path: str) -> None:
    import resource
    import tracemalloc

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    django.setup()
    from kinerja.org.impor import LAYOUT_PEGAWAI, read_table

    content = Path(path).read_bytes()
    tracemalloc.start()
    started = time.perf_counter()
    table = read_table(content, "pegawai.xlsx", LAYOUT_PEGAWAI)
    seconds = time.perf_counter() - started
    _, traced_peak = tracemalloc.get_traced_memory()
    # VmHWM: this process image's peak resident size (ru_maxrss would carry the parent's
    # peak across fork and exec on Linux).
    status = Path("/proc/self/status").read_text()
    hwm = [line for line in status.splitlines() if line.startswith("VmHWM:")]
    rss_kb = int(hwm[0].split()[1]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "case": case, "file_mb": round(len(content) / 1024**2, 2), "rows": len(table.baris),
        "errors": [str(e) for e in table.kesalahan[:1]], "seconds": round(seconds, 1),
        "peak_rss_mb": round(rss_kb / 1024, 1), "traced_peak_mb": round(traced_peak / 1024**2, 1),
    }))  # fmt: skip


IMPORT_ROWS = 200_000
IMPORT_UNITS = 500


def _nip(i: int) -> str:
    """A distinct valid NIP for each i below 360,000."""
    from datetime import date, timedelta

    from kinerja.org.nip import format_nip

    born = date(1960, 1, 1) + timedelta(days=i % 9000)
    return format_nip(born, 2000 + (i // 9000) % 20, i % 12 + 1, "LP"[i // 180_000], i % 999 + 1)


def build_import(case: str, path: Path) -> None:
    """The employee file of one --impor case."""
    kind, variant = case.split("-")
    name = "Pegawai Ubah" if variant == "ubah" else "Pegawai Uji"
    if kind == "csv":
        import csv

        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["nip", "nama", "status", "kode_unit"])
            for i in range(IMPORT_ROWS):
                writer.writerow([_nip(i), f"{name} {i}", "PNS", f"U{i % IMPORT_UNITS:03d}"])
        return
    from openpyxl import Workbook

    from kinerja.org.impor import LAYOUT_PEGAWAI

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(LAYOUT_PEGAWAI.nama_kolom))
    for i in range(IMPORT_ROWS):
        unit = i % IMPORT_UNITS
        head = i < IMPORT_UNITS  # the first row of each unit heads it
        # Titles, a head's flag and "aktif" on some rows only (empty cells are not
        # stored), so that 200,000 rows stay under the 10 MB upload limit.
        sheet.append([
            _nip(i), "Dr." if i % 50 == 0 else None, f"{name} {i}",
            "S.Kom." if i % 50 == 1 else None, "PNS", "III/a" if i % 2 else "IV/b",
            f"X{unit:03d}" if variant == "salah" else f"U{unit:03d}",
            "Kepala Unit" if head else f"Analis {i % 300}",
            "administrator" if head else "fungsional",
            None if head else _nip(unit), "ya" if head else None, "ya" if head else None,
        ])  # fmt: skip
    workbook.save(path)


def setup_import_db() -> None:
    """A fresh database with two agencies of IMPORT_UNITS units each."""
    import django

    django.setup()
    from django.core.management import call_command

    from kinerja.org.models import Instansi, UnitKerja, User

    call_command("migrate", verbosity=0)
    for kode in ("CSV", "XLSX"):
        instansi = Instansi.objects.create(kode=kode, nama=f"Impor {kode}")
        UnitKerja.objects.bulk_create(
            UnitKerja(instansi=instansi, kode=f"U{i:03d}", nama=f"Unit {i}")
            for i in range(IMPORT_UNITS)
        )
        User.objects.create(username=f"admin.{kode.lower()}", instansi=instansi,
                            is_admin_kepegawaian=True)  # fmt: skip


def _peak_rss_mb() -> float:
    import resource

    status = Path("/proc/self/status").read_text()
    hwm = [line for line in status.splitlines() if line.startswith("VmHWM:")]
    rss_kb = int(hwm[0].split()[1]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(rss_kb / 1024, 1)


def import_child(case: str, path: str, trace: bool) -> None:
    import gc
    import tracemalloc

    import django

    django.setup()
    from django.db import connection

    from kinerja.org import impor
    from kinerja.org.models import Instansi, Pegawai, User

    kode = case.split("-")[0].upper()
    instansi = Instansi.objects.get(kode=kode)
    actor = User.objects.get(username=f"admin.{kode.lower()}")
    Pegawai.objects.filter(instansi=instansi).exists()  # connection and models warm
    gc.collect()
    before = _peak_rss_mb()
    filename = "pegawai." + case.split("-")[0]
    content = Path(path).read_bytes()
    if trace:
        tracemalloc.start(10)
    started = time.perf_counter()
    result = impor.import_file(
        content, filename, instansi=instansi, jenis=impor.PEGAWAI, actor=actor
    )
    seconds = time.perf_counter() - started
    out = {
        "case": case, "db": connection.vendor, "file_mb": round(len(content) / 1024**2, 2),
        "rows": result.jumlah_baris, "dibuat": result.dibuat, "diubah": result.diubah,
        "kesalahan": len(result.kesalahan), "disimpan": result.disimpan,
        "first_error": str(result.kesalahan[0]) if result.kesalahan else "",
        "seconds": round(seconds, 1), "rss_before_mb": before, "peak_rss_mb": _peak_rss_mb(),
    }  # fmt: skip
    if trace:
        _, traced_peak = tracemalloc.get_traced_memory()
        out["traced_peak_mb"] = round(traced_peak / 1024**2, 1)
    print(json.dumps(out, ensure_ascii=False))


def main_import(trace: bool) -> int:
    import django

    django.setup()
    url = os.environ.get("DATABASE_URL", "")
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="kinerja.settings", DEBUG="false")
        if url.startswith("postgres"):
            import psycopg

            base, _, name = url.rpartition("/")
            with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{name}"')
        else:
            env["DATABASE_URL"] = f"sqlite:///{folder}/impor.sqlite3"
        env["KINERJA_VAR_DIR"] = str(Path(folder, "var"))
        subprocess.run([sys.executable, __file__, "--setup-import"], check=True, cwd=ROOT, env=env)
        for case in ("csv-baru", "xlsx-baru", "csv-ubah", "xlsx-ubah", "xlsx-salah"):
            path = Path(folder, f"{case}.{case.split('-')[0]}")
            build_import(case, path)
            command = [sys.executable, __file__, "--import-child", case, str(path)]
            out = subprocess.run(
                [*command, *(["--trace"] if trace else [])],
                capture_output=True, text=True, check=True, cwd=ROOT, env=env,
            )  # fmt: skip
            lines = out.stdout.strip().splitlines()
            if len(lines) > 1:
                print("\n".join(lines[:-1]), flush=True)
            result = json.loads(lines[-1])
            worst = max(worst, result["peak_rss_mb"])
            print(json.dumps(result, ensure_ascii=False), flush=True)
    verdict = "OK" if worst < LIMIT_MB else "MELEBIHI"
    print(f"puncak terbesar impor {worst:.0f} MB (target < {LIMIT_MB} MB): {verdict}")
    return 0 if worst < LIMIT_MB else 1


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    import django

    django.setup()
    from django.conf import settings

    mb = 1024**2
    print(
        f"batas: {settings.KINERJA_IMPORT_MAX_BYTES / mb:.0f} MB berkas, "
        f"{settings.KINERJA_IMPORT_MAX_UNCOMPRESSED / mb:.0f} MB tak-terkompresi, "
        f"{settings.KINERJA_IMPORT_MAX_CELLS:,} sel, {settings.KINERJA_IMPORT_MAX_ROWS:,} baris"
    )
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for case in ("bomb", "rows", "cells", "strings"):
            path = Path(folder, f"{case}.xlsx")
            build(case, path)
            out = subprocess.run(
                [sys.executable, __file__, "--child", case, str(path)],
                capture_output=True, text=True, check=True, cwd=ROOT,
            )  # fmt: skip
            result = json.loads(out.stdout.strip().splitlines()[-1])
            worst = max(worst, result["peak_rss_mb"])
            print(json.dumps(result, ensure_ascii=False), flush=True)
    verdict = "OK" if worst < LIMIT_MB else "MELEBIHI"
    print(f"puncak terbesar {worst:.0f} MB (target < {LIMIT_MB} MB): {verdict}")
    return 0 if worst < LIMIT_MB else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    elif sys.argv[1:2] == ["--setup-import"]:
        setup_import_db()
    elif sys.argv[1:2] == ["--import-child"]:
        import_child(sys.argv[2], sys.argv[3], "--trace" in sys.argv)
    elif sys.argv[1:2] == ["--impor"]:
        raise SystemExit(main_import("--trace" in sys.argv))
    else:
        raise SystemExit(main())
