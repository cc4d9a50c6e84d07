from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kinerja.core.backup import BackupError, write_snapshot


class Command(BaseCommand):
    help = (
        "Menulis cadangan lengkap (basis data + berkas unggahan) yang dikompresi dan ber-checksum."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="berkas .tar.gz tujuan (bawaan: var/cadangan/…)")

    def handle(self, *args, output=None, **options):
        from django.conf import settings

        if output is None:
            folder = Path(settings.VAR_DIR) / "cadangan"
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            output = folder / f"kinerja-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        try:
            snapshot = write_snapshot(Path(output))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Cadangan ditulis: {snapshot.path} ({snapshot.files} berkas unggahan)\n"
            f"SHA-256: {snapshot.sha256}"
        )
