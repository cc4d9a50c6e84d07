"""Peak memory of reading the largest XLSX import the limits allow (issue 23).

Each case runs in its own subprocess (a fresh interpreter, so the figure is that one
read's peak resident size, VmHWM from /proc/self/status (``ru_maxrss`` elsewhere), plus the
tracemalloc peak of Python objects): the XLSX is built first, then read by
``kinerja.org.importer.read_table`` (the import's reader: zip-bomb guard, openpyxl
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

    from kinerja.org.importer import LAYOUT_PEGAWAI
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
    from kinerja.org.importer import LAYOUT_PEGAWAI, read_table

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
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT))
        child(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(main())
