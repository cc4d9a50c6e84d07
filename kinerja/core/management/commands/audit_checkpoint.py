from django.apps import apps
from django.core.management.base import BaseCommand

from kinerja.core.audit import checkpoint_path, write_checkpoints


class Command(BaseCommand):
    help = (
        "Menulis titik periksa kepala rantai audit (jumlah entri + hash) setiap instansi ke "
        "berkas KINERJA_AUDIT_CHECKPOINT_FILE; jalankan terjadwal (deploy/systemd)."
    )

    def handle(self, *args, **options):
        Instansi = apps.get_model("org", "Instansi")
        agencies = dict(Instansi.objects.order_by("kode").values_list("pk", "kode"))
        for point in write_checkpoints(agencies):
            self.stdout.write(f"{agencies[point.instansi_id]}: {point.seq} entri, {point.hash}")
        self.stdout.write(f"ditulis ke {checkpoint_path()}")
