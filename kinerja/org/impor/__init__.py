"""Import of units and employees from CSV or XLSX; docs/impor.md is the public contract.

Three steps, one module each: ``baca.read_table`` turns the uploaded bytes into rows of
trimmed text (or file-level errors); ``rencana.plan_units`` / ``plan_pegawai`` check every row
against the file itself and the agency's data, loaded in a fixed number of queries, collect
every error and work out what to write; ``tulis`` writes the plan in one transaction with
set-based statements (no query per row), and only when no row is bad: a file with one bad row
writes nothing. ``import_file`` runs the three; ``tata_letak`` holds the layouts.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from kinerja.core import audit
from kinerja.org import accounts
from kinerja.org.impor.baca import XLSX_SIGNATURE, Baris, Tabel, read_table
from kinerja.org.impor.rencana import Rencana, plan_pegawai, plan_units
from kinerja.org.impor.tata_letak import (
    JENIS_IMPOR,
    LAYOUT_PEGAWAI,
    LAYOUT_UNIT,
    LAYOUTS,
    NIP_COLUMNS,
    PEGAWAI,
    TIDAK,
    UNIT,
    YA,
    BarisSalah,
    Kolom,
    Layout,
)
from kinerja.org.impor.tulis import write_pegawai, write_units
from kinerja.org.models import Instansi

__all__ = [
    "JENIS_IMPOR", "LAYOUTS", "LAYOUT_PEGAWAI", "LAYOUT_UNIT", "NIP_COLUMNS", "PEGAWAI", "TIDAK",
    "UNIT", "XLSX_SIGNATURE", "YA", "Baris", "BarisSalah", "ImportResult", "Kolom", "Layout",
    "Tabel", "import_file", "read_table",
]  # fmt: skip


@dataclass
class ImportResult:
    """What an import did (or, with errors or on a dry run, would have done)."""

    jenis: str
    berkas: str
    sha256: str
    jumlah_baris: int = 0
    dibuat: int = 0
    diubah: int = 0
    tidak_berubah: int = 0
    kesalahan: list[BarisSalah] = field(default_factory=list)
    disimpan: bool = False
    akun_dinonaktifkan: int = 0  # accounts of employees the import made inactive
    peringatan: list[BarisSalah] = field(default_factory=list)
    """What spec §1 says to warn about and not refuse (a NIP appointed before 18): shown on
    the result page, never a reason to refuse the file."""

    @property
    def ok(self) -> bool:
        return not self.kesalahan

    def ringkasan(self) -> str:
        text = (
            f"{self.jumlah_baris} baris: {self.dibuat} dibuat, {self.diubah} diubah, "
            f"{self.tidak_berubah} tidak berubah."
        )
        if self.akun_dinonaktifkan:
            text += (
                f" {self.akun_dinonaktifkan} akun pegawai yang dinonaktifkan ditutup "
                "(sesi dan token API dicabut)."
            )
        return text


PLANNERS: dict[str, Callable[..., Rencana]] = {UNIT: plan_units, PEGAWAI: plan_pegawai}
WRITERS: dict[str, Callable] = {UNIT: write_units, PEGAWAI: write_pegawai}


def import_file(
    content: bytes,
    filename: str,
    *,
    instansi: Instansi,
    jenis: str,
    actor,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import a unit or employee file into one agency: all rows or none.

    Upserts by unit code / NIP within the agency; rows that would not change are not
    written and keep their version. Writes one audit entry per import (not per row).
    ``progress(rows)`` is called once the file is read, before the checking and writing
    transaction (a background job shows it).
    """
    layout = LAYOUTS[jenis]
    result = ImportResult(jenis=jenis, berkas=filename, sha256=hashlib.sha256(content).hexdigest())
    table = read_table(content, filename, layout)
    result.jumlah_baris = len(table.baris)
    if not table.baris:
        result.kesalahan = table.kesalahan
        return result
    if progress is not None:
        progress(len(table.baris))
    try:
        with transaction.atomic():
            # One import per agency at a time: the plan must not go stale before it is written.
            list(Instansi.objects.select_for_update().filter(pk=instansi.pk).values_list("pk"))
            plan = PLANNERS[jenis](table, instansi)
            result.kesalahan = sorted(plan.kesalahan, key=lambda e: _error_order(e, layout))
            result.peringatan = sorted(plan.peringatan, key=lambda e: _error_order(e, layout))
            result.dibuat, result.diubah = plan.dibuat, plan.diubah
            result.tidak_berubah = plan.tidak_berubah
            if result.kesalahan or dry_run:
                return result
            WRITERS[jenis](plan)
            if plan.keluar:
                result.akun_dinonaktifkan = len(
                    accounts.deactivate_accounts_of(
                        plan.keluar, by=actor, alasan=f"impor {filename}: aktif=tidak"[:200]
                    )
                )
            audit.record(
                instansi,
                actor=actor,
                action=f"org.impor_{jenis}",
                obj=instansi,
                object_repr=f"impor {jenis}: {filename}"[:300],
                after={
                    "berkas": filename,
                    "sha256": result.sha256,
                    "baris": result.jumlah_baris,
                    "dibuat": result.dibuat,
                    "diubah": result.diubah,
                    "tidak_berubah": result.tidak_berubah,
                },
            )
            result.disimpan = True
    except IntegrityError:
        result.disimpan = False
        result.kesalahan = [
            BarisSalah(
                None,
                "",
                "Data instansi berubah saat impor berjalan; tidak ada yang disimpan. Ulangi impor.",
            )
        ]
    return result


def _error_order(error: BarisSalah, layout: Layout) -> tuple:
    names = layout.nama_kolom
    first = error.kolom.split(",")[0].strip()
    return (
        error.baris if error.baris is not None else -1,
        names.index(first) if first in names else len(names),
    )
