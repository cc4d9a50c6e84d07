"""PostgreSQL's pipelined store (this thread computes, a writer thread streams COPY text):
the same rows, column by column, as the serial path; a computation failing midway rolls
everything back and leaves the connection usable; other threads do not stop it."""

import json
import random

import pytest
from django.db import connection, transaction

from kinerja.core import dbstream
from kinerja.scoring import services
from kinerja.scoring.models import Hasil, PenutupanPeriode
from kinerja.scoring.services import engine
from kinerja.scoring.services import results as results_module
from kinerja.skp.models import Periode
from tests.scoring.conftest import random_agency

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the pipeline streams COPY to PostgreSQL"
)

# every stored column but the row id and the write times (dihitung_pada, diubah: when, not what)
COLUMNS = [
    f.column
    for f in Hasil._meta.concrete_fields
    if f.column not in ("id", "dihitung_pada", "diubah")
]


def stored(periode) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(COLUMNS)} FROM scoring_hasil WHERE periode_id = %s "  # noqa: S608
            "ORDER BY skp_id, bagian_id NULLS LAST",
            [periode.pk],
        )
        return cursor.fetchall()


def close_and_read(periode, by) -> tuple[list, str]:
    run = services.close_period(periode, by=by)
    return stored(periode), run.hash_gabungan


def reopen(periode) -> None:
    Hasil.objects.filter(periode=periode).delete()
    PenutupanPeriode.objects.filter(periode=periode).delete()
    Periode.objects.filter(pk=periode.pk).update(status=Periode.Status.PENILAIAN)
    periode.refresh_from_db()


def piped_runs(monkeypatch) -> list:
    """Every store through the pipeline from now on; the list grows by one per stream."""
    monkeypatch.setattr(results_module, "PIPELINE_MINIMUM", 0)
    used = []
    real_run = dbstream.copy_beside
    monkeypatch.setattr(dbstream, "copy_beside", lambda *a: used.append(1) or real_run(*a))
    return used


def test_pipelined_close_stores_exactly_what_the_serial_close_stores(
    personas, periode, monkeypatch
):
    random_agency(personas, periode, random.Random(7), count=25)
    monkeypatch.setattr(results_module, "PIPELINE_MINIMUM", 10**9)
    serial, serial_hash = close_and_read(periode, personas.admin)
    reopen(periode)
    used = piped_runs(monkeypatch)
    piped, piped_hash = close_and_read(periode, personas.admin)
    assert len(used) == 1  # the four slices and the year in one stream
    assert len(piped) == len(serial) == 25 * 5
    assert piped == serial and piped_hash == serial_hash


def test_pipelined_close_with_a_decided_slice_stores_what_the_serial_close_stores(
    personas, periode, monkeypatch
):
    """Slice 2 computed and one of its results decided before the close: the close streams
    the other three slices and the year together; the year takes the decision."""
    random_agency(personas, periode, random.Random(9), count=20)
    second = periode.bagian.get(nomor=2)

    def prepare():
        services.compute_results(periode, by=personas.admin, bagian=second)
        hasil = Hasil.objects.select_related("skp", "periode").filter(bagian=second).first()
        other = "sesuai" if hasil.usulan_perilaku == "di_atas" else "di_atas"
        services.override_result(
            hasil, by=personas.atasan, alasan="Perilaku kuartal ini berbeda dari usulan.",
            hasil_kerja=hasil.usulan_hasil_kerja or "sesuai", perilaku=other,
        )  # fmt: skip
        return hasil.skp_id, other

    monkeypatch.setattr(results_module, "PIPELINE_MINIMUM", 10**9)
    skp_id, other = prepare()
    serial, serial_hash = close_and_read(periode, personas.admin)
    reopen(periode)
    used = piped_runs(monkeypatch)
    prepare()
    piped, piped_hash = close_and_read(periode, personas.admin)
    assert len(used) == 2  # slice 2 computed by HR, then the rest of the close in one stream
    assert len(piped) == len(serial) == 20 * 5
    year = Hasil.objects.get(skp_id=skp_id, bagian__isnull=True).masukan["perilaku_periodik"]
    assert {"bagian": 2, "penilaian": other, "sumber": "penilai"} in year
    columns = [n for n, c in enumerate(COLUMNS) if c not in ("diputuskan_pada",)]
    assert [[r[n] for n in columns] for r in piped] == [[r[n] for n in columns] for r in serial]
    assert piped_hash == serial_hash


