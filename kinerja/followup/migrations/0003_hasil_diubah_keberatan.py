"""A result changed by an objection upheld after the close: its change time (scoring 0007,
for the API's updated_since) is the time of that decision."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Hasil = apps.get_model("scoring", "Hasil")
    Keberatan = apps.get_model("followup", "Keberatan")
    decided = Keberatan.objects.filter(
        status="diputuskan", putusan__in=["dikabulkan", "dikabulkan_sebagian"],
        diputuskan_pada__isnull=False,
    )  # fmt: skip
    upheld = decided.filter(hasil_id=OuterRef("pk")).order_by("-diputuskan_pada")
    Hasil.objects.filter(pk__in=decided.values("hasil_id")).update(
        diubah=Subquery(upheld.values("diputuskan_pada")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0002_unik_dengan_instansi"),
        ("scoring", "0007_hasil_diubah"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
