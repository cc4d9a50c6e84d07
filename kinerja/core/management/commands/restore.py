from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kinerja.core.backup import BackupError, restore_snapshot


class Command(BaseCommand):
    help = "Memulihkan cadangan dari `manage.py backup` ke instalasi kosong."

    def add_arguments(self, parser):
        parser.add_argument("berkas", help="berkas .tar.gz (dengan .sha256 di sampingnya)")
        parser.add_argument(
            "--ganti", action="store_true", help="timpa instalasi yang sudah berisi data"
        )

    def handle(self, *args, berkas, ganti=False, **options):
        try:
            manifest = restore_snapshot(Path(berkas), replace=ganti)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Cadangan {manifest['dibuat']} dipulihkan ({len(manifest['anggota'])} anggota)."
        )
