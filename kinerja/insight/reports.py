"""Official documents as PDF (WeasyPrint), tables as XLSX, and batch printing into a ZIP.

Documents, laid out as the PermenPANRB 6/2022 attachments lay them out (identity table of
the employee and the rater, the plan or the evaluation table, behaviour, signature blocks):

- :func:`skp_pdf`: the SKP (rencana);
- :func:`evaluation_pdf`: the periodic (``bagian``) or annual evaluation document;
- :func:`unit_recap_pdf`: a unit's recap with the predikat chart and its table.

Batch printing (:func:`start_batch`, :func:`run_job`): a :class:`PekerjaanLaporan` row holds
the job and its progress; the task :func:`print_batch` (run by ``manage.py db_worker``,
retried on failure) renders the documents one by one into a ZIP under MEDIA_ROOT, updating
the row every few documents, so the status page shows the progress across reloads and
restarts.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files.base import File
from django.db.models import Q
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kinerja.core import formatting, spreadsheet, svg
from kinerja.core.spreadsheet import csv_cell
from kinerja.core.tasks import last_attempt, retried_task
from kinerja.insight.models import PekerjaanLaporan
from kinerja.insight.summary import PREDIKAT, PREDIKAT_LABEL
from kinerja.org.models import Pegawai
from kinerja.scoring.models import Hasil, PredikatOrganisasi
from kinerja.scoring.queries import indicator_rows
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.skp.models import BERAKHLAK, Indikator, PenilaianPerilaku, Rhk, Skp

log = logging.getLogger(__name__)
RATING_LABEL = {r.value: r.label for r in pmp.Rating}
PROGRESS_EVERY = 10


# --------------------------------------------------------------------------- XLSX


def xlsx(
    sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence]]], *, instansi=None
) -> bytes:
    """One workbook, one sheet per (title, header, rows), through the one writer in core
    (agency header, bold frozen header row, widths); numbers stay numbers, text is never a
    formula."""
    return spreadsheet.workbook(
        [spreadsheet.Sheet(title, header, rows) for title, header, rows in sheets],
        instansi=instansi,
    )


def xlsx_response(name: str, sheets, *, instansi=None) -> HttpResponse:
    response = HttpResponse(
        xlsx(sheets, instansi=instansi), content_type=spreadsheet.XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def csv_response(name: str, header: Sequence[str], rows) -> HttpResponse:
    import csv

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv.writer(response)
    writer.writerow([csv_cell(v) for v in header])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return response


# --------------------------------------------------------------------------- PDF


PDF_VARIANT = "pdf/ua-1"
"""Official documents are tagged PDFs (PDF/UA-1): screen readers follow their structure."""


def render_pdf(template: str, context: dict) -> bytes:
    """An official document: Indonesian whatever the viewer's language, tagged (PDF/UA-1)."""
    from weasyprint import HTML

    with translation.override("id"):
        html = render_to_string(template, context)
    return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)


