"""Skp.diubah: the change time for the API's updated_since, backfilled from what is known
(approved, submitted, else created)."""

import django.db.models.functions.datetime
from django.db import migrations, models
from django.db.models.functions import Coalesce


def backfill(apps, schema_editor):
    Skp = apps.get_model("skp", "Skp")
    Skp.objects.update(diubah=Coalesce("disetujui_pada", "diajukan_pada", "dibuat"))


class Migration(migrations.Migration):
    dependencies = [("skp", "0004_skp_disetujui_idx")]

    operations = [
        migrations.AddField(
            model_name="skp",
            name="diubah",
            field=models.DateTimeField(
                auto_now=True, db_default=django.db.models.functions.datetime.Now()
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
