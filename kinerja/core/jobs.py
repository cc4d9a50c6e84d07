"""Long work a person starts from a page, run by a task, with progress the page polls.

:func:`start` stores a :class:`~kinerja.core.models.PekerjaanLatar` row (with the upload, if
any) and enqueues the app's task with the row's id. The task calls :func:`run` with the
work itself, a function of the row and a :class:`Progress`; :func:`run` claims the row
(waiting → running, so a finished job is never run again), and when the work returns marks
it finished. A failure that will be retried puts the row back to waiting with the reason;
the last one marks it failed with what to do, in Indonesian.

The status page (``/pekerjaan/<id>/``, :mod:`kinerja.core.views`) polls the row by htmx
while it runs, so a reload or a restart of the web server loses nothing; once finished it
shows the app's result template and, when the work produced a file, its download. Only the
person who started a job, in their agency, can open it. Uploads are deleted once the work
has read them; produced files are deleted ``KINERJA_PEKERJAAN_SIMPAN_JAM`` hours after the
job finished (:func:`purge_expired`, run by the daily task and by the status page).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from kinerja.core.models import PekerjaanLatar
from kinerja.core.tasks import current_attempt, last_attempt

log = logging.getLogger(__name__)

Status = PekerjaanLatar.Status

# The result shown once a job is finished, by kind (templates of the app that owns the work).
RESULT_TEMPLATES = {
    PekerjaanLatar.Jenis.IMPOR_UNIT: "org/_impor_hasil.html",
    PekerjaanLatar.Jenis.IMPOR_PEGAWAI: "org/_impor_hasil.html",
    PekerjaanLatar.Jenis.SLIP_AKUN: "org/_akun_hasil.html",
    PekerjaanLatar.Jenis.IMPOR_POTENSI: "followup/_potensi_hasil.html",
}

BACK_LABELS = {
    PekerjaanLatar.Jenis.IMPOR_UNIT: "Kembali ke halaman impor",
    PekerjaanLatar.Jenis.IMPOR_PEGAWAI: "Kembali ke halaman impor",
    PekerjaanLatar.Jenis.SLIP_AKUN: "Kembali ke daftar akun",
    PekerjaanLatar.Jenis.IMPOR_POTENSI: "Kembali ke nilai potensial",
    PekerjaanLatar.Jenis.EKSPOR_IKM: "Kembali ke IKM",
    PekerjaanLatar.Jenis.KARTU_QR: "Kembali ke daftar layanan",
}

FAILED_TEXT = (
    "Pekerjaan ini gagal setelah {n} kali dicoba. Tidak ada data yang berubah karenanya. "
    "Mulai lagi dari halaman asalnya; bila gagal lagi, sampaikan nomor pekerjaan #{pk} "
    "kepada pengelola sistem."
)


def keep_hours() -> int:
    return getattr(settings, "KINERJA_PEKERJAAN_SIMPAN_JAM", 24)


def start(
    task,
    *,
    jenis: str,
    by,
    parameter: dict | None = None,
    masukan: tuple[str, bytes] | None = None,
    satuan: str = "langkah",
    jumlah: int = 0,
    langkah: str = "Menunggu pekerja latar mengambil pekerjaan ini.",
) -> PekerjaanLatar:
    """Store a job for ``by`` in their agency (with ``masukan`` = (file name, content) saved
    under MEDIA_ROOT) and enqueue ``task(job_id)`` in the caller's transaction."""
    job = PekerjaanLatar.objects.create(
        instansi_id=by.instansi_id, dibuat_oleh=by, jenis=jenis, parameter=parameter or {},
        satuan=satuan, jumlah=jumlah, langkah=langkah,
    )  # fmt: skip
    if masukan is not None:
        name, content = masukan
        suffix = PurePath(name).suffix.lower()[:10]
        job.masukan.save(f"masukan-{job.pk}{suffix}", ContentFile(content), save=False)
        job.save(update_fields=["masukan"])
    task.enqueue(job.pk)
    job.refresh_from_db()
    return job


class Progress:
    """Tell the page how far a job is: ``progress(step, done=, total=)`` writes the row at
    once (outside any transaction of the work, so the page sees it)."""

    def __init__(self, job: PekerjaanLatar):
        self.job = job

    def __call__(self, langkah: str, *, done: int | None = None, total: int | None = None):
        fields: dict = {"langkah": langkah[:300]}
        if done is not None:
            fields["selesai"] = done
        if total is not None:
            fields["jumlah"] = total
        PekerjaanLatar.objects.filter(pk=self.job.pk).update(**fields)
        for name, value in fields.items():
            setattr(self.job, name, value)


