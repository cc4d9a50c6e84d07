import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The directory of citizen-facing codes (code → agency), empty; 0006 fills it."""

    dependencies = [
        ('citizen', '0004_unik_dengan_instansi'),
        ('org', '0002_token_api'),
    ]

    operations = [
        migrations.CreateModel(
            name='KodePublik',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kode', models.CharField(max_length=64, verbose_name='kode')),
                ('jenis', models.CharField(choices=[('layanan', 'Kode publik layanan'), ('token', 'Kode struk survei'), ('aduan', 'Kode lacak aduan')], max_length=7, verbose_name='jenis')),
                ('instansi', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='org.instansi')),
            ],
            options={
                'verbose_name': 'kode publik',
                'verbose_name_plural': 'direktori kode publik',
                'constraints': [models.UniqueConstraint(fields=('kode',), name='citizen_kodepublik_kode_unik')],
            },
        ),
    ]
