"""The period close as a background task (kinerja/scoring/tasks.py): started from the close
page, followed there, refused twice, idempotent, failing with what to do; and, with real
worker processes, resumed by a new worker after its worker was killed (SIGKILL), with the
same results as a direct close."""

import random
import signal
import time

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from kinerja.core import jobs
from kinerja.core.models import PekerjaanLatar
from kinerja.scoring import services
from kinerja.scoring import tasks as close_tasks
from kinerja.scoring.models import Hasil, PenutupanPeriode
from kinerja.scoring.services.close import LANGKAH
from kinerja.skp.models import Periode
from tests import worker_process
from tests.scoring.conftest import random_agency


def _url(periode) -> str:
    return reverse("scoring_tutup") + f"?periode={periode.tahun}"


def _results(periode) -> list[tuple]:
    return sorted(
        Hasil.objects.filter(periode=periode).values_list(
            "skp_id", "bagian__nomor", "hash_masukan", "capaian", "usulan_predikat"
        ),
        key=lambda row: (row[0], row[1] or 0),
    )


def test_the_close_button_runs_the_close_as_a_task_with_its_progress(personas, login, periode):
    random_agency(personas, periode, random.Random(3), count=4)
    client = login(personas.admin)
    response = client.post(_url(periode), {"nama": "Periode 2026", "alasan": "Jadwal BKPSDM"},
                           follow=True)  # fmt: skip
    periode.refresh_from_db()
    assert periode.status == Periode.Status.DITUTUP
    (row,) = PekerjaanLatar.objects.filter(objek=f"periode:{periode.pk}")
    assert (row.jenis, row.status, row.aktif) == ("periode.tutup", "selesai", False)
    # 4 slices + the year
    assert row.dibuat_oleh == personas.admin and row.jumlah == row.selesai == 4 * 5
    assert row.langkah == f"Periode 2026 ditutup: {4 * 5} hasil dibekukan."
    html = response.content.decode()
    assert "Periode 2026 ditutup: 20 hasil dibekukan" in html
    assert "<dd>Ditutup</dd>" in html and "Penutupan terakhir" in html
    # A second click on a closed period changes nothing.
    again = client.post(_url(periode), {"nama": "Periode 2026", "alasan": "lagi"}, follow=True)
    assert "sudah ditutup; tidak ada yang diubah" in again.content.decode()
    assert PenutupanPeriode.objects.filter(periode=periode).count() == 1
    assert PekerjaanLatar.objects.filter(objek=f"periode:{periode.pk}").count() == 1


def test_the_task_run_again_on_a_closed_period_does_nothing_harmful(personas, periode):
    random_agency(personas, periode, random.Random(4), count=3)
    first = close_tasks.start_close(periode, by=personas.admin)
    run = PenutupanPeriode.objects.get(periode=periode)
    before = _results(periode)
    second = close_tasks.start_close(periode, by=personas.admin)  # e.g. a retry after a crash
    assert first.status == second.status == "selesai"
    assert PenutupanPeriode.objects.get(periode=periode) == run
    assert _results(periode) == before
    assert services.verify_period(periode) == []


def test_while_a_close_runs_the_page_shows_its_progress_and_refuses_another(
    personas, login, periode
):
    row = PekerjaanLatar.objects.create(
        instansi=personas.instansi,
        dibuat_oleh=personas.admin, peran="admin,pimpinan,auditor", jenis=close_tasks.JENIS,
        judul="Penutupan periode 2026", objek=close_tasks.objek(periode), status="berjalan",
        langkah=LANGKAH[1], selesai=120, jumlah=500, hasil_url=close_tasks.close_url(periode),
        alihkan=True,
    )  # fmt: skip
    client = login(personas.admin)
    html = client.get(_url(periode)).content.decode()
    assert f'hx-get="{reverse("pekerjaan", args=[row.pk])}"' in html
    assert "120 dari 500 (24%)" in html and LANGKAH[1] in html
    assert 'name="nama"' not in html  # no second close form
    assert "Hasil bila ditutup sekarang" not in html  # no what-if while it runs
    # The head of the agency follows it too; a second close is refused, nothing queued.
    assert "120 dari 500" in login(personas.pimpinan).get(_url(periode)).content.decode()
    client = login(personas.admin)
    response = client.post(_url(periode), {"nama": "Periode 2026", "alasan": "x" * 30})
    assert response.status_code == 400
    assert "Penutupan periode 2026 sudah berjalan" in response.content.decode()
    assert PekerjaanLatar.objects.count() == 1
    periode.refresh_from_db()
    assert periode.status == Periode.Status.PENILAIAN


