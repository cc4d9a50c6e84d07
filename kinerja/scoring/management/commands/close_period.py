"""``manage.py close_period --instansi KODE --tahun 2026`` (see docs/penilaian.md)."""

from time import perf_counter

from django.core.management.base import BaseCommand, CommandError

from kinerja.core.errors import DomainError
from kinerja.org.models import Instansi
from kinerja.scoring.services import close_period
from kinerja.skp.models import Periode


class Command(BaseCommand):
    help = (
        "Menutup periode kinerja: menghitung semua hasil (per bagian dan tahunan), memeriksa "
        "kurva distribusi, membekukan masukan (hash) dan menandai periode ditutup. Aman diulang."
    )

    def add_arguments(self, parser):
        parser.add_argument("--instansi", required=True, help="kode instansi, misalnya DEMO")
        parser.add_argument("--tahun", required=True, type=int, help="tahun periode")

    def handle(self, *args, **options):
        instansi = Instansi.objects.filter(kode=options["instansi"]).first()
        periode = (
            Periode.objects.filter(instansi=instansi, tahun=options["tahun"]).first()
            if instansi
            else None
        )
        if periode is None:
            raise CommandError(
                f"Periode {options['tahun']} instansi {options['instansi']} tidak ditemukan."
            )
        already = periode.ditutup
        started = perf_counter()
        try:
            run = close_period(periode, by=None)
        except DomainError as error:
            raise CommandError(str(error)) from error
        elapsed = perf_counter() - started
        if already:
            self.stdout.write(f"Periode {periode.tahun} sudah ditutup; tidak ada yang diubah.")
        else:
            self.stdout.write(self.style.SUCCESS(
                f"Periode {periode.tahun} ditutup dalam {elapsed:.1f} detik.".replace(".", ",", 1)
            ))  # fmt: skip
        broken = [s["cakupan"] for s in run.laporan_kurva if s["patuh"] is False]
        self.stdout.write(
            f"{run.jumlah_hasil} hasil; hash gabungan {run.hash_gabungan}; kurva dilanggar di "
            f"{len(broken)} cakupan."
        )