def finish(
    job: PekerjaanLatar,
    *,
    hasil: dict | None = None,
    keluaran: tuple[str, bytes] | None = None,
    langkah: str = "Selesai.",
) -> None:
    """Mark the job finished with its result (and the file to download, saved under
    MEDIA_ROOT as ``(file name offered, content)``). May be called by the work itself, inside
    its own transaction, so that the job is finished exactly when the work is committed."""
    if keluaran is not None:
        offered, content = keluaran
        suffix = PurePath(offered).suffix.lower()[:10]
        job.keluaran.save(f"keluaran-{job.pk}{suffix}", ContentFile(content), save=False)
        job.nama_keluaran = offered[:200]
    job.hasil = hasil if hasil is not None else job.hasil
    job.status = Status.SELESAI
    job.selesai = job.jumlah
    job.langkah = langkah
    job.galat = ""
    job.selesai_pada = timezone.now()
    job.save(
        update_fields=["keluaran", "nama_keluaran", "hasil", "status", "selesai", "langkah",
                       "galat", "selesai_pada"]
    )  # fmt: skip


def run(job_id: int, work: Callable[[PekerjaanLatar, Progress], None]) -> PekerjaanLatar:
    """Run ``work`` for the job once: claimed atomically, finished when it returns (unless
    it finished the job itself), failed with an Indonesian message on the last attempt."""
    claimed = PekerjaanLatar.objects.filter(
        pk=job_id, status__in=[Status.ANTRE, Status.BERJALAN]
    ).update(status=Status.BERJALAN, mulai=timezone.now(), selesai=0)
    job = PekerjaanLatar.objects.select_related("instansi", "dibuat_oleh").get(pk=job_id)
    if not claimed:
        return job
    try:
        work(job, Progress(job))
        job.refresh_from_db()
        if job.status != Status.SELESAI:
            finish(job)
    except Exception as error:
        technical = f"{type(error).__name__}: {error}"[:2000]
        if not last_attempt():
            PekerjaanLatar.objects.filter(pk=job_id).update(
                status=Status.ANTRE, galat=technical,
                langkah="Percobaan sebelumnya gagal; dicoba lagi otomatis sebentar lagi.",
            )  # fmt: skip
            raise
        log.exception("pekerjaan latar #%s (%s) gagal", job_id, job.jenis)
        PekerjaanLatar.objects.filter(pk=job_id).update(
            status=Status.GAGAL, galat=technical, selesai_pada=timezone.now(),
            langkah=FAILED_TEXT.format(n=current_attempt(), pk=job_id),
        )  # fmt: skip
        job.refresh_from_db()
    finally:
        _drop_input(job_id)
    return job


def _drop_input(job_id: int) -> None:
    """The upload is read once; it holds personal data, so it goes as soon as the job has
    finished or failed for good (a job waiting for a retry keeps it)."""
    job = PekerjaanLatar.objects.get(pk=job_id)
    if job.masukan and not job.aktif:
        job.masukan.delete(save=False)
        PekerjaanLatar.objects.filter(pk=job_id).update(masukan="")


def read_input(job: PekerjaanLatar) -> bytes:
    with job.masukan.open("rb") as stream:
        return stream.read()


def for_user(user):
    """The jobs this person started, in their agency."""
    return PekerjaanLatar.objects.filter(instansi_id=user.instansi_id, dibuat_oleh=user)


def available_until(job: PekerjaanLatar):
    if not job.selesai_pada or not job.keluaran:
        return None
    return job.selesai_pada + timedelta(hours=keep_hours())


def purge_expired(*, now=None, queryset=None) -> int:
    """Delete the produced files of jobs finished more than the keeping time ago; returns
    how many were deleted. Account slips hold initial passwords: they must not linger."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=keep_hours())
    expired = (queryset if queryset is not None else PekerjaanLatar.objects.all()).filter(
        selesai_pada__lt=cutoff
    )
    count = 0
    for job in expired.exclude(keluaran="").only("pk", "keluaran"):
        drop_output(job)
        count += 1
    return count


@transaction.atomic
def drop_output(job: PekerjaanLatar) -> None:
    """Forget the job's file, and delete it once that is committed (a rolled-back request
    leaves both)."""
    storage, name = job.keluaran.storage, job.keluaran.name
    PekerjaanLatar.objects.filter(pk=job.pk).update(keluaran="")
    job.keluaran.name = ""
    transaction.on_commit(lambda: storage.delete(name))