def test_a_refused_close_says_why_and_what_to_do(personas, login, periode):
    """The period left its rating stage between the click and the task: the task refuses
    at once (no retry) and the page shows the reason and what to do."""
    row = PekerjaanLatar.objects.create(
        instansi=personas.instansi,
        dibuat_oleh=personas.admin, jenis=close_tasks.JENIS, judul="Penutupan periode 2026",
        objek=close_tasks.objek(periode),
    )  # fmt: skip
    Periode.objects.filter(pk=periode.pk).update(status=Periode.Status.PELAKSANAAN)
    outcome = close_tasks.close_period_task.call(periode.pk, personas.admin.pk, "", {},
                                                 progres_id=str(row.pk))  # fmt: skip
    assert outcome["status"] == "ditolak"
    row.refresh_from_db()
    assert (row.status, row.aktif) == ("gagal", False)
    assert "masih pada tahap Pelaksanaan" in row.galat
    Periode.objects.filter(pk=periode.pk).update(status=Periode.Status.PENILAIAN)
    html = login(personas.admin).get(_url(periode)).content.decode()
    assert "masih pada tahap Pelaksanaan" in html and close_tasks.SARAN_DITOLAK in html
    assert 'name="nama"' in html  # and the form, to try again


def test_a_close_that_keeps_failing_is_retried_then_told_with_what_to_do(
    personas, login, periode, monkeypatch
):
    from kinerja.scoring.services import close

    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise OSError("disk penuh")

    monkeypatch.setattr(close, "bump", lambda *a, **k: broken())
    client = login(personas.admin)
    response = client.post(_url(periode), {"nama": "Periode 2026", "alasan": "x" * 30},
                           follow=True)  # fmt: skip
    assert len(calls) == 3  # three attempts (the immediate backend retries at once)
    (row,) = PekerjaanLatar.objects.all()
    assert (row.status, row.aktif) == ("gagal", False)
    assert row.galat == "Penutupan periode 2026 gagal karena gangguan sistem (OSError)."
    assert "Tidak ada yang berubah: periode tetap terbuka" in row.saran and str(row.pk) in row.saran
    html = response.content.decode()
    assert row.galat in html and "Yang perlu dilakukan" in html
    periode.refresh_from_db()
    assert periode.status == Periode.Status.PENILAIAN and not Hasil.objects.exists()


def _direct_close(periode, by) -> tuple[str, int, list]:
    """What a direct close of the same data stores, rolled back afterwards."""
    found = {}
    try:
        with transaction.atomic():
            run = services.close_period(Periode.objects.get(pk=periode.pk), by=by)
            found["run"] = (run.hash_gabungan, run.jumlah_hasil, _results(periode))
            raise RuntimeError("kembalikan")
    except RuntimeError:
        pass
    return found["run"]


def _wait(check, timeout=90.0, what=""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"menunggu terlalu lama: {what}")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_s_close_is_finished_by_a_new_worker_identically(
    personas, periode, tmp_path
):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    random_agency(personas, periode, random.Random(11), count=8)
    expected = _direct_close(periode, personas.admin)
    assert Periode.objects.get(pk=periode.pk).status == Periode.Status.PENILAIAN
    with override_settings(TASKS=worker_process.DB_QUEUE):
        row = close_tasks.start_close(periode, by=personas.admin, alasan="Uji pekerja mati")
    queued = DBTaskResult.objects.get()
    assert row.status == "antre" and row.tugas_id == str(queued.id)

    # The first worker starts the close and is killed in the middle of it.
    first = worker_process.start(slow=2, log=tmp_path / "pertama.log")
    try:
        _wait(lambda: jobs.snapshot(PekerjaanLatar.objects.get(pk=row.pk)).langkah
              == LANGKAH[1], what="penutupan mulai menghitung")  # fmt: skip
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.RUNNING and len(queued.worker_ids) == 1
    assert Periode.objects.get(pk=periode.pk).status == Periode.Status.PENILAIAN
    assert not Hasil.objects.filter(periode=periode).exists()  # the transaction rolled back

    # A new worker sees the first one gone, takes the task again and finishes it.
    second = worker_process.start("--batch", log=tmp_path / "kedua.log")
    assert second.wait(timeout=120) == 0, (tmp_path / "kedua.log").read_text()
    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL, queued.traceback
    assert len(queued.worker_ids) == 2 and queued.worker_ids[0] != queued.worker_ids[1]
    run = PenutupanPeriode.objects.get(periode=periode)
    assert (run.hash_gabungan, run.jumlah_hasil, _results(periode)) == expected
    assert queued.return_value["hash_gabungan"] == expected[0]
    assert services.verify_period(periode) == []
    row.refresh_from_db()
    assert (row.status, row.aktif, row.selesai, row.jumlah) == ("selesai", False, 40, 40)
