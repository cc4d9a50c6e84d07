"""The organisation's long work as background tasks (``kinerja.core.jobs``): the import of
units and employees, and accounts with slips for many people at once."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from kinerja.core import jobs
from kinerja.core.angka import ribuan
from kinerja.core.models import PekerjaanLatar
from kinerja.core.tasks import retried_task
from kinerja.org import accounts, impor

# Errors kept for the result page; a file with more shows the first ones and the count.
MAX_ERRORS_SHOWN = 2000
IMPORT_KIND = {impor.UNIT: PekerjaanLatar.Jenis.IMPOR_UNIT,
               impor.PEGAWAI: PekerjaanLatar.Jenis.IMPOR_PEGAWAI}  # fmt: skip


def start_import(*, by, jenis: str, filename: str, content: bytes) -> PekerjaanLatar:
    """Store the validated upload and queue its import (run at once where tasks are
    immediate, as in the tests)."""
    return jobs.start(
        import_task, jenis=IMPORT_KIND[jenis], by=by, masukan=(filename, content),
        parameter={"jenis": jenis, "berkas": filename, "kembali": reverse("org_import")},
        jumlah=3, satuan="langkah",
        langkah=f"Berkas {filename} menunggu diimpor oleh pekerja latar.",
    )  # fmt: skip


@retried_task(attempts=3, backoff=30)
def import_task(progres_id: str) -> dict:
    """Import one uploaded file (all rows or none; idempotent: an upsert by code and NIP,
    and a finished job is not run again)."""
    job = jobs.run(progres_id, _import)
    return {"status": job.status, "ok": job.hasil.get("ok")}


def _import(job: PekerjaanLatar, progress: jobs.Progress) -> None:
    name = job.parameter["berkas"]
    progress(f"Langkah 1 dari 3: membaca berkas {name}.", done=0)
    content = jobs.read_input(job)

    def step(baris: int) -> None:
        progress(f"Langkah 2 dari 3: memeriksa dan menyimpan {ribuan(baris)} baris.", done=1)

    result = impor.import_file(
        content, name, instansi=job.instansi, jenis=job.parameter["jenis"], actor=job.dibuat_oleh,
        progress=step,
    )  # fmt: skip
    if result.ok:
        langkah = "Langkah 3 dari 3: selesai, semua baris disimpan."
    else:
        langkah = "Langkah 3 dari 3: berkas ditolak karena ada kesalahan; tidak ada yang disimpan."
    jobs.finish(job, hasil=import_summary(result), langkah=langkah)


def import_summary(result: impor.ImportResult) -> dict:
    """What the result page shows of an import (stored as JSON on the job)."""
    return {
        "ok": result.ok,
        "disimpan": result.disimpan,
        "berkas": result.berkas,
        "ringkasan": result.ringkasan(),
        "jumlah_kesalahan": len(result.kesalahan),
        "kesalahan": [
            {"baris": e.baris, "kolom": e.kolom, "pesan": e.pesan}
            for e in result.kesalahan[:MAX_ERRORS_SHOWN]
        ],
        "jumlah_peringatan": len(result.peringatan),
        "peringatan": [
            {"baris": e.baris, "kolom": e.kolom, "pesan": e.pesan}
            for e in result.peringatan[:MAX_ERRORS_SHOWN]
        ],
    }


# --- accounts ----------------------------------------------------------------------------


def start_accounts(*, by, kirim_email: bool, url: str) -> PekerjaanLatar:
    """Queue accounts with slips for every active employee of the agency without one."""
    return jobs.start(
        accounts_task, jenis=PekerjaanLatar.Jenis.SLIP_AKUN, by=by, satuan="pegawai",
        jumlah=accounts.without_account(by.instansi).count(),
        parameter={"kirim_email": kirim_email, "url": url, "kembali": reverse("akun_list")},
    )  # fmt: skip


@retried_task(attempts=3, backoff=30)
def accounts_task(progres_id: str) -> dict:
    """Accounts for the agency's employees without one, all or none; the slips (PDF) and the
    mail-merge sheet (XLSX) in one ZIP for the person who asked. A retry after a failure
    starts over from the employees still without an account."""
    job = jobs.run(progres_id, _accounts)
    return {"status": job.status, "jumlah": job.hasil.get("jumlah")}


def _accounts(job: PekerjaanLatar, progress: jobs.Progress) -> None:
    url = job.parameter["url"]
    instansi = job.instansi

    def hashed(done: int, total: int) -> None:
        progress(f"Membuat kata sandi awal: {ribuan(done)} dari {ribuan(total)} pegawai.",
                 done=done, total=total)  # fmt: skip

    prepared = accounts.prepare_accounts(instansi, progress=hashed)
    if not prepared:
        jobs.finish(job, hasil={"jumlah": 0}, langkah="Semua pegawai aktif sudah memiliki akun.")
        return
    progress("Menyimpan akun dan menyusun slip (PDF) serta lembar surat massal (XLSX).")
    with transaction.atomic():
        # Accounts, slips and the finished job are committed together: no account is created
        # whose slip is lost.
        slips = accounts.save_accounts(instansi, prepared, by=job.dibuat_oleh)
        kode = instansi.kode.lower()
        bundle = accounts.slips_zip(slips, url=url, kode=kode)
        hasil = {"jumlah": len(slips), "kirim_email": job.parameter.get("kirim_email", False)}
        jobs.finish(job, hasil=hasil, keluaran=(f"akun-{kode}-{job.pk}.zip", bundle),
                    langkah=f"Akun dibuat untuk {ribuan(len(slips))} pegawai.")  # fmt: skip
    if hasil["kirim_email"]:
        progress("Mengirim slip lewat email.")
        terkirim, tanpa = accounts.email_slips(slips, url=url)
        job.hasil = {**hasil, "terkirim": terkirim, "tanpa_email": tanpa}
        job.save(update_fields=["hasil"])
