"""manage.py import_unit FILE --instansi KODE [--dry-run]: the unit layout of docs/impor.md."""

from kinerja.org import impor
from kinerja.org.management.commands import import_pegawai


class Command(import_pegawai.Command):
    help = (
        "Mengimpor unit kerja dari berkas CSV/XLSX (susunan kolom di docs/impor.md). "
        "Semua baris disimpan atau tidak sama sekali."
    )
    jenis = impor.UNIT
