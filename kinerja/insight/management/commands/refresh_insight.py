"""Recompute the stored dashboard summary of every open period (for cron)."""

from django.core.management.base import BaseCommand

from kinerja.insight.summary import refresh_aggregates
from kinerja.skp.models import Periode


class Command(BaseCommand):
    help = "Menghitung ulang ringkasan dasbor untuk setiap periode yang belum ditutup."

    def handle(self, *args, **options):
        for periode in Periode.objects.exclude(status=Periode.Status.DITUTUP):
            row = refresh_aggregates(periode)
            self.stdout.write(f"{periode.instansi_id}/{periode.tahun}: {row.durasi:.2f} s")
