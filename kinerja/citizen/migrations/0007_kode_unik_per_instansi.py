from django.db import migrations, models


class Migration(migrations.Migration):
    """The three citizen codes become unique per agency; the directory (0005, 0006) keeps
    them unique across agencies. The new constraint comes before the old one goes, so the
    codes are never without one."""

    dependencies = [('citizen', '0006_isi_kodepublik')]

    operations = [
        migrations.AddConstraint(
            model_name='layanan',
            constraint=models.UniqueConstraint(fields=('instansi', 'kode_publik'), name='citizen_layanan_kode_publik_unik'),
        ),
        migrations.AddConstraint(
            model_name='tokensurvei',
            constraint=models.UniqueConstraint(fields=('instansi', 'kode'), name='citizen_tokensurvei_kode_unik'),
        ),
        migrations.AddConstraint(
            model_name='aduan',
            constraint=models.UniqueConstraint(fields=('instansi', 'kode_lacak'), name='citizen_aduan_kode_lacak_unik'),
        ),
        migrations.AlterField(
            model_name='layanan',
            name='kode_publik',
            field=models.SlugField(help_text='Bagian alamat survei /layanan/s/<kode publik>/, unik di seluruh sistem.', max_length=64, verbose_name='kode publik'),
        ),
        migrations.AlterField(
            model_name='tokensurvei',
            name='kode',
            field=models.CharField(max_length=16, verbose_name='kode struk'),
        ),
        migrations.AlterField(
            model_name='aduan',
            name='kode_lacak',
            field=models.CharField(max_length=16, verbose_name='kode lacak'),
        ),
    ]
