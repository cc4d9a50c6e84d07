"""Aduan.diubah: the change time for the API's updated_since, backfilled from the latest
status step (else the time it was received) or its rating, whichever is later."""

import django.db.models.functions.datetime
from django.db import migrations, models
from django.db.models import Max


def backfill(apps, schema_editor):
    Aduan = apps.get_model("citizen", "Aduan")
    for aduan in Aduan.objects.annotate(langkah=Max("transisi__pada")).iterator():
        times = [aduan.diterima_pada, aduan.langkah, aduan.dinilai_pada, aduan.dibuka_ulang_pada]
        Aduan.objects.filter(pk=aduan.pk).update(diubah=max(t for t in times if t is not None))


class Migration(migrations.Migration):
    dependencies = [("citizen", "0009_tahanan_survei_kode_qr")]

    operations = [
        migrations.AddField(
            model_name="aduan",
            name="diubah",
            field=models.DateTimeField(
                auto_now=True, db_default=django.db.models.functions.datetime.Now()
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
