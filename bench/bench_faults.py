"""Faults: the database restarted under load, and a period close killed midway. Loopback only;
each part runs on its own private PostgreSQL cluster (bench/pg_private.py), created in a
temporary directory and removed afterwards, so the machine's shared PostgreSQL is never
stopped. Stops by itself.

    .venv/bin/python bench/bench_faults.py                  # both parts
    .venv/bin/python bench/bench_faults.py --only restart   # DB restart under the mixed load
    .venv/bin/python bench/bench_faults.py --only kill --pegawai 100000

restart: the mixed load of bench_mixed_load (32 clients, bench/mixed_load.py) runs for
    FAULT_SECONDS (default 60); after FAULT_AT seconds (20) PostgreSQL is stopped in
    ``immediate`` mode (as a crash: no checkpoint, WAL replay at start) and started again
    OUTAGE seconds (8) later. A probe asks /sehat/ every 0.1 s. Reported: the answers while
    the database was down (503 expected; no 500), the seconds from "PostgreSQL accepts
    connections" to the first healthy answer and to the last failed request, whether the
    gunicorn workers are the same processes (no restart of the app), and every acknowledged
    write looked up afterwards.
kill: an agency of --pegawai employees (default 100,000; bench_close's data) is copied
    (CREATE DATABASE … TEMPLATE); the copy is closed uninterrupted (``manage.py
    close_period``, timed); the original's close is SIGKILLed at --fraction (0.5) of that
    time, checked (period still open, no result stored), closed again to completion, and
    every stored result (all columns but the id and the computation time), the combined
    hash and the curve report are compared with the uninterrupted copy.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import mixed_load  # noqa: E402
from bench.pg_private import PrivateCluster, free_port  # noqa: E402

FAULT_SECONDS = int(os.environ.get("FAULT_SECONDS", "60"))
FAULT_AT = float(os.environ.get("FAULT_AT", "20"))
OUTAGE = float(os.environ.get("OUTAGE", "8"))
YEAR = 2026


def setup_django(url: str, workdir: Path) -> None:
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="bench.survey_settings",
                      KINERJA_VAR_DIR=str(workdir))  # fmt: skip
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def workers_of(pid: int) -> set[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return {int(x) for x in out.split()}


# ---------------------------------------------------------------- restart


def restart(args) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="kinerja-bench-gangguan-"))
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    with PrivateCluster() as pg:
        url = pg.create_database("kinerja_gangguan")
        setup_django(url, workdir)
        from django.db import connection

        plan = mixed_load.prepare(args.pegawai, clients=args.clients)
        connection.close()
        port = free_port()
        server = mixed_load.start_server(url, workdir, port)
        probes: list[tuple[float, int]] = []
        results = mixed_load.Results()
        events = {}
        try:
            mixed_load.run(
                ("127.0.0.1", port), plan, seconds=3, clients=args.clients, mix=mixed_load.WARM_UP
            )
            workers_before = workers_of(server.pid)
            baseline = mixed_load.baseline(plan)
            connection.close()
            before = mixed_load.load_average()
            print(f"gunicorn 127.0.0.1:{port} (workers {sorted(workers_before)}); "
                  f"{args.clients} klien × {FAULT_SECONDS} s; PostgreSQL mati pada detik "
                  f"{FAULT_AT:.0f} selama {OUTAGE:.0f} s; load average: {before}",
                  flush=True)  # fmt: skip
            load = threading.Thread(
                target=mixed_load.run,
                args=(("127.0.0.1", port), plan),
                kwargs={"seconds": FAULT_SECONDS, "clients": args.clients, "results": results},
            )
            load.start()
            stop_probe = threading.Event()

            def probe():
                while not stop_probe.is_set():
                    status = mixed_load.health(port, timeout=1)
                    probes.append((time.perf_counter() - results.started, status))
                    time.sleep(0.1)

            prober = threading.Thread(target=probe, daemon=True)
            time.sleep(0.05)
            prober.start()
            time.sleep(max(0.0, FAULT_AT - (time.perf_counter() - results.started)))
            events["stop_begin"] = time.perf_counter() - results.started
            pg.stop("immediate")
            events["down"] = time.perf_counter() - results.started
            time.sleep(OUTAGE)
            events["start_begin"] = time.perf_counter() - results.started
            ready = threading.Thread(target=wait_ready, args=(url, results, events))
            ready.start()
            pg.start()
            events["pg_ctl_done"] = time.perf_counter() - results.started
            ready.join(timeout=120)
            load.join()
            stop_probe.set()
            prober.join()
            workers_after = workers_of(server.pid)
            after = mixed_load.load_average()
        finally:
            mixed_load.stop_server(server)

        print(f"PostgreSQL: stop (immediate) {events['stop_begin']:.2f}–{events['down']:.2f} s; "
              f"start dipanggil {events['start_begin']:.2f} s, menerima koneksi lagi "
              f"{events['up']:.2f} s (pemulihan WAL {events['up'] - events['start_begin']:.2f} s;"
              f" pg_ctl kembali {events['pg_ctl_done']:.2f} s); basis data mati "
              f"{events['up'] - events['stop_begin']:.2f} s; load average sesudah: {after}",
              flush=True)  # fmt: skip
        mixed_load.print_summary(results)
        figures = outage_figures(results, probes, events)
        figures["workers_sama"] = workers_before == workers_after
        for key, value in figures.items():
            print(f"  {key}: {value}")
        stored = mixed_load.check(results, baseline)
        print("Tulis diakui vs tersimpan:", json.dumps(stored, ensure_ascii=False))
        ok = mixed_load.nothing_lost(stored)
        print("Setiap tulis yang diakui ada di basis data:", "ya" if ok else "TIDAK")
        connection.close()
    good = ok and figures["status_500"] == 0 and figures["workers_sama"]
    return 0 if good else 1


def wait_ready(url: str, results, events: dict) -> None:
    """The moment PostgreSQL accepts connections again (pg_ctl -w notices it late)."""
    import psycopg

    deadline = time.perf_counter() + 120
    while time.perf_counter() < deadline:
        try:
            psycopg.connect(url, connect_timeout=1).close()
        except psycopg.OperationalError:
            time.sleep(0.05)
            continue
        events["up"] = time.perf_counter() - results.started
        return


def outage_figures(results, probes, events) -> dict:
    down, up = events["stop_begin"], events["up"]
    during, after_up, fails_after = {}, [], []
    status_500 = 0
    for sent, answered, route, status in results.timeline:
        if status == 500:
            status_500 += 1
        if down <= answered and sent <= up:  # overlapped the outage
            during[status] = during.get(status, 0) + 1
        elif sent > up:
            after_up.append((answered, status))
            if status == 0 or status >= 500:
                fails_after.append((sent, route, status))
    first_ok = next((t for t, s in sorted(after_up) if 200 <= s < 400), None)
    probe_ok = next((t for t, s in probes if t > up and s == 200), None)
    probe_503 = sum(1 for t, s in probes if down <= t <= up and s == 503)
    probe_other = sorted({s for t, s in probes if down <= t <= up and s != 503})
    return {
        "jawaban_selama_mati": dict(sorted(during.items())),
        "status_500": status_500,
        "sehat_503_selama_mati": probe_503,
        "sehat_status_lain_selama_mati": probe_other,
        "pulih_sehat_detik": round(probe_ok - up, 3) if probe_ok else None,
        "pulih_permintaan_pertama_detik": round(first_ok - up, 3) if first_ok else None,
        # requests sent after PostgreSQL accepted connections again that still failed
        "galat_setelah_nyala": [(round(t - up, 3), r, s) for t, r, s in fails_after],
    }


# ---------------------------------------------------------------- kill


def manage(url: str, *args: str) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="kinerja.settings")
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


RESULT_ROWS = """
SELECT h.skp_id, h.bagian_id, md5((to_jsonb(h) - 'id' - 'dihitung_pada')::text)
FROM scoring_hasil h JOIN skp_periode p ON p.id = h.periode_id
WHERE p.tahun = %s ORDER BY 1, 2 NULLS LAST
"""
CLOSE_ROW = """
SELECT c.jumlah_hasil, c.hash_gabungan, c.laporan_kurva::text, c.skema, c.versi_aturan,
       p.status
