"""``masukan`` becomes the canonical text that was hashed (``CanonicalJSONField``); the
result's copies of its SKP's agency and period lose their own checks and indexes; the rater
index covers decided results only. Existing rows are rewritten as canonical text."""

import json

import django.db.models.deletion
import kinerja.scoring.models
from django.conf import settings
from django.db import migrations, models


def canonical(apps, schema_editor):
    """Each stored ``masukan`` rewritten as ``canonical.canonical_json`` writes it (sorted keys,
    no spaces): jsonb and Django's JSONField kept their own spacing and key order."""
    connection = schema_editor.connection
    with connection.cursor() as reader:
        reader.execute("SELECT id, masukan FROM scoring_hasil ORDER BY id")
        while rows := reader.fetchmany(5000):
            changed = []
            for pk, text in rows:
                value = json.loads(text) if isinstance(text, str) else text
                fixed = json.dumps(value, sort_keys=True, separators=(",", ":"),
                                   ensure_ascii=False)  # fmt: skip
                if fixed != text:
                    changed.append((fixed, pk))
            if changed:
                with connection.cursor() as writer:
                    writer.executemany("UPDATE scoring_hasil SET masukan = %s WHERE id = %s",
                                       changed)  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0002_token_api"),
        ("scoring", "0002_unik_dengan_instansi"),
        ("skp", "0003_unik_dengan_instansi"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="hasil",
            name="diputuskan_oleh",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="hasil",
            name="instansi",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="org.instansi",
            ),
        ),
        migrations.AlterField(
            model_name="hasil",
            name="masukan",
            field=kinerja.scoring.models.CanonicalJSONField(verbose_name="masukan"),
        ),
        migrations.RunPython(canonical, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="hasil",
            name="periode",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="hasil",
                to="skp.periode",
            ),
        ),
        migrations.AddIndex(
            model_name="hasil",
            index=models.Index(
                condition=models.Q(("diputuskan_oleh__isnull", False)),
                fields=["diputuskan_oleh"],
                name="scoring_hasil_penilai_idx",
            ),
        ),
    ]
