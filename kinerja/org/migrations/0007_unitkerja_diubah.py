"""UnitKerja.diubah: the change time for the API's updated_since. Existing units get the time
of the migration (nothing older is known about them)."""

import django.db.models.functions.datetime
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("org", "0006_akun_layanan")]

    operations = [
        migrations.AddField(
            model_name="unitkerja",
            name="diubah",
            field=models.DateTimeField(
                auto_now=True, db_default=django.db.models.functions.datetime.Now()
            ),
        ),
    ]