def pdf_response(name: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


def _person(pegawai: Pegawai | None) -> dict:
    if pegawai is None:
        return {"nama": "—", "nip": "", "golongan": "", "jabatan": "", "unit": ""}
    return {
        "nama": pegawai.nama_lengkap, "nip": pegawai.nip_tertulis, "golongan": pegawai.golongan,
        "jabatan": pegawai.jabatan.nama if pegawai.jabatan_id else "", "unit": pegawai.unit.nama,
    }  # fmt: skip


def _skp_for_document(skp_id: int) -> Skp:
    return Skp.objects.select_related(
        "periode", "instansi", "unit", "pegawai__jabatan", "pegawai__unit", "penilai__jabatan",
        "penilai__unit", "penilai__atasan__jabatan", "penilai__atasan__unit",
    ).get(pk=skp_id)  # fmt: skip


def _plan(skp: Skp) -> list[dict]:
    rhk_rows = {}
    for ind in (
        Indikator.objects.filter(rhk__skp=skp)
        .select_related("rhk", "rhk__intervensi").order_by("rhk__jenis", "rhk__urutan", "rhk_id",
                                                           "urutan", "pk")
    ):  # fmt: skip
        rhk = rhk_rows.setdefault(ind.rhk_id, {"rhk": ind.rhk, "indikator": []})
        rhk["indikator"].append(ind)
    plan = sorted(rhk_rows.values(), key=lambda r: r["rhk"].jenis != Rhk.Jenis.UTAMA)
    numbered: dict[str, int] = {}
    for rhk in plan:  # main RHK first; numbered 1..n within each group (utama, tambahan)
        jenis = rhk["rhk"].jenis
        rhk["nomor"] = numbered[jenis] = numbered.get(jenis, 0) + 1
    return plan


def skp_context(skp: Skp, plan: list[dict] | None = None) -> dict:
    return {
        "skp": skp, "instansi": skp.instansi, "pegawai": _person(skp.pegawai),
        "penilai": _person(skp.penilai), "rencana": plan if plan is not None else _plan(skp),
        "berakhlak": BERAKHLAK,
        **signature_context(skp.instansi),
    }  # fmt: skip


def signature_context(instansi) -> dict:
    """The place, date and logo an official document is signed under: "<tempat>, <tanggal>"
    (the agency's ``tempat``; the date alone when it is not set) and the agency's logo as a
    file URI WeasyPrint reads (None when there is none or the file is missing)."""
    now = timezone.localtime(timezone.now(), ZoneInfo(instansi.zona_waktu or "Asia/Jakarta"))
    logo = None
    if instansi.logo:
        try:
            path = Path(instansi.logo.path)
        except (NotImplementedError, ValueError):  # a storage without local paths
            path = None
        if path is not None and path.is_file():
            logo = path.as_uri()
    return {
        "dicetak": now,
        "dicetak_teks": formatting.waktu(now, instansi),
        "tempat": instansi.tempat,
        "tempat_tanggal": formatting.tempat_tanggal(instansi.tempat, now.date()),
        "logo": logo,
    }


def skp_pdf(skp_id: int) -> bytes:
    return render_pdf("insight/pdf/skp.html", skp_context(_skp_for_document(skp_id)))


def evaluation_context(skp: Skp, bagian=None) -> dict:
    """What the evaluation document shows: the plan with each indicator's target, realisation
    and capaian as the score used them (:func:`kinerja.scoring.queries.indicator_rows`, the
    same figures as the result page), the work and behaviour ratings and the predikat, and
    the organisation's predikat."""
    hasil = Hasil.objects.filter(skp=skp, bagian=bagian).first()
    figures = {}
    if hasil is not None and not hasil.galat:
        figures = {row.id: row for row in indicator_rows(hasil)}
    plan = _plan(skp)
    for rhk in plan:
        rhk["baris"] = [
            {"indikator": ind, "row": row, "realisasi": row.realisasi if row else None,
             "capaian": row.capaian if row else None}
            for ind in rhk["indikator"]
            for row in (figures.get(ind.pk),)
        ]  # fmt: skip
    behaviour = PenilaianPerilaku.objects.filter(skp=skp)
    if bagian is not None:
        behaviour = behaviour.filter(bagian=bagian)
    ratings = {code: {} for code, _l in BERAKHLAK}
    columns = []
    for row in behaviour.select_related("bagian").order_by("bagian__nomor"):
        name = row.bagian.nama
        if name not in columns:
            columns.append(name)
        for code, _label, value, _note in row.nilai():
            ratings[code][name] = RATING_LABEL.get(value, value)
    org = (
        PredikatOrganisasi.objects.filter(periode=skp.periode)
        .filter(Q(unit=skp.unit) | Q(unit__isnull=True)).order_by("unit_id").first()
    )  # fmt: skip
    final = {}
    if hasil is not None:
        final = {
            "hasil_kerja": RATING_LABEL.get(hasil.final_hasil_kerja, "—"),
            "perilaku": RATING_LABEL.get(hasil.final_perilaku, "—"),
            "predikat": PREDIKAT_LABEL.get(hasil.final_predikat, hasil.final_predikat or "—"),
            "capaian": hasil.capaian_bulat,
            "status": hasil.status_label(skp.periode),
            "alasan": hasil.alasan,
        }
    return {
        **skp_context(skp, plan), "bagian": bagian, "hasil": hasil, "final": final,
        "perilaku_kolom": columns,
        "perilaku": [
            (label, [ratings[code].get(name, "—") for name in columns])
            for code, label in BERAKHLAK
        ],
        "organisasi": org, "atasan_penilai": _person(skp.penilai.atasan if skp.penilai else None),
    }  # fmt: skip


def evaluation_pdf(skp_id: int, bagian_id: int | None = None) -> bytes:
    skp = _skp_for_document(skp_id)
    bagian = skp.periode.bagian.get(pk=bagian_id) if bagian_id else None
    return render_pdf("insight/pdf/evaluasi.html", evaluation_context(skp, bagian))


def unit_recap_rows(periode, unit_id: int) -> list[dict]:
    """One row per annual result of the unit: employee, capaian, ratings, predikat (1 query)."""
    rows = []
    for h in (
        Hasil.objects.filter(periode=periode, bagian__isnull=True, skp__unit_id=unit_id)
        .select_related("skp__pegawai", "skp__penilai").order_by("skp__pegawai__nama", "pk")
    ):  # fmt: skip
        rows.append({
            "nip": h.skp.pegawai.nip, "nama": h.skp.pegawai.nama_lengkap,
            "penilai": h.skp.penilai.nama if h.skp.penilai_id else "",
            "capaian": h.capaian_bulat, "hasil_kerja": RATING_LABEL.get(h.final_hasil_kerja, ""),
            "perilaku": RATING_LABEL.get(h.final_perilaku, ""),
            "predikat": PREDIKAT_LABEL.get(h.final_predikat, h.final_predikat),
            "predikat_kode": h.final_predikat, "status": h.status_label(periode),
        })  # fmt: skip
    return rows


def unit_recap_context(periode, unit) -> dict:
    rows = unit_recap_rows(periode, unit.pk)
    counts = dict.fromkeys(PREDIKAT, 0)
    for row in rows:
        if row["predikat_kode"] in counts:
            counts[row["predikat_kode"]] += 1
    total = sum(counts.values())
    distribusi = [
        (PREDIKAT_LABEL[c], counts[c], round(counts[c] * 100 / total, 1) if total else 0.0)
        for c in PREDIKAT
    ]
    chart = svg.bar_chart([(label, pct) for label, _n, pct in distribusi], unit="%",
                          title=f"Sebaran predikat {unit.nama}", max_value=100)  # fmt: skip
    return {"periode": periode, "unit": unit, "instansi": unit.instansi, "rows": rows,
            "distribusi": distribusi, "chart": chart, "jumlah": total,
            **signature_context(unit.instansi)}  # fmt: skip


def unit_recap_pdf(periode, unit) -> bytes:
    return render_pdf("insight/pdf/rekap_unit.html", unit_recap_context(periode, unit))


# --------------------------------------------------------------------------- batch


def batch_skp_ids(job: PekerjaanLaporan) -> list[int]:
    qs = Skp.objects.filter(periode_id=job.periode_id, disetujui_pada__isnull=False)
    if job.unit_id:
        qs = qs.filter(unit_id=job.unit_id)
    if job.jenis == PekerjaanLaporan.Jenis.EVALUASI:
        qs = (
            qs.filter(hasil__bagian_id=job.bagian_id)
            if job.bagian_id
            else qs.filter(hasil__bagian__isnull=True)
        )
    return list(qs.order_by("unit__kode", "pegawai__nama", "pk").values_list("pk", flat=True))


def nothing_to_print(periode, *, jenis: str, unit=None, bagian=None) -> str | None:
    """Why a batch would print nothing, said before it starts (None: there is something).

    The annual evaluation is final only once the period is closed, so it is not printed for
    an open period; any other batch with no document is refused with what is missing."""
    where = f" di {unit.nama}" if unit is not None else ""
    if jenis == PekerjaanLaporan.Jenis.EVALUASI and bagian is None and not periode.ditutup:
        return (
            f"Evaluasi tahunan {periode.tahun} belum dapat dicetak: periode masih tahap "
            f"{periode.get_status_display()} dan hasil tahunan baru final setelah periode "
            "ditutup. Pilih evaluasi per bagian, atau cetak setelah periode ditutup."
        )
    probe = PekerjaanLaporan(periode=periode, jenis=jenis, unit=unit, bagian=bagian)
    if batch_skp_ids(probe):
        return None
    if jenis == PekerjaanLaporan.Jenis.SKP:
        return (
            f"Tidak ada dokumen untuk dicetak: belum ada SKP{where} yang disetujui pada periode "
            f"{periode.tahun}."
        )
    return (
        f"Tidak ada dokumen untuk dicetak: belum ada hasil evaluasi{where} untuk "
        f"{bagian.label if bagian is not None else f'tahun {periode.tahun}'}. Hasil dihitung "
        "dari SKP yang disetujui; hitung ulang hasil di halaman penilaian bila data sudah ada."
    )


def start_batch(periode, *, by, jenis: str, unit=None, bagian=None) -> PekerjaanLaporan:
    """Queue a batch of documents: a job row and the task that prints it (enqueued in the
    caller's transaction, so a rolled-back request leaves neither)."""
    job = PekerjaanLaporan.objects.create(
        instansi_id=periode.instansi_id, periode=periode, unit=unit, bagian=bagian, jenis=jenis,
        dibuat_oleh=by,
    )  # fmt: skip
    job.jumlah = len(batch_skp_ids(job))
    job.save(update_fields=["jumlah"])
    print_batch.enqueue(job.pk)
    job.refresh_from_db()
    return job


@retried_task(attempts=3, backoff=30)
def print_batch(job_id: int) -> dict:
    """The task behind a batch job (idempotent: a finished job is not printed again)."""
    job = run_job(job_id)
    return {"status": job.status, "selesai": job.selesai, "jumlah": job.jumlah}


def run_job(job_id: int) -> PekerjaanLaporan:
    """Render every document of the job into one ZIP; progress saved as it goes.

    Claims the job atomically (waiting → running), so a job already printed is never
    printed again. A failure that will be retried leaves the job waiting (with the reason)
    and raises; the last one marks it failed."""
    now = timezone.now()
    claimed = PekerjaanLaporan.objects.filter(
        pk=job_id, status__in=[PekerjaanLaporan.Status.ANTRE, PekerjaanLaporan.Status.BERJALAN]
    ).update(status=PekerjaanLaporan.Status.BERJALAN, mulai=now, selesai=0)
    job = PekerjaanLaporan.objects.get(pk=job_id)
    if not claimed:
        return job
    try:
        ids = batch_skp_ids(job)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            names = dict(Skp.objects.filter(pk__in=ids).values_list("pk", "pegawai__nip"))
            for done, skp_id in enumerate(ids, start=1):
                if job.jenis == PekerjaanLaporan.Jenis.SKP:
                    content, prefix = skp_pdf(skp_id), "skp"
                else:
                    content, prefix = evaluation_pdf(skp_id, job.bagian_id), "evaluasi"
                archive.writestr(f"{prefix}-{names[skp_id]}.pdf", content)
                if done % PROGRESS_EVERY == 0 or done == len(ids):
                    PekerjaanLaporan.objects.filter(pk=job_id).update(selesai=done,
                                                                      jumlah=len(ids))  # fmt: skip
        buffer.seek(0)
        job.refresh_from_db()
        job.berkas.save(f"{job.jenis}-{job.periode.tahun}-{job.pk}.zip", File(buffer), save=False)
        job.status = PekerjaanLaporan.Status.SELESAI
        job.selesai = job.jumlah = len(ids)
        job.selesai_pada = timezone.now()
        job.galat = ""
        job.save(update_fields=["berkas", "status", "selesai", "jumlah", "selesai_pada", "galat"])
    except Exception as error:
        if not last_attempt():
            PekerjaanLaporan.objects.filter(pk=job_id).update(
                status=PekerjaanLaporan.Status.ANTRE, galat=str(error)[:2000]
            )
            raise
        log.exception("pekerjaan laporan %s gagal", job_id)
        PekerjaanLaporan.objects.filter(pk=job_id).update(
            status=PekerjaanLaporan.Status.GAGAL, galat=str(error)[:2000],
            selesai_pada=timezone.now(),
        )  # fmt: skip
        job.refresh_from_db()
    return job
