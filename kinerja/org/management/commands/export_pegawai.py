"""manage.py export_pegawai --instansi KODE --format csv|xlsx --output FILE [--jenis unit]."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kinerja.org import exporter, impor
from kinerja.org.models import Instansi


class Command(BaseCommand):
    help = "Mengekspor pegawai atau unit kerja instansi dalam susunan kolom impor (docs/impor.md)."

    def add_arguments(self, parser):
        parser.add_argument("--instansi", required=True, help="kode instansi")
        parser.add_argument("--format", choices=("csv", "xlsx"), default="csv", dest="fmt")
        parser.add_argument("--output", required=True, help="berkas tujuan")
        parser.add_argument("--jenis", choices=impor.JENIS_IMPOR, default=impor.PEGAWAI)

    def handle(self, *args, instansi, fmt, output, jenis, **options):
        agency = Instansi.objects.filter(kode=instansi).first()
        if agency is None:
            raise CommandError(f"Instansi dengan kode {instansi} tidak ada.")
        path = Path(output)
        try:
            if fmt == "csv":
                with path.open("w", encoding="utf-8", newline="") as stream:
                    stream.writelines(exporter.csv_chunks(jenis, agency.pk))
            else:
                with path.open("wb") as stream:
                    exporter.write_xlsx(jenis, agency.pk, stream)
        except OSError as exc:
            raise CommandError(f"Tidak dapat menulis {output}: {exc.strerror}.") from exc
        self.stdout.write(self.style.SUCCESS(f"Ekspor {jenis} {agency.kode} ditulis ke {output}."))
