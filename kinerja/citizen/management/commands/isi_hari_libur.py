"""Fill a year's national holidays and joint leave into the agencies' calendars."""

from django.core.management.base import BaseCommand, CommandError

from kinerja.citizen import libur
from kinerja.citizen.errors import Refused
from kinerja.org.models import Instansi


class Command(BaseCommand):
    help = (
        "Isi libur nasional dan cuti bersama satu tahun ke kalender instansi (yang belum ada "
        "saja; tanggal yang sudah ada tidak diubah)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tahun", type=int, required=True, help="misalnya 2027")
        parser.add_argument("--instansi", help="kode instansi; tanpa ini: semua instansi")

    def handle(self, *args, tahun, instansi=None, **options):
        agencies = Instansi.objects.order_by("kode")
        if instansi:
            agencies = agencies.filter(kode__iexact=instansi)
            if not agencies.exists():
                raise CommandError(f"Instansi dengan kode '{instansi}' tidak ditemukan.")
        for agency in agencies:
            try:
                added = libur.fill_year(agency, tahun, by=None)
            except Refused as refused:
                raise CommandError(refused.pesan) from None
            self.stdout.write(f"{agency.kode}: {added} hari libur {tahun} ditambahkan.")
