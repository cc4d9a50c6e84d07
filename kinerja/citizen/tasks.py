"""The citizen app's long work as background tasks (``kinerja.core.jobs``): the IKM workbook
and the sheet of QR cards, each downloaded by the person who asked once it is ready."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from kinerja.citizen import export, qr
from kinerja.citizen.models import Layanan
from kinerja.core import jobs
from kinerja.core.angka import ribuan
from kinerja.core.models import PekerjaanLatar
from kinerja.core.tasks import retried_task


def _scope(unit_ids) -> list[int] | None:
    return None if unit_ids is None else sorted(unit_ids)


def start_ikm_export(*, by, dari: date, sampai: date, unit_ids) -> PekerjaanLatar:
    """Queue the IKM workbook of the period for ``by``, limited to the units they may see
    (``unit_ids``; None: the whole agency), fixed now."""
    return jobs.start(
        ikm_export_task, jenis=PekerjaanLatar.Jenis.EKSPOR_IKM, by=by, satuan="jawaban",
        parameter={"dari": dari.isoformat(), "sampai": sampai.isoformat(),
                   "unit_ids": _scope(unit_ids),
                   "kembali": f"{reverse('citizen_ikm')}?dari={dari}&sampai={sampai}"},
    )  # fmt: skip


@retried_task(attempts=3, backoff=30)
def ikm_export_task(progres_id: str) -> dict:
    """Write the workbook into the job's file (idempotent: nothing else is written)."""
    job = jobs.run(progres_id, _ikm_export)
    return {"status": job.status}


def _ikm_export(job: PekerjaanLatar, progress: jobs.Progress) -> None:
    p = job.parameter
    dari, sampai = date.fromisoformat(p["dari"]), date.fromisoformat(p["sampai"])
    unit_ids = None if p["unit_ids"] is None else set(p["unit_ids"])
    progress("Menghitung IKM per layanan.")

    def written(done: int, total: int) -> None:
        progress(f"Menulis data mentah: {ribuan(done)} dari {ribuan(total)} jawaban.",
                 done=done, total=total)  # fmt: skip

    content = export.workbook(job.instansi, dari, sampai, unit_ids=unit_ids, progress=written)
    jobs.finish(job, keluaran=(f"ikm-{dari}-{sampai}.xlsx", content),
                langkah="Selesai; berkas Excel siap diunduh.")  # fmt: skip


def start_qr_cards(*, by, layanan_ids: list[int], entry: bool, origin: qr.Origin) -> PekerjaanLatar:
    """Queue the sheet of QR cards of these services (already scoped to what ``by`` may
    see), with the agency's entry card first when ``entry``."""
    return jobs.start(
        qr_cards_task, jenis=PekerjaanLatar.Jenis.KARTU_QR, by=by, satuan="layanan",
        jumlah=len(layanan_ids),
        parameter={"layanan": layanan_ids, "entry": entry, "scheme": origin.scheme,
                   "host": origin.host, "kembali": reverse("citizen_services")},
    )  # fmt: skip


@retried_task(attempts=3, backoff=30)
def qr_cards_task(progres_id: str) -> dict:
    job = jobs.run(progres_id, _qr_cards)
    return {"status": job.status}


def _qr_cards(job: PekerjaanLatar, progress: jobs.Progress) -> None:
    p = job.parameter
    services = (
        Layanan.objects.filter(instansi_id=job.instansi_id, pk__in=p["layanan"], aktif=True)
        .select_related("unit").prefetch_related("penugasan__pegawai")
        .order_by("unit__nama", "nama")
    )  # fmt: skip

    def drawn(done: int, total: int) -> None:
        langkah = f"Membuat kode QR: {done} dari {total} layanan."
        if done == total:
            langkah = f"Menyusun lembar PDF dari kode QR {total} layanan."
        progress(langkah, done=done, total=total)

    origin = qr.Origin(p["scheme"], p["host"])
    pdf = qr.cards_pdf(services, request=origin, instansi=job.instansi if p["entry"] else None,
                       progress=drawn)  # fmt: skip
    jobs.finish(job, keluaran=("kartu-qr-survei.pdf", pdf),
                langkah="Selesai; lembar kartu QR (PDF) siap diunduh.")  # fmt: skip
