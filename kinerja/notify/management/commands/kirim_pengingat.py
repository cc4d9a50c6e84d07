"""Daily: deadline reminders and the daily digest (see docs/notifikasi.md for scheduling)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from kinerja.notify.reminders import daily_run


class Command(BaseCommand):
    help = (
        "Mengantrekan pengiriman pengingat tenggat dan ringkasan harian (dikerjakan oleh "
        "db_worker); dengan --langsung dikerjakan di proses ini."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--langsung", action="store_true", help="kerjakan di proses ini, tanpa pekerja latar"
        )
        parser.add_argument("--tanggal", help="tanggal acuan (YYYY-MM-DD); bawaan: hari ini")

    def handle(self, *args, **options):
        today = options["tanggal"]
        if today:
            try:
                date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError(
                    f"--tanggal harus berbentuk YYYY-MM-DD, bukan {today!r}."
                ) from exc
        if options["langsung"]:
            done = daily_run.call(today)
            self.stdout.write(
                f"Pengingat: {done['pengingat']} orang; aduan: {done['aduan']}; "
                f"ringkasan harian: {done['ringkasan']}."
            )
            return
        result = daily_run.enqueue(today)
        self.stdout.write(f"Diantrekan sebagai tugas {result.id} ({result.status}).")