FROM scoring_penutupanperiode c JOIN skp_periode p ON p.id = c.periode_id WHERE p.tahun = %s
"""


def snapshot(url: str) -> tuple[list, tuple | None, str]:
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute(RESULT_ROWS, [YEAR]).fetchall()
        close = conn.execute(CLOSE_ROW, [YEAR]).fetchone()
        status = conn.execute("SELECT status FROM skp_periode WHERE tahun = %s",
                              [YEAR]).fetchone()[0]  # fmt: skip
    return rows, close, status


def orphan_seconds(url: str, limit: float = 600) -> float:
    """Seconds until the killed client's server process is gone (PostgreSQL notices a dead
    client when it next talks to it; until then its transaction holds the period's lock)."""
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        while time.perf_counter() - started < limit:
            (count,) = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
            ).fetchone()
            if not count:
                break
            time.sleep(0.1)
    return time.perf_counter() - started


def run_close(url: str, kode: str) -> tuple[float, str]:
    started = time.perf_counter()
    proc = manage(url, "close_period", "--instansi", kode, "--tahun", str(YEAR))
    out, _ = proc.communicate(timeout=3600)
    if proc.returncode:
        raise SystemExit(f"close_period gagal ({proc.returncode}):\n{out}")
    return time.perf_counter() - started, out.strip()


