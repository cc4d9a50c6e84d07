"""The progress of a background task (kinerja/core/jobs.py): who may follow it, the
polled fragment, one active run per object, and progress written around a transaction."""

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django_tasks import task

from kinerja.core import jobs
from kinerja.core.models import PekerjaanLatar
from kinerja.core.permissions import Peran

pytestmark = pytest.mark.django_db


@task()
def _counted(n: int, progres_id: str | None = None) -> int:
    jobs.begin(progres_id, langkah="Mulai menghitung.", jumlah=n)
    for i in range(1, n + 1):
        jobs.report(progres_id, langkah=f"Butir {i}.", selesai=i)
    jobs.finish(progres_id, langkah=f"{n} butir dihitung.", hasil_url="/penilaian/tutup/")
    return n


@task()
def _refused(progres_id: str | None = None) -> None:
    jobs.fail(progres_id, "Periode belum pada tahap Penilaian.", "Pindahkan tahapnya dulu.")


def _row(personas, **extra) -> PekerjaanLatar:
    fields = {"instansi": personas.instansi, "dibuat_oleh": personas.admin,
              "jenis": "uji", "judul": "Pekerjaan uji", "objek": "uji:1", **extra}  # fmt: skip
    return PekerjaanLatar.objects.create(**fields)


def test_a_started_task_reports_its_steps_and_ends_with_its_result(personas):
    row = jobs.start(_counted, 3, by=personas.admin, instansi_id=personas.instansi.pk,
                         jenis="uji", judul="Hitung tiga", objek="uji:3")  # fmt: skip
    assert row.status == PekerjaanLatar.Status.SELESAI and not row.aktif
    assert (row.selesai, row.jumlah, row.persen) == (3, 3, 100)
    assert row.langkah == "3 butir dihitung." and row.hasil_url == "/penilaian/tutup/"
    assert row.tugas_id  # the enqueued task's id, for the operator


def test_a_second_start_on_the_same_object_is_refused_while_the_first_runs(personas):
    first = _row(personas, objek="periode:7")
    with pytest.raises(jobs.SedangBerjalan) as refused:
        jobs.start(_counted, 1, by=personas.admin, instansi_id=personas.instansi.pk,
                       jenis="uji", judul="Lagi", objek="periode:7")  # fmt: skip
    assert refused.value.row == first
    assert "sudah berjalan" in str(refused.value)
    assert PekerjaanLatar.objects.filter(objek="periode:7").count() == 1
    # Once the first has ended, the same object may be started again.
    PekerjaanLatar.objects.filter(pk=first.pk).update(aktif=False, status="selesai")
    again = jobs.start(_counted, 1, by=personas.admin, instansi_id=personas.instansi.pk,
                           jenis="uji", judul="Lagi", objek="periode:7")  # fmt: skip
    assert again.status == "selesai"


def test_a_failure_says_why_and_what_to_do(personas, login):
    row = jobs.start(_refused, by=personas.admin, instansi_id=personas.instansi.pk,
                         jenis="uji", judul="Ditolak", objek="uji:gagal")  # fmt: skip
    assert row.status == "gagal" and not row.aktif
    html = login(personas.admin).get(reverse("pekerjaan", args=[row.pk])).content.decode()
    assert "Periode belum pada tahap Penilaian." in html
    assert "Yang perlu dilakukan" in html and "Pindahkan tahapnya dulu." in html
    assert 'hx-trigger="every 2s"' not in html  # an ended task is not polled


def test_the_fragment_polls_while_running_and_opens_the_result_when_done(personas, login):
    row = _row(personas, status="berjalan", selesai=40, jumlah=100, langkah="Menghitung hasil.",
               hasil_url="/penilaian/tutup/?periode=2026", alihkan=True)  # fmt: skip
    client = login(personas.admin)
    url = reverse("pekerjaan", args=[row.pk])
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert f'hx-get="{url}"' in html and 'hx-trigger="every 2s"' in html
    assert "40 dari 100 (40%)" in html and "Menghitung hasil." in html
    assert '<progress max="100" value="40">' in html
    assert "<html" not in html  # the fragment only
    assert "<html" in client.get(url).content.decode()  # opened directly: a page
    PekerjaanLatar.objects.filter(pk=row.pk).update(status="selesai", aktif=False, selesai=100)
    done = client.get(url, headers={"HX-Request": "true"})
    assert done.status_code == 204
    assert done["HX-Redirect"] == "/penilaian/tutup/?periode=2026"


def test_only_its_starter_and_the_named_roles_of_the_agency_may_follow_it(personas, client):
    row = _row(personas, peran=",".join([Peran.ADMIN, Peran.PIMPINAN]))
    url = reverse("pekerjaan", args=[row.pk])
    assert client.get(url).status_code == 302  # to the login page
    for user, status in [
        (personas.admin, 200), (personas.pimpinan, 200), (personas.auditor, 404),
        (personas.pegawai, 404), (personas.atasan, 404), (personas.outsider, 404),
    ]:  # fmt: skip
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.force_login(personas.admin)
    assert client.get(reverse("pekerjaan", args=[987654])).status_code == 404


def test_a_task_that_nobody_picks_up_says_to_start_the_worker(personas, login):
    from datetime import timedelta

    from django.utils import timezone

    row = _row(personas)
    PekerjaanLatar.objects.filter(pk=row.pk).update(dibuat=timezone.now() - timedelta(minutes=5))
    html = login(personas.admin).get(reverse("pekerjaan", args=[row.pk])).content.decode()
    assert "Belum ada pekerja latar yang mengambil tugas ini" in html
    assert "db_worker" in html


@pytest.mark.django_db(transaction=True)
def test_progress_inside_a_transaction_is_seen_outside_it_at_once(personas):
    """The close is one transaction; its steps still reach the page: on PostgreSQL through a
    second connection, on SQLite through the file beside the database."""
    row = _row(personas, status="berjalan")
    other = connection.copy()
    try:
        with transaction.atomic():
            jobs.report(str(row.pk), langkah="Menghitung hasil.", selesai=5, jumlah=10)
            with other.cursor() as cursor:  # another connection: what the web process reads
                cursor.execute(
                    "SELECT selesai, langkah FROM core_pekerjaanlatar WHERE id = %s",
                    [row.pk],
                )
                stored = cursor.fetchone()
            seen = jobs.snapshot(PekerjaanLatar.objects.get(pk=row.pk))
            if connection.vendor == "postgresql":
                assert stored == (5, "Menghitung hasil.")
            else:  # the row waits for the transaction; the file carries the step meanwhile
                assert stored == (0, "")
            assert (seen.selesai, seen.jumlah, seen.langkah) == (5, 10, "Menghitung hasil.")
            jobs.finish(str(row.pk), langkah="Selesai.")
        final = PekerjaanLatar.objects.get(pk=row.pk)
        assert (final.status, final.aktif, final.selesai) == ("selesai", False, 10)
        assert jobs.snapshot(final).langkah == "Selesai."
        assert not jobs._file(row.pk).exists()
    finally:
        other.close()
