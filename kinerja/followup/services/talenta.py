"""Potential scores for the talent grid (spec §6): recorded one by one or imported.

The import reads CSV (UTF-8, comma or semicolon, decimal point or comma) or XLSX with one
header row: ``nip``, ``skor`` (0–100), optional ``tanggal_asesmen`` (TTTT-BB-HH). It is
all-or-nothing: any bad row and nothing is written; every bad row is reported as
``baris N: kolom X: reason`` (the header is row 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction

from kinerja.core import audit, table_files
from kinerja.core.errors import DomainError, NotAllowed
from kinerja.followup.models import NilaiPotensi
from kinerja.followup.permissions import can_manage
from kinerja.org.models import Pegawai
from kinerja.skp.models import Periode

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000


def _ensure_hr(periode, by) -> None:
    if not can_manage(by) or by.instansi_id != periode.instansi_id:
        raise NotAllowed("Hanya admin kepegawaian yang dapat mencatat nilai potensial.")


def _score(value) -> Decimal:
    text = str(value if value is not None else "").strip().replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise DomainError("skor harus angka 0–100", kolom="skor") from None
    if not number.is_finite() or not 0 <= number <= 100:
        raise DomainError("skor harus antara 0 dan 100", kolom="skor")
    return round(number, 2)


@transaction.atomic
def record_potential(pegawai: Pegawai, periode: Periode, *, by, skor,
                     tanggal_asesmen: date | None = None) -> NilaiPotensi:  # fmt: skip
    _ensure_hr(periode, by)
    if pegawai.instansi_id != periode.instansi_id:
        raise NotAllowed("Pegawai ini bukan pegawai instansi Anda.")
    value = _score(skor)
    row, created = NilaiPotensi.objects.update_or_create(
        periode=periode, pegawai=pegawai,
        defaults={"instansi_id": periode.instansi_id, "skor": value,
                  "tanggal_asesmen": tanggal_asesmen, "sumber": NilaiPotensi.Sumber.MANUAL,
                  "dicatat_oleh": by},
    )  # fmt: skip
    audit.record(periode.instansi, actor=by, action="talenta.potensi", obj=row,
                 after={"pegawai": pegawai.nip, "skor": value, "baru": created})  # fmt: skip
    return row


@dataclass
class ImportResult:
    jumlah: int = 0
    galat: list[str] = field(default_factory=list)

    @property
    def berhasil(self) -> bool:
        return not self.galat


def _rows(name: str, content: bytes) -> list[list]:
    """The file's records, read by the project's one reader (``kinerja.core.table_files``)."""
    try:
        if name.lower().endswith(".xlsx"):
            return [
                values
                for _, values in table_files.xlsx_records(
                    content, limits=table_files.XlsxLimits.for_uploads()
                )
            ]
        return [values for _, values in table_files.csv_records(content, max_cell=MAX_IMPORT_BYTES)]
    except (table_files.BadXlsx, table_files.XlsxTooBig):
        raise DomainError("Berkas XLSX tidak dapat dibaca.", kolom="berkas") from None
    except table_files.NulCharacter as exc:
        raise DomainError(
            f"Berkas CSV berisi karakter NUL (byte 0) di baris {exc.line}; berkasnya mungkin "
            "rusak. Simpan ulang sebagai CSV UTF-8.",
            kolom="berkas",
        ) from None
    except (table_files.Utf16, table_files.NotUtf8):
        raise DomainError("Berkas CSV harus UTF-8.", kolom="berkas") from None
    except table_files.BadCsv:
        raise DomainError(
            "Berkas CSV tidak dapat dibaca; periksa tanda kutip pada isinya.", kolom="berkas"
        ) from None


def _date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


def check_potential_upload(periode: Periode, *, by, name: str, size: int) -> None:
    """What is refused before reading: who uploads, the size and the kind of file."""
    _ensure_hr(periode, by)
    if size > MAX_IMPORT_BYTES:
        raise DomainError("Berkas impor melebihi 5 MB.", kolom="berkas")
    if not name.lower().endswith((".csv", ".xlsx")):
        raise DomainError("Unggah berkas .csv atau .xlsx.", kolom="berkas")


def import_potential(periode: Periode, *, by, name: str, content: bytes) -> ImportResult:
    """Read every row, report every bad one; write all rows only when none is bad."""
    check_potential_upload(periode, by=by, name=name, size=len(content))
    rows = _rows(name, content)
    result = ImportResult()
    if not rows:
        result.galat.append("baris 1: berkas kosong")
        return result
    header = [str(h or "").strip().lower() for h in rows[0]]
    missing = [c for c in ("nip", "skor") if c not in header]
    if missing:
        result.galat.append(f"baris 1: kolom {', '.join(missing)} tidak ada di judul kolom")
        return result
    if len(rows) > MAX_ROWS + 1:
        result.galat.append(f"berkas berisi lebih dari {MAX_ROWS} baris")
        return result
    col = {name: header.index(name) for name in ("nip", "skor", "tanggal_asesmen")
           if name in header}  # fmt: skip
    known = dict(Pegawai.objects.filter(instansi_id=periode.instansi_id).values_list("nip", "pk"))
    parsed: dict[int, tuple] = {}
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(str(v or "").strip() for v in row):
            continue

        def cell(key, row=row):
            index = col.get(key)
            return row[index] if index is not None and index < len(row) else None

        nip = "".join(str(cell("nip") or "").split())
        if nip.endswith(".0"):
            nip = nip[:-2]
        if nip not in known:
            shown = nip if len(nip) <= 40 else f"{nip[:40]}…"
            result.galat.append(f"baris {number}: kolom nip: NIP {shown or '(kosong)'} tidak "
                                "ditemukan di instansi ini")  # fmt: skip
            continue
        if nip in seen:
            result.galat.append(f"baris {number}: kolom nip: NIP {nip} sudah ada di baris "
                                f"{seen[nip]}")  # fmt: skip
            continue
        seen[nip] = number
        try:
            score = _score(cell("skor"))
        except DomainError as exc:
            result.galat.append(f"baris {number}: kolom skor: {exc}")
            continue
        try:
            when = _date(cell("tanggal_asesmen"))
        except ValueError:
            result.galat.append(f"baris {number}: kolom tanggal_asesmen: tanggal harus "
                                "TTTT-BB-HH")  # fmt: skip
            continue
        parsed[known[nip]] = (score, when)
    if result.galat:
        return result
    with transaction.atomic():
        existing = {
            p.pegawai_id: p
            for p in NilaiPotensi.objects.select_for_update().filter(
                periode=periode, pegawai_id__in=list(parsed)
            )
        }
        new, changed = [], []
        for pegawai_id, (score, when) in parsed.items():
            row = existing.get(pegawai_id)
            if row is None:
                new.append(NilaiPotensi(
                    instansi_id=periode.instansi_id, periode=periode, pegawai_id=pegawai_id,
                    skor=score, tanggal_asesmen=when, sumber=NilaiPotensi.Sumber.IMPOR,
                    dicatat_oleh=by,
                ))  # fmt: skip
            else:
                row.skor, row.tanggal_asesmen = score, when
                row.sumber, row.dicatat_oleh = NilaiPotensi.Sumber.IMPOR, by
                changed.append(row)
        NilaiPotensi.objects.bulk_create(new, batch_size=2000)
        NilaiPotensi.objects.bulk_update(
            changed, ["skor", "tanggal_asesmen", "sumber", "dicatat_oleh"], batch_size=2000
        )
        audit.record(periode.instansi, actor=by, action="talenta.impor", obj=periode,
                     after={"baru": len(new), "diubah": len(changed), "berkas": name})  # fmt: skip
    result.jumlah = len(parsed)
    return result
