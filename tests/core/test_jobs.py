"""Background jobs (kinerja/core/jobs.py): the status page polls while a job waits or runs
(across reloads), shows the result once finished, retries then fails with an Indonesian
message, and only the person who started a job, in their agency, can see or download it."""

import os
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from kinerja.core import jobs
from kinerja.core.models import PekerjaanLatar
from kinerja.core.tasks import retried_task
from kinerja.org import tasks as org_tasks
from tests.factories import UserFactory, nip_for
from tests.org.spreadsheets import employee_csv, upload
from tests.worker_process import DB_QUEUE

CALLS = {"n": 0}

IMPORT_URL = reverse("org_import")
NIP_BARU = nip_for(3001)


def _flaky(job, progress):
    CALLS["n"] += 1
    progress("Langkah uji.", done=1, total=2)
    raise RuntimeError("disk penuh")


@retried_task(attempts=2, backoff=0)
def flaky_task(progres_id: str) -> None:
    jobs.run(progres_id, _flaky)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _good_csv(personas) -> bytes:
    return employee_csv([NIP_BARU, "Dian Baru", "PNS", "DINKES", personas.atasan_pegawai.nip])


def test_a_queued_import_shows_its_progress_on_every_reload_then_its_result(personas, login):
    client = login(personas.admin)
    with override_settings(TASKS=DB_QUEUE):  # queued: nobody runs it yet
        response = client.post(IMPORT_URL, {"jenis": "pegawai",
                                            "berkas": upload(_good_csv(personas))})  # fmt: skip
    job = PekerjaanLatar.objects.get()
    url = reverse("pekerjaan", args=[job.pk])
    assert response["Location"] == url and job.status == "antre" and job.masukan

    for _ in range(2):  # a reload shows the same, still polling
        page = client.get(url).content.decode()
        assert "Menunggu" in page and "menunggu diimpor oleh pekerja latar" in page
        assert f'hx-get="{url}"' in page
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="pekerjaan"') and "<html" not in fragment

    PekerjaanLatar.objects.filter(pk=job.pk).update(dibuat=timezone.now() - timedelta(minutes=2))
    assert "memastikan layanan pekerja (manage.py db_worker" in client.get(url).content.decode()

    org_tasks.import_task.call(job.pk)  # what the worker does

    page = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" not in page  # finished: the polling stops
    assert "Impor pegawai.csv selesai. 1 baris: 1 dibuat, 0 diubah, 0 tidak berubah." in page
    job.refresh_from_db()
    assert (
        job.persen == 100
        and job.langkah == "Langkah 3 dari 3: selesai, semua baris disimpan."
        and not job.masukan
    )
    # The import page lists it among the person's recent imports.
    assert url in client.get(IMPORT_URL).content.decode()


def test_a_finished_job_is_not_run_again(personas, login):
    login(personas.admin).post(IMPORT_URL, {"jenis": "pegawai",
                                            "berkas": upload(_good_csv(personas))})  # fmt: skip
    job = PekerjaanLatar.objects.get()
    before = job.hasil
    org_tasks.import_task.call(job.pk)
    job.refresh_from_db()
    assert job.hasil == before and "1 dibuat" in job.hasil["ringkasan"]


def test_a_failing_job_is_retried_then_fails_with_what_to_do(personas, login):
    CALLS["n"] = 0
    job = jobs.start(flaky_task, jenis=PekerjaanLatar.Jenis.EKSPOR_IKM, by=personas.admin)
    # Immediate backend: the retry runs at once, the failure of each run propagates.
    assert CALLS["n"] == 2
    job.refresh_from_db()
    assert job.status == "gagal" and job.galat == "RuntimeError: disk penuh"
    page = login(personas.admin).get(reverse("pekerjaan", args=[job.pk])).content.decode()
    assert "gagal setelah 2 kali dicoba" in page and f"nomor pekerjaan #{job.pk}" in page
    assert 'hx-get="/pekerjaan/' not in page


@pytest.mark.parametrize("who", ["same_agency_admin", "outsider", "pegawai"])
def test_only_who_started_a_job_sees_or_downloads_it(personas, login, who):
    job = _finished_with_file(personas.admin)
    response = login(personas.admin).get(reverse("pekerjaan_unduh", args=[job.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"isi"
    assert response["Content-Disposition"] == 'attachment; filename="ikm-2026.xlsx"'
    other = {
        "same_agency_admin": lambda: UserFactory(instansi=personas.instansi,
                                                 is_admin_kepegawaian=True),
        "outsider": lambda: personas.outsider,
        "pegawai": lambda: personas.pegawai,
    }[who]()  # fmt: skip
    client = login(other)
    for name in ("pekerjaan", "pekerjaan_unduh"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert client.post(reverse("pekerjaan_hapus_berkas", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.keluaran


def _finished_with_file(user) -> PekerjaanLatar:
    job = PekerjaanLatar.objects.create(instansi_id=user.instansi_id, dibuat_oleh=user,
                                        jenis=PekerjaanLatar.Jenis.EKSPOR_IKM)  # fmt: skip
    jobs.finish(job, keluaran=("ikm-2026.xlsx", b"isi"))
    return job


def test_a_file_is_deleted_when_asked_or_after_the_keeping_time(
    personas, login, settings, django_capture_on_commit_callbacks
):
    client = login(personas.admin)
    job = _finished_with_file(personas.admin)
    path = job.keluaran.path
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pekerjaan_hapus_berkas", args=[job.pk]))
    job.refresh_from_db()
    assert not job.keluaran and not os.path.exists(path)
    assert client.get(reverse("pekerjaan_unduh", args=[job.pk])).status_code == 404
    assert (
        "sudah dihapus dari server"
        in client.get(reverse("pekerjaan", args=[job.pk])).content.decode()
    )

    late = _finished_with_file(personas.admin)
    path = late.keluaran.path
    PekerjaanLatar.objects.filter(pk=late.pk).update(
        selesai_pada=timezone.now() - timedelta(hours=settings.KINERJA_PEKERJAAN_SIMPAN_JAM + 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.purge_expired() == 1
    late.refresh_from_db()
    assert not late.keluaran and not os.path.exists(path)
