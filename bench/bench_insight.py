"""Benchmark: the insight dashboard, one evaluation PDF and calibration for a large agency.

    .venv/bin/python bench/bench_insight.py                     # SQLite (fresh file in var/bench/)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kinerja_bench_ins \
        .venv/bin/python bench/bench_insight.py                 # PostgreSQL (database must exist)
    .venv/bin/python bench/bench_insight.py --pegawai 10000     # a smaller agency
    ... --reuse          # PostgreSQL: time again the agency a previous run built

Data (not timed): the demo generator's agency (build_agency, no accounts) and, per employee,
an approved SKP with 1 RHK × 2 indicators, 4 quarterly realisations per indicator (about 90%
verified), 4 quarterly behaviour ratings and an annual result (15% decided, a third of those
overridden; two planted raters, one lenient and one severe), inserted directly (COPY on
PostgreSQL, executemany on SQLite); plus 50,000 survey answers and 2,000 complaints.

Timed (median of 5 after one warm-up, ``time.perf_counter``):
- refresh: ``refresh_aggregates`` (what the close would call; once);
- dashboard: the full ``/wawasan/`` page for an admin (stored summary + IKM/complaints live);
- baseline page: the home page ``/`` for the same admin (same middleware and layout);
- baseline query: ``SELECT COUNT(*)`` over the agency's employees;
- pdf: ``evaluation_pdf`` of one employee;
- calibration: ``calibrate`` over every annual result.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
if "DATABASE_URL" not in os.environ:
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    db_file = bench_dir / "insight.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from kinerja.citizen.models import ELEMENT_FIELDS, Aduan, JawabanSurvei, Layanan  # noqa: E402
from kinerja.demo.generator import build_agency  # noqa: E402
from kinerja.insight.calibration import calibrate  # noqa: E402
from kinerja.insight.reports import evaluation_pdf  # noqa: E402
from kinerja.insight.summary import refresh_aggregates  # noqa: E402
from kinerja.org.models import Pegawai, User  # noqa: E402
from kinerja.scoring.models import Hasil, PredikatOrganisasi  # noqa: E402
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
PRED = ["sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"]


def next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")  # noqa: S608
        return cursor.fetchone()[0] + 1


def insert(model, columns, rows) -> None:
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
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 20000):
            cursor.executemany(sql, rows[start : start + 20000])


def build(n: int, seed: int):
    result = build_agency(pegawai=n, seed=seed, kode=f"BI{n}", nama=f"Bench {n}",
                          with_accounts=False)  # fmt: skip
    instansi = result.instansi
    rng = random.Random(seed)
    stamp = timezone.now()
    approved = datetime(YEAR, 1, 20, tzinfo=UTC)
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
        raters = sorted({a for _p, a, _u in people if a})
        lenient, severe = raters[len(raters) // 3], raters[2 * len(raters) // 3]
        skp0, rhk0, ind0 = next_id(Skp), next_id(Rhk), next_id(Indikator)
        real0, beh0, has0 = next_id(Realisasi), next_id(PenilaianPerilaku), next_id(Hasil)
        skp_rows, rhk_rows, ind_rows, real_rows, beh_rows, has_rows = [], [], [], [], [], []
        for k, (pid, atasan, unit) in enumerate(people):
            skp_id = skp0 + k
            skp_rows.append(
                (
                    skp_id,
                    instansi.pk,
                    periode.pk,
                    pid,
                    atasan,
                    unit,
                    "non_jpt",
                    "disetujui",
                    "",
                    0,
                    "",
                    "",
                    "",
                    approved,
                    approved,
                    1,
                    stamp,
                )
            )
            rhk_rows.append((rhk0 + k, instansi.pk, skp_id, "utama", "Hasil kerja", 0, 1))
            skill = rng.uniform(0.7, 1.3)
            for i in range(2):
                ind_id = ind0 + 2 * k + i
                ind_rows.append(
                    (
                        ind_id,
                        instansi.pk,
                        rhk0 + k,
                        f"Indikator {i + 1}",
                        "kuantitas",
                        Decimal(12),
                        "dokumen",
                        "naik",
                        "manual",
                        "",
                        Decimal(1),
                        i,
                        1,
                    )
                )
                for bagian in slices:
                    status = "diverifikasi" if rng.random() < 0.9 else "diajukan"
                    real_rows.append((real0 + len(real_rows), instansi.pk, skp_id, ind_id, bagian,
                                      Decimal(round(3 * skill * rng.uniform(0.8, 1.2))), "",
                                      status, "", False, 1, stamp))  # fmt: skip
            level = rng.choice(("di_atas", "sesuai", "sesuai", "di_bawah"))
            for bagian in slices:
                values = [level if rng.random() < 0.6 else "sesuai" for _ in NILAI_INTI]
                beh_rows.append((beh0 + len(beh_rows), instansi.pk, skp_id, bagian, atasan,
                                 *[x for v in values for x in (v, "")], 1, stamp))  # fmt: skip
            capaian = round(Decimal(100 * skill), 2)
            rank = 1 if skill > 1.1 else (2 if skill > 0.9 else 3)
            proposal = PRED[rank - 1] if atasan not in (lenient, severe) else PRED[1]
            status, final, reason = "menunggu", "", ""
            if atasan == lenient:
                status, final, reason = "diubah", "sangat_baik", "Beban kerja meningkat tajam."
            elif atasan == severe:
                status, final, reason = "diubah", "butuh_perbaikan", "Kontribusi belum terlihat."
            elif rng.random() < 0.15:
                status, final = "dikonfirmasi", proposal
            has_rows.append(
                (
                    has0 + k,
                    instansi.pk,
                    periode.pk,
                    skp_id,
                    None,
                    "permenpanrb-6-2022",
                    "1.0",
                    str(capaian),
                    capaian,
                    None,
                    "sesuai",
                    level,
                    proposal,
                    "{}",
                    "0" * 64,
                    "",
                    0,
                    status,
                    "sesuai" if final else "",
                    level if final else "",
                    final,
                    reason,
                    None,
                    None,
                    "",
                    stamp,
                    1,
                )
            )
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
        insert(Hasil, ["id", "instansi_id", "periode_id", "skp_id", "bagian_id", "skema",
                       "versi_aturan", "capaian", "capaian_bulat", "nilai", "usulan_hasil_kerja",
                       "usulan_perilaku", "usulan_predikat", "masukan", "hash_masukan", "galat",
                       "tertunda", "status", "akhir_hasil_kerja", "akhir_perilaku",
                       "akhir_predikat", "alasan", "diputuskan_oleh_id", "diputuskan_pada",
                       "hash_keputusan", "dihitung_pada", "version"], has_rows)  # fmt: skip
        PredikatOrganisasi.objects.create(instansi=instansi, periode=periode, predikat="baik",
                                          ditetapkan_pada=stamp)  # fmt: skip
        unit = people[0][2]
        services = Layanan.objects.bulk_create(
            Layanan(instansi=instansi, unit_id=unit, nama=f"Layanan {i}", kode=f"l{i}",
                    kode_publik=f"bi{n}-l{i}", populasi=5000)
            for i in range(20)
        )  # fmt: skip
        start = datetime(YEAR, 1, 1, 8, tzinfo=UTC)
        JawabanSurvei.objects.bulk_create(
            (JawabanSurvei(instansi=instansi, layanan=services[i % 20], saluran="impor",
                           diterima_pada=start + timedelta(minutes=9 * i),
                           **{f: rng.randint(2, 4) for f in ELEMENT_FIELDS})
             for i in range(50_000)),
            batch_size=5000,
        )  # fmt: skip
        Aduan.objects.bulk_create(
            (Aduan(instansi=instansi, kode_lacak=f"B{n}-{i}", unit_id=unit, isi="aduan",
                   diterima_pada=start + timedelta(hours=4 * i),
                   tenggat_verifikasi=(start + timedelta(hours=4 * i, days=3)).date(),
                   tenggat_respons=(start + timedelta(hours=4 * i, days=5)).date(),
                   tenggat_selesai=(start + timedelta(hours=4 * i, days=14)).date(),
                   status="selesai" if i % 3 else "diterima")
             for i in range(2000)),
            batch_size=2000,
        )  # fmt: skip
    store(periode, skp_ids=[skp0])  # one real result with its inputs, for the PDF
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    admin = User.objects.create(username=f"admin.bi{n}", instansi=instansi,
                                is_admin_kepegawaian=True)  # fmt: skip
    return periode, admin, skp0


def timed(fn, runs: int = 5) -> tuple[float, object]:
    fn()
    values, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        values.append(time.perf_counter() - started)
    return statistics.median(values), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pegawai", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="time an agency built earlier")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    existing = Periode.objects.filter(instansi__kode=f"BI{args.pegawai}").first()
    if args.reuse and existing is not None:
        periode = existing
        admin = User.objects.get(username=f"admin.bi{args.pegawai}")
        first_skp = Skp.objects.filter(periode=periode).order_by("pk").first().pk
        print(f"database {connection.vendor}; reusing {args.pegawai:,} pegawai")
    else:
        periode, admin, first_skp = build(args.pegawai, args.seed)
        print(f"database {connection.vendor}; {args.pegawai:,} pegawai built in "
              f"{time.perf_counter() - started:.1f} s (not timed below)")  # fmt: skip
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    started = time.perf_counter()
    refresh_aggregates(periode)
    refresh_s = time.perf_counter() - started
    client = Client()
    client.force_login(admin)

    def page(path):
        def get():
            response = client.get(path)
            assert response.status_code == 200, response.status_code
            return len(response.content)

        return get

    def count():
        return Pegawai.objects.filter(instansi_id=periode.instansi_id).count()

    dash_s, size = timed(page(f"/wawasan/?tahun={YEAR}"))
    base_s, _ = timed(page("/"))
    count_s, _ = timed(count)
    pdf_s, pdf = timed(lambda: evaluation_pdf(first_skp))
    cal_s, cal = timed(lambda: calibrate(periode), runs=3)
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    print(f"load average {' '.join(load)}")
    print(f"refresh_aggregates (at close): {refresh_s * 1000:8.0f} ms")
    print(f"dashboard page (/wawasan/):    {dash_s * 1000:8.1f} ms   ({size:,} bytes)")
    print(f"baseline page (/ home):        {base_s * 1000:8.1f} ms")
    print(f"baseline COUNT(*) pegawai:     {count_s * 1000:8.1f} ms")
    print(f"evaluation PDF (1 pegawai):    {pdf_s * 1000:8.1f} ms   ({len(pdf):,} bytes)")
    print(f"calibration ({cal.agency.n:,} results, {len(cal.raters):,} raters, "
          f"{len(cal.standing_out)} flagged): {cal_s * 1000:8.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
