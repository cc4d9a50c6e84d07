"""manage.py import_pegawai FILE --instansi KODE [--dry-run] (employee layout, docs/impor.md)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kinerja.org import impor
from kinerja.org.models import Instansi


class Command(BaseCommand):
    help = (
        "Mengimpor pegawai dari berkas CSV/XLSX (susunan kolom di docs/impor.md). "
        "Semua baris disimpan atau tidak sama sekali."
    )
    jenis = impor.PEGAWAI

    def add_arguments(self, parser):
        parser.add_argument("berkas", help="berkas .csv atau .xlsx")
        parser.add_argument("--instansi", required=True, help="kode instansi tujuan")
        parser.add_argument(
            "--dry-run", action="store_true", help="periksa dan hitung saja, tanpa menyimpan"
        )

    def handle(self, *args, berkas, instansi, dry_run, **options):
        agency = Instansi.objects.filter(kode=instansi).first()
        if agency is None:
            raise CommandError(f"Instansi dengan kode {instansi} tidak ada.")
        path = Path(berkas)
        try:
            with path.open("rb") as stream:
                content = stream.read(settings.KINERJA_IMPORT_MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"Berkas {berkas} tidak dapat dibuka: {exc.strerror}.") from exc
        result = impor.import_file(
            content,
            path.name,
            instansi=agency,
            jenis=self.jenis,
            actor=f"perintah import_{self.jenis}",
            dry_run=dry_run,
        )
        if not result.ok:
            for error in result.kesalahan:
                self.stderr.write(str(error))
            count = len(result.kesalahan)
            raise CommandError(
                f"Impor dibatalkan: {count} kesalahan; tidak ada data yang disimpan."
            )
        if dry_run:
            self.stdout.write(f"Uji coba (tidak ada yang disimpan). {result.ringkasan()}")
        else:
            self.stdout.write(self.style.SUCCESS(f"Impor selesai. {result.ringkasan()}"))
