"""The period close as a background task (``kinerja.core.tasks``), started from the close
page (:func:`start_close`) and followed there through ``kinerja.core.jobs``.

Idempotent: the close is one transaction (a run killed midway leaves nothing), and closing
a closed period returns the first close's record and writes nothing; so a retry, or a
second worker picking up the task of a dead one (``kinerja.core.lease``), gives the same
stored results and hashes as one direct close."""

from __future__ import annotations

import logging

from django.urls import reverse

from kinerja.core import jobs
from kinerja.core.formatting import ribuan
from kinerja.core.models import PekerjaanLatar
from kinerja.core.permissions import Peran
from kinerja.core.tasks import last_attempt, retried_task

log = logging.getLogger(__name__)

JENIS = PekerjaanLatar.Jenis.TUTUP_PERIODE
SARAN_DITOLAK = "Perbaiki hal yang disebut di atas, lalu mulai penutupan lagi dari halaman ini."
SARAN_GAGAL = (
    "Tidak ada yang berubah: periode tetap terbuka dan hasil tersimpan seperti sebelumnya. "
    "Coba tutup lagi dari halaman ini; bila gagal lagi, hubungi pengelola sistem dan sebutkan "
    "kode tugas {kode}."
)


def objek(periode) -> str:
    return f"periode:{periode.pk}"


def close_url(periode) -> str:
    return f"{reverse('scoring_tutup')}?periode={periode.tahun}"


def start_close(periode, *, by, alasan: str = "", terbuka: dict | None = None):
    """Queue the close of ``periode`` (a :class:`~kinerja.core.models.PekerjaanLatar`);
    :class:`kinerja.core.jobs.SedangBerjalan` when a close of it is already queued or
    running."""
    return jobs.start(
        close_period_task, periode.pk, by.pk if by is not None else None, alasan, terbuka or {},
        by=by, instansi_id=periode.instansi_id, jenis=JENIS,
        langkah="Menunggu giliran pekerja latar.",
        judul=f"Penutupan periode {periode.tahun}", objek=objek(periode),
        peran=(Peran.ADMIN, Peran.PIMPINAN, Peran.AUDITOR), hasil_url=close_url(periode),
        alihkan=True,
    )  # fmt: skip


@retried_task(attempts=3, backoff=30)
def close_period_task(periode_id: int, user_id: int | None, alasan: str, terbuka: dict,
                      progres_id: str | None = None) -> dict:  # fmt: skip
    """Close the period; report the steps to the progress row; a refusal (the period is not
    in its rating stage, the user may no longer close) ends it at once with the reason, any
    other failure is retried and, the last time, told with what to do."""
    from kinerja.core.errors import DomainError
    from kinerja.org.models import User
    from kinerja.scoring.services import close_period
    from kinerja.skp.models import Periode

    periode = Periode.objects.filter(pk=periode_id).first()
    if periode is None:
        jobs.fail(progres_id, "Periode ini sudah tidak ada.", SARAN_DITOLAK)
        return {"status": "gagal"}
    by = User.objects.filter(pk=user_id).first() if user_id else None
    jobs.begin(progres_id, langkah="Penutupan dimulai.")
    try:
        run = close_period(periode, by=by, alasan=alasan, terbuka=terbuka,
                           progress=jobs.Reporter(progres_id))  # fmt: skip
    except DomainError as exc:
        jobs.fail(progres_id, str(exc), SARAN_DITOLAK)
        return {"status": "ditolak", "alasan": str(exc)}
    except Exception as exc:
        if not last_attempt():
            jobs.retrying(progres_id, "Penutupan terhenti karena gangguan; dicoba lagi.")
            raise
        log.exception("penutupan periode %s gagal", periode_id)
        jobs.fail(
            progres_id,
            f"Penutupan periode {periode.tahun} gagal karena gangguan sistem "
            f"({type(exc).__name__}).",
            SARAN_GAGAL.format(kode=progres_id),
        )  # fmt: skip
        raise
    jobs.finish(
        progres_id,
        langkah=f"Periode {periode.tahun} ditutup: {ribuan(run.jumlah_hasil)} hasil dibekukan.",
        hasil_url=close_url(periode), hasil_teks="Lihat hasil penutupan",
    )  # fmt: skip
    return {"status": "selesai", "penutupan": run.pk, "hash_gabungan": run.hash_gabungan,
            "jumlah_hasil": run.jumlah_hasil}  # fmt: skip
