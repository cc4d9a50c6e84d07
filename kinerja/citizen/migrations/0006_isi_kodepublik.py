from django.db import migrations

# (jenis, model, column): the codes the directory holds.
SOURCES = (
    ('layanan', 'Layanan', 'kode_publik'),
    ('token', 'TokenSurvei', 'kode'),
    ('aduan', 'Aduan', 'kode_lacak'),
)
BATCH = 2000


def _shared_codes(apps) -> list[str]:
    """Codes held by two kinds at once. Each column is still unique on its own here; a
    code in two columns would break the directory's one unique key."""
    shared = []
    for index, (_jenis, model, column) in enumerate(SOURCES):
        for _other, other_model, other_column in SOURCES[index + 1:]:
            others = apps.get_model('citizen', other_model).objects.values(other_column)
            rows = apps.get_model('citizen', model).objects.filter(**{f'{column}__in': others})
            shared += rows.values_list(column, flat=True)[:20]
    return shared


def fill(apps, schema_editor):
    """One directory row for every code already issued, in batches."""
    shared = _shared_codes(apps)
    if shared:
        raise RuntimeError(
            'Kode berikut dipakai oleh dua jenis sekaligus (layanan, struk, aduan); ubah salah '
            f'satunya sebelum migrasi: {", ".join(sorted(shared))}'
        )
    KodePublik = apps.get_model('citizen', 'KodePublik')
    for jenis, model, column in SOURCES:
        codes = (
            apps.get_model('citizen', model).objects.order_by('pk')
            .values_list(column, 'instansi_id').iterator(chunk_size=BATCH)
        )
        batch = []
        for kode, instansi_id in codes:
            batch.append(KodePublik(kode=kode, jenis=jenis, instansi_id=instansi_id))
            if len(batch) == BATCH:
                KodePublik.objects.bulk_create(batch)
                batch = []
        KodePublik.objects.bulk_create(batch)


def empty(apps, schema_editor):
    apps.get_model('citizen', 'KodePublik').objects.all().delete()


class Migration(migrations.Migration):
    """Fill the directory from the services, receipt codes and complaints already there."""

    dependencies = [('citizen', '0005_kodepublik')]

    operations = [migrations.RunPython(fill, empty)]
