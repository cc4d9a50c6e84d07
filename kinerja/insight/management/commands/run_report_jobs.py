"""Print batch report jobs that are waiting; with --termasuk-berjalan also those left
"running" by a web process that stopped (run it only when no web process is printing)."""

from django.core.management.base import BaseCommand

from kinerja.insight.models import PekerjaanLaporan
from kinerja.insight.reports import run_job


class Command(BaseCommand):
    help = "Mencetak pekerjaan laporan massal yang menunggu (atau terputus)."

    def add_arguments(self, parser):
        parser.add_argument("--termasuk-berjalan", action="store_true", dest="berjalan")

    def handle(self, *args, **options):
        wanted = [PekerjaanLaporan.Status.ANTRE]
        if options["berjalan"]:
            wanted.append(PekerjaanLaporan.Status.BERJALAN)
        waiting = PekerjaanLaporan.objects.filter(status__in=wanted).order_by("dibuat")
        for job_id in list(waiting.values_list("pk", flat=True)):
            job = run_job(job_id)
            self.stdout.write(f"{job}: {job.get_status_display()} ({job.selesai}/{job.jumlah})")
