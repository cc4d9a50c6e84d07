"""The XLSX workbook agencies report the survey with (layout in docs/survei.md).

Sheet "Rekap IKM": one row per service, then the agency. Sheet "Pengolahan": per service,
the rows of the usual SKM processing sheet (Σ per element, NRR, weighted NRR, IKM, nilai,
mutu). Sheet "Data mentah": one row per answer, written in streaming mode. Text that comes
from people (names, survey comments) goes in as text cells, never as a formula.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from kinerja.citizen import queries
from kinerja.citizen.models import ELEMENT_FIELDS, JawabanSurvei
from kinerja.core import spreadsheet
from kinerja.core.formatting import round_half_up, tanggal
from kinerja.core.spreadsheet import Sheet
from kinerja.scoring.rules import ikm as ikm_rule

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
    return None if value is None else float(round_half_up(value, places))


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
    span = f"{tanggal(dari)} s.d. {tanggal(sampai)}"
    summary = Sheet(
        "Rekap IKM", SUMMARY_HEADER, [_summary_row(row) for row in [*rows, *total]],
        subtitle=f"{span} · {ikm_rule.SOURCE}",
    )  # fmt: skip
    processing = []
    for row in [*rows, *total]:
        hasil = row.hasil
        processing += [
            [row.label, f"{row.responden} responden"],
            ["Jumlah nilai per unsur", *[int(v * row.responden) for v in hasil.nrr]],
            ["NRR per unsur", *[_num(v) for v in hasil.nrr]],
            ["NRR tertimbang per unsur", *[_num(v / len(ELEMENT_CODES)) for v in hasil.nrr]],
            ["IKM unit pelayanan", _num(hasil.ikm)],
            ["Nilai IKM konversi (× 25)", _num(hasil.nilai, 2)],
            ["Mutu / kinerja unit", hasil.mutu, hasil.kinerja],
            [],
        ]
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
    total_answers = answers.count() if progress is not None else 0

    def raw():
        number = 0
        for number, values_row in enumerate(values.iterator(chunk_size=5000), start=1):
            if progress is not None and number % PROGRESS_EVERY == 0:
                progress(number, total_answers)
            yield [number, *values_row]
        if progress is not None:
            progress(total_answers, total_answers)

    return spreadsheet.workbook(
        [
            summary,
            Sheet("Pengolahan", ["Layanan / langkah", *ELEMENT_CODES], processing, subtitle=span),
            Sheet("Data mentah", RAW_HEADER, raw(), subtitle=span),
        ],
        instansi=instansi,
    )


# --------------------------------------------------------------------------- page tables
# Each list page offers its table as XLSX (``?unduh=xlsx``) from the rows it shows, through
# the one writer in core (agency header, bold frozen header row, column widths).


def complaint_queue_sheet(rows, *, today) -> Sheet:
    return Sheet(
        "Antrean aduan",
        ["Kode", "Diterima", "Layanan", "Unit", "Status", "Lewat tenggat", "Petugas",
         "Tenggat tanggapan", "Tenggat selesai"],
        (
            [a.kode_lacak, a.diterima_pada, a.layanan.nama if a.layanan_id else "",
             a.unit.nama if a.unit_id else "", a.get_status_display(),
             a.lewat_tenggat(today), a.petugas.nama if a.petugas_id else "",
             a.tenggat_respons, a.tenggat_selesai]
            for a in rows
        ),
    )  # fmt: skip


def complaint_stats_sheet(stats, *, dari, sampai, per_label: str) -> Sheet:
    return Sheet(
        "Statistik aduan",
        [per_label, "Aduan", "Ditolak", "Ditanggapi", "Tepat waktu",
         "Rerata tanggapan (hari kerja)", "Rerata tanggapan (jam)", "Selesai",
         "Tingkat penyelesaian (%)"],
        (
            [s.label, s.aduan, s.ditolak, s.direspons, s.respons_tepat_waktu,
             s.rerata_hari_kerja_respons, s.rerata_jam_respons, s.selesai,
             s.tingkat_penyelesaian]
            for s in stats
        ),
        subtitle=f"{tanggal(dari)}–{tanggal(sampai)}",
    )  # fmt: skip


def ikm_trend_sheet(rows, *, dari, sampai, layanan: str) -> Sheet:
    return Sheet(
        "Tren IKM",
        ["Periode", "Responden", "Nilai IKM (25–100)", "Mutu", "Kinerja unit"],
        (
            [r.label, r.responden, round_half_up(r.hasil.nilai, 2) if r.hasil else None,
             r.hasil.mutu if r.hasil else "", r.hasil.kinerja if r.hasil else ""]
            for r in rows
        ),
        subtitle=f"{layanan} · {tanggal(dari)}–{tanggal(sampai)}",
    )  # fmt: skip


def review_queue_sheet(rows) -> Sheet:
    return Sheet(
        "Jawaban yang ditandai",
        ["No.", "Diterima", "Layanan", "Petugas", "Jawaban U1–U9", "Alasan"],
        (
            [number, j.diterima_pada, j.layanan.nama, j.petugas.nama if j.petugas_id else "",
             " ".join(str(a) for a in j.answers), j.alasan_tanda]
            for number, j in enumerate(rows, start=1)
        ),
    )  # fmt: skip


def holidays_sheet(rows, *, tahun) -> Sheet:
    return Sheet(
        "Hari libur",
        ["Tanggal", "Keterangan", "Sumber"],
        ([h.tanggal, h.nama, h.get_sumber_display()] for h in rows),
        subtitle=str(tahun),
    )
