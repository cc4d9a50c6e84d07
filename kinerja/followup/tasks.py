"""The import of potential scores (talent grid) as a background job (``kinerja.core.jobs``):
all rows or none, every bad row reported, as when it ran inside the request."""

from __future__ import annotations

from django.urls import reverse

from kinerja.core import jobs
from kinerja.core.errors import DomainError
from kinerja.core.models import PekerjaanLatar
from kinerja.core.tasks import retried_task
from kinerja.followup import services
from kinerja.skp.models import Periode

MAX_ERRORS_SHOWN = 2000


def start_potential_import(periode: Periode, *, by, name: str, content: bytes) -> PekerjaanLatar:
    """Check who uploads, the size and the kind of file now (DomainError), store the upload and
    queue its import."""
    services.check_potential_upload(periode, by=by, name=name, size=len(content))
    back = f"{reverse('followup_potensi')}?periode={periode.tahun}"
    return jobs.start(
        potential_import_task, jenis=PekerjaanLatar.Jenis.IMPOR_POTENSI, by=by,
        masukan=(name, content), jumlah=2, satuan="langkah",
        parameter={"periode": periode.pk, "berkas": name, "kembali": back},
        langkah=f"Berkas {name} menunggu diimpor oleh pekerja latar.",
    )  # fmt: skip


@retried_task(attempts=3, backoff=30)
def potential_import_task(progres_id: str) -> dict:
    """Idempotent: an upsert per employee and period; a finished job is not run again."""
    job = jobs.run(progres_id, _import)
    return {"status": job.status, "ok": job.hasil.get("ok")}


def _import(job: PekerjaanLatar, progress: jobs.Progress) -> None:
    periode = Periode.objects.get(pk=job.parameter["periode"], instansi_id=job.instansi_id)
    name = job.parameter["berkas"]
    progress(f"Langkah 1 dari 2: memeriksa dan menyimpan {name}.", done=0)
    try:
        result = services.import_potential(periode, by=job.dibuat_oleh, name=name,
                                           content=jobs.read_input(job))  # fmt: skip
    except DomainError as exc:  # the file as a whole is refused: a result, not a failure
        errors, jumlah = [str(exc)], 0
    else:
        errors, jumlah = result.galat, result.jumlah
    hasil = {"ok": not errors, "berkas": name, "jumlah": jumlah, "tahun": periode.tahun,
             "jumlah_galat": len(errors), "galat": errors[:MAX_ERRORS_SHOWN]}  # fmt: skip
    langkah = "Langkah 2 dari 2: selesai." if not errors else (
        "Langkah 2 dari 2: berkas ditolak karena ada kesalahan; tidak ada yang disimpan."
    )  # fmt: skip
    jobs.finish(job, hasil=hasil, langkah=langkah)
