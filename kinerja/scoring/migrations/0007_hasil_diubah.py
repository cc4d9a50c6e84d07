"""Hasil.diubah: the change time for the API's updated_since, backfilled from the decision
(else the computation); followup 0003 moves those changed by an upheld objection."""

import django.db.models.functions.datetime
from django.db import migrations, models
from django.db.models.functions import Coalesce


def backfill(apps, schema_editor):
    Hasil = apps.get_model("scoring", "Hasil")
    Hasil.objects.update(diubah=Coalesce("diputuskan_pada", "dihitung_pada"))


class Migration(migrations.Migration):
    dependencies = [("scoring", "0006_penilai_tanpa_cek_fk")]

    operations = [
        migrations.AddField(
            model_name="hasil",
            name="diubah",
            field=models.DateTimeField(
                auto_now=True, db_default=django.db.models.functions.datetime.Now()
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
