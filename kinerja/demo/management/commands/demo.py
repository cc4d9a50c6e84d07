"""``manage.py demo``: build the demo agency once, and print how to log in to it."""

from time import perf_counter

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kinerja.core.angka import ribuan
from kinerja.demo.generator import DEFAULT_KODE, DemoError, DemoResult, ensure_demo_agency
from kinerja.demo.populate import populate, purge_performance
from kinerja.org.models import Instansi


def _desimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


class Command(BaseCommand):
    help = (
        "Membangun instansi demo (pemerintah kota dengan dinas, puskesmas dan sekolah) dari "
        "sebuah seed. Bila instansi dengan kode itu sudah ada, tidak ada yang diubah kecuali "
        "dengan --reset."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pegawai", type=int, default=500, help="jumlah pegawai (bawaan 500)")
        parser.add_argument("--seed", type=int, default=1, help="seed acak (bawaan 1)")
        parser.add_argument("--kode", default=DEFAULT_KODE, help="kode instansi (bawaan DEMO)")
        parser.add_argument(
            "--reset", action="store_true", help="hapus instansi demo itu lalu bangun ulang"
        )
        parser.add_argument(
            "--hanya-organisasi",
            action="store_true",
            help="hanya organisasi dan akun, tanpa SKP, survei, hasil dan tindak lanjut",
        )
        parser.add_argument(
            "--tanpa-akun",
            action="store_true",
            help="hanya akun persona demo, tanpa akun untuk setiap pegawai",
        )

    def handle(self, *args, **options):
        started = perf_counter()
        existing = Instansi.objects.filter(kode=options["kode"]).first()
        populated = None
        try:
            # One transaction: a failure anywhere leaves no half-built demo agency behind.
            with transaction.atomic():
                if existing is not None and options["reset"]:
                    purge_performance(existing)
                result = ensure_demo_agency(
                    pegawai=options["pegawai"],
                    seed=options["seed"],
                    kode=options["kode"],
                    reset=options["reset"],
                    with_accounts=not options["tanpa_akun"],
                )
                if result.created and not options["hanya_organisasi"]:
                    populated = populate(result.instansi, seed=options["seed"])
        except DemoError as error:
            raise CommandError(str(error)) from error
        elapsed = perf_counter() - started
        kode = result.instansi.kode
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Instansi demo {kode} ({result.instansi.nama}) dibangun dalam "
                    f"{_desimal(elapsed)} detik."
                )
            )
        else:
            self.stdout.write(f"Instansi demo {kode} sudah ada; tidak ada yang diubah.")
        self._summary(result)
        if populated is not None and options["verbosity"] >= 2:
            for step in populated.langkah:
                made = f" ({step.hasil})" if step.hasil else ""
                self.stdout.write(f"  {step.nama}: {_desimal(step.detik)} detik{made}")
        self._logins(result)

    def _summary(self, result: DemoResult) -> None:
        self.stdout.write(
            f"{ribuan(result.pegawai)} pegawai, {ribuan(result.unit)} unit kerja, "
            f"{ribuan(result.jabatan)} jabatan, {ribuan(result.akun)} akun."
        )

    def _logins(self, result: DemoResult) -> None:
        if not result.logins:
            self.stdout.write("Akun demo tidak ditemukan; bangun ulang dengan --reset.")
            return
        rows = [("Peran", "Nama pengguna", "Kata sandi", "Nama")]
        rows += [(x.peran, x.username, x.password, x.nama) for x in result.logins]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write("")
        self.stdout.write("Akun demo (masuk di /masuk/):")
        for n, row in enumerate(rows):
            line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
            self.stdout.write(f"  {line}  {row[3]}")
            if n == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in widths) + "  " + "-" * 4)