def kill(args) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="kinerja-bench-bunuh-"))
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    with PrivateCluster() as pg:
        url = pg.create_database("kinerja_tutup")
        setup_django(url, workdir)
        from django.db import connection

        from bench.bench_close import build

        started = time.perf_counter()
        periode, *_ = build(args.pegawai, seed=args.pegawai)
        kode = periode.instansi.kode
        print(f"Data: {args.pegawai:,} pegawai (instansi {kode}) dalam "
              f"{time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
        connection.close()
        started = time.perf_counter()
        ref_url = pg.create_database("kinerja_tutup_acuan", template="kinerja_tutup")
        print(f"Salinan identik (CREATE DATABASE … TEMPLATE) dalam "
              f"{time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip

        print(f"load average sebelum penutupan acuan: {mixed_load.load_average()}", flush=True)
        ref_s, ref_out = run_close(ref_url, kode)
        print(f"Penutupan tanpa gangguan (salinan): {ref_s:.1f} s — {ref_out.splitlines()[-1]}",
              flush=True)  # fmt: skip

        before_rows, _, before_status = snapshot(url)
        at = ref_s * args.fraction
        print(f"load average sebelum penutupan yang dibunuh: {mixed_load.load_average()}",
              flush=True)  # fmt: skip
        proc = manage(url, "close_period", "--instansi", kode, "--tahun", str(YEAR))
        time.sleep(at)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        killed_at = time.perf_counter()
        print(f"SIGKILL pada {at:.1f} s ({args.fraction:.0%} waktu acuan); kode keluar "
              f"{proc.returncode}", flush=True)  # fmt: skip
        after_rows, after_close, after_status = snapshot(url)
        orphan = orphan_seconds(url)
        print(f"Proses server milik klien yang dibunuh selesai (rollback) {orphan:.1f} s "
              "setelah SIGKILL", flush=True)  # fmt: skip
        print(f"Setelah dibunuh: status periode {after_status!r} (sebelumnya "
              f"{before_status!r}), hasil tersimpan {len(after_rows)} (sebelumnya "
              f"{len(before_rows)}), penutupan tercatat: {after_close is not None}; "
              f"hasil tidak berubah: {after_rows == before_rows}", flush=True)  # fmt: skip

        rerun_s, rerun_out = run_close(url, kode)
        waited = time.perf_counter() - killed_at
        print(f"Penutupan ulang: {rerun_s:.1f} s — {rerun_out.splitlines()[-1]} "
              f"({waited:.1f} s sejak SIGKILL)", flush=True)  # fmt: skip

        ref_rows, ref_close, ref_status = snapshot(ref_url)
        got_rows, got_close, got_status = snapshot(url)
        differ = sum(1 for a, b in zip(ref_rows, got_rows, strict=False) if a != b)
        differ += abs(len(ref_rows) - len(got_rows))
        same = ref_rows == got_rows and ref_close == got_close and ref_status == got_status
        print(f"Hasil: acuan {len(ref_rows):,} baris, ulang {len(got_rows):,} baris, berbeda "
              f"{differ}; hash gabungan sama: {ref_close[1] == got_close[1]} "
              f"({got_close[1][:16]}…); laporan kurva sama: {ref_close[2] == got_close[2]}; "
              f"status {got_status!r}")  # fmt: skip
        print(
            "Penutupan yang dibunuh lalu diulang = penutupan tanpa gangguan:",
            "ya" if same else "TIDAK",
        )
        untouched = after_status == before_status and after_rows == before_rows
        untouched = untouched and after_close is None
    return 0 if same and untouched else 1


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=["restart", "kill"])
    parser.add_argument("--pegawai", type=int, help="restart: 10,000; kill: 100,000")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--fraction", type=float, default=0.5)
    args = parser.parse_args()
    if args.only == "restart":
        args.pegawai = args.pegawai or 10_000
        return restart(args)
    if args.only == "kill":
        args.pegawai = args.pegawai or 100_000
        return kill(args)
    # Both, each in its own process (Django is set up once per process, per database).
    codes = []
    for part in ("restart", "kill"):
        print(f"\n--- {part}", flush=True)
        extra = ["--pegawai", str(args.pegawai)] if args.pegawai else []
        codes.append(subprocess.run([sys.executable, __file__, "--only", part, *extra,
                                     "--clients", str(args.clients),
                                     "--fraction", str(args.fraction)],
                                    cwd=ROOT, check=False).returncode)  # fmt: skip
    return max(codes)


if __name__ == "__main__":
    sys.exit(main())
