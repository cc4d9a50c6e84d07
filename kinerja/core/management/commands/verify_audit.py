from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from kinerja.core.audit import last_checkpoint, verify_chain
from kinerja.core.models import AuditEntry


class Command(BaseCommand):
    help = "Memeriksa rantai hash log audit; melaporkan tautan pertama yang rusak per instansi."

    def add_arguments(self, parser):
        parser.add_argument("--instansi", help="kode instansi (bawaan: semua instansi)")

    def handle(self, *args, instansi=None, **options):
        Instansi = apps.get_model("org", "Instansi")
        agencies = Instansi.objects.order_by("kode")
        if instansi:
            agencies = agencies.filter(kode=instansi)
            if not agencies.exists():
                raise CommandError(f"Instansi dengan kode {instansi} tidak ada.")
        broken = 0
        for agency in agencies:
            link = verify_chain(agency.pk)
            count = AuditEntry.objects.filter(instansi=agency).count()
            if link is None:
                point = last_checkpoint(agency.pk)
                against = (
                    f"; cocok dengan titik periksa {point.at} ({point.seq} entri)"
                    if point
                    else "; belum ada titik periksa (jalankan audit_checkpoint)"
                )
                self.stdout.write(f"{agency.kode}: utuh ({count} entri){against}")
            else:
                broken += 1
                self.stdout.write(f"{agency.kode}: RUSAK pada entri {link.seq}: {link.reason}")
        if broken:
            raise CommandError(f"{broken} rantai audit rusak.")