def test_pipeline_counts_unchanged_and_changed_rows_like_the_serial_path(
    personas, periode, monkeypatch
):
    random_agency(personas, periode, random.Random(11), count=12)
    bagian = periode.bagian.get(nomor=1)
    monkeypatch.setattr(results_module, "PIPELINE_MINIMUM", 0)
    first = services.compute_results(periode, by=personas.admin, bagian=bagian)
    again = services.compute_results(periode, by=personas.admin, bagian=bagian)
    assert (first.baru, first.diubah, first.tetap) == (12, 0, 0)
    assert (again.baru, again.diubah, again.tetap) == (0, 0, 12)


def test_a_computation_failing_midway_rolls_the_close_back_and_the_connection_stays_usable(
    personas, periode, monkeypatch
):
    """Batches already streamed are in the server's COPY when the computation fails: the
    COPY ends with the error and the close's transaction rolls back."""
    random_agency(personas, periode, random.Random(3), count=8)
    monkeypatch.setattr(results_module, "PIPELINE_MINIMUM", 0)
    monkeypatch.setattr(results_module, "BATCH", 3)
    real_sorted = results_module._sorted
    sent = []

    def failing(*args, **kwargs):
        for n, batch in enumerate(real_sorted(*args, **kwargs)):
            if n == 2:
                raise RuntimeError("rusak di tengah")
            sent.append(len(batch))
            yield batch

    monkeypatch.setattr(results_module, "_sorted", failing)
    with pytest.raises(RuntimeError, match="rusak di tengah"):
        services.close_period(periode, by=personas.admin)
    assert sent == [3, 3]  # two batches went to the server before the failure
    periode.refresh_from_db()
    assert periode.status == Periode.Status.PENILAIAN
    assert not Hasil.objects.filter(periode=periode).exists()
    monkeypatch.setattr(results_module, "_sorted", real_sorted)
    services.close_period(periode, by=personas.admin)  # the same connection closes it now
    assert Hasil.objects.filter(periode=periode).count() == 8 * 5


def test_copy_text_gives_the_server_the_same_values_as_the_binary_copy(personas, periode):
    """The pipeline's text encoding against psycopg's binary one, on awkward strings."""
    random_agency(personas, periode, random.Random(5), count=2)
    services.close_period(periode, by=personas.admin)
    row = Hasil.objects.filter(periode=periode, bagian__isnull=True).first()
    awkward = 'tab\there, newline\nand\r\\back "quoted" \\N é'
    outcome = engine.Outcome(capaian=row.capaian, hasil_kerja="sesuai", predikat="baik",
                             galat=awkward)  # fmt: skip
    new = [(row.skp_id, row.instansi_id, 3, json.dumps({"a": awkward}, ensure_ascii=False),
            row.hash_masukan, outcome)]  # fmt: skip
    written = (periode, row.versi_aturan, row.dihitung_pada, None, new)
    Hasil.objects.filter(pk=row.pk).delete()
    with transaction.atomic():
        results_module._insert(*written)
    binary = stored(periode)
    Hasil.objects.filter(skp_id=row.skp_id, bagian__isnull=True).delete()
    with transaction.atomic(), connection.cursor() as cursor:
        raw = connection.connection
        with raw.cursor() as plain, plain.copy(results_module._copy_sql(text=True)) as copy:
            copy.write(results_module._copy_text(*written))
        cursor.execute("SELECT 1")
    assert stored(periode) == binary
    assert Hasil.objects.get(skp_id=row.skp_id, bagian__isnull=True).galat == awkward


def test_hr_closes_through_the_page_with_the_pipeline(personas, login, periode, monkeypatch):
    """The close button's request (its own transaction handling) with every slice and the
    year through the pipeline."""
    from django.urls import reverse

    random_agency(personas, periode, random.Random(13), count=6)
    used = piped_runs(monkeypatch)
    client = login(personas.admin)
    url = reverse("scoring_tutup") + f"?periode={periode.tahun}"
    client.post(url, {"nama": f"Periode {periode.tahun}", "alasan": "Penutupan uji pipeline"})
    periode.refresh_from_db()
    # Two runs: the page's what-if of the close (rolled back) for the checklist, then the close.
    assert periode.status == Periode.Status.DITUTUP and len(used) == 2
    assert Hasil.objects.filter(periode=periode).count() == 6 * 5
    assert services.verify_period(periode) == []


def test_with_another_thread_alive_the_pipeline_still_runs(personas, periode, monkeypatch):
    """No process is forked, so a web worker's other threads (gthread) do not matter."""
    import threading

    random_agency(personas, periode, random.Random(23), count=4)
    used = piped_runs(monkeypatch)
    release = threading.Event()
    other = threading.Thread(target=release.wait, name="lain")
    other.start()
    try:
        services.close_period(periode, by=personas.admin)
    finally:
        release.set()
        other.join()
    assert len(used) == 1 and Hasil.objects.filter(periode=periode).count() == 4 * 5
    assert services.verify_period(periode) == []
