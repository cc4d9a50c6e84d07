"""The XLSX workbook agencies report the survey with (layout in docs/survei.md).

Sheet "Rekap IKM": one row per service, then the agency. Sheet "Pengolahan": per service,
the rows of the usual SKM processing sheet (Σ per element, NRR, weighted NRR, IKM, nilai,
mutu). Sheet "Data mentah": one row per answer, written in streaming mode. Text that comes
from people (names, survey comments) goes in as text cells, never as a formula.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook

from kinerja.citizen import ikm as ikm_rule
from kinerja.citizen import queries
from kinerja.citizen.models import ELEMENT_FIELDS, JawabanSurvei
from kinerja.core.spreadsheet import xlsx_row

ELEMENT_CODES = [f"U{i}" for i in range(1, 10)]
RAW_HEADER = [
    "No", "Tanggal", "Layanan", "Kode layanan", "Petugas (NIP)", *ELEMENT_CODES,
    "Jenis kelamin", "Usia", "Pendidikan", "Pekerjaan", "Saran", "Saluran",
    "Ditandai", "Alasan tanda", "Dihitung dalam IKM",
]  # fmt: skip
SUMMARY_HEADER = [
    "Layanan", "Responden", *[f"NRR {c}" for c in ELEMENT_CODES], "IKM (1–4)",
    "Nilai IKM (25–100)", "Mutu", "Kinerja unit", "Populasi", "Sampel minimal",
    "Sampel terpenuhi",
]  # fmt: skip


def _num(value: Decimal | None, places: int = 4):
    return None if value is None else float(round(value, places))


def _summary_row(row: queries.IkmRow) -> list:
    hasil = row.hasil
    return [
        row.label, row.responden, *[_num(v) for v in hasil.nrr], _num(hasil.ikm),
        _num(hasil.nilai, 2), hasil.mutu, hasil.kinerja, row.populasi, row.sampel_minimal,
        {None: "-", True: "Ya", False: "Belum"}[row.sampel_cukup],
    ]  # fmt: skip


PROGRESS_EVERY = 5000


def workbook(
    instansi, dari: date, sampai: date, *, unit_ids: set[int] | None = None, progress=None
) -> bytes:
    """The workbook; ``progress(done, total)`` (answers written of the raw sheet) is called
    every few thousand answers when given (a background job shows it)."""
    rows = queries.ikm_rows(instansi.pk, dari, sampai, per="layanan", unit_ids=unit_ids)
    total = queries.ikm_rows(instansi.pk, dari, sampai, per="instansi", unit_ids=unit_ids)
    book = Workbook(write_only=True)
    summary = book.create_sheet("Rekap IKM")
    summary.append(xlsx_row(summary, [f"Indeks Kepuasan Masyarakat — {instansi.nama}"]))
    summary.append([f"Periode {dari:%d-%m-%Y} s.d. {sampai:%d-%m-%Y}", "", ikm_rule.SOURCE])
    summary.append([])
    summary.append(SUMMARY_HEADER)
    for row in rows:
        summary.append(xlsx_row(summary, _summary_row(row)))
    for row in total:
        summary.append(xlsx_row(summary, _summary_row(row)))

    processing = book.create_sheet("Pengolahan")
    for row in [*rows, *total]:
        hasil = row.hasil
        processing.append(xlsx_row(processing, [row.label, f"{row.responden} responden"]))
        processing.append(["Unsur", *ELEMENT_CODES])
        processing.append(["Jumlah nilai per unsur", *[int(v * row.responden) for v in hasil.nrr]])
        processing.append(["NRR per unsur", *[_num(v) for v in hasil.nrr]])
        processing.append(
            ["NRR tertimbang per unsur", *[_num(v / len(ELEMENT_CODES)) for v in hasil.nrr]]
        )
        processing.append(["IKM unit pelayanan", _num(hasil.ikm)])
        processing.append(["Nilai IKM konversi (× 25)", _num(hasil.nilai, 2)])
        processing.append(["Mutu / kinerja unit", hasil.mutu, hasil.kinerja])
        processing.append([])

    raw = book.create_sheet("Data mentah")
    raw.append(RAW_HEADER)
    answers = JawabanSurvei.objects.filter(
        instansi_id=instansi.pk,
        diterima_pada__gte=queries.day_start(dari),
        diterima_pada__lt=queries.day_start(sampai + timedelta(days=1)),
    )
    if unit_ids is not None:
        answers = answers.filter(layanan__unit_id__in=unit_ids)
    columns = (
        "diterima_pada", "layanan__nama", "layanan__kode", "petugas__nip", *ELEMENT_FIELDS,
        "jenis_kelamin", "usia", "pendidikan", "pekerjaan", "saran", "saluran", "ditandai",
        "alasan_tanda", "dihitung",
    )  # fmt: skip
    values = answers.order_by("diterima_pada", "pk").values_list(*columns)
    total = answers.count() if progress is not None else 0
    for number, values_row in enumerate(values.iterator(chunk_size=5000), start=1):
        received, *rest = values_row
        local = timezone.localtime(received).replace(tzinfo=None)
        flags = ["Ya" if v is True else "Tidak" if v is False else v for v in rest]
        raw.append(xlsx_row(raw, [number, local, *flags]))
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number, total)
    if progress is not None:
        progress(total, total)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
