"""The stored results of a closed period do not move: a fixed generated agency (seeded
demo data, row ids from 1) closed today gives the combined hash it gave before the scoring
core was reorganised (issue 24). A change that alters any result's inputs, their canonical
text or the rule version written into them fails here; one that means to must say so in the
changelog and update the literal."""

from datetime import date

import pytest
from django.db import connection

from kinerja.demo.generator import build_agency
from kinerja.scoring import services
from kinerja.scoring.models import Hasil
from kinerja.skp.demo import build_skp_year
from kinerja.skp.models import Periode

COMBINED = {
    # The year sorts after its slices on PostgreSQL (NULL last), before them on SQLite.
    "postgresql": "9714d5f63022f8d136f7ff8eb58a9727a80b06552337dc255436b2a8f305c8d5",
    "sqlite": "0e0ae21da773512a84f89aab6d2d76b019ed49b7cf0234e37a6dbda8d9e915c0",
}


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_a_fixed_agency_closes_to_the_same_combined_hash():
    instansi = build_agency(pegawai=60, seed=7, with_accounts=False).instansi
    year = build_skp_year(instansi, seed=7, today=date(2027, 1, 15), tahun=2026)
    Periode.objects.filter(pk=year.periode.pk).update(status=Periode.Status.PENILAIAN)
    periode = Periode.objects.get(pk=year.periode.pk)
    run = services.close_period(periode, by=None)
    assert run.jumlah_hasil == Hasil.objects.filter(periode=periode).count() > 200
    assert services.verify_period(periode) == []
    assert run.hash_gabungan == services.combined_hash(periode)
    assert run.hash_gabungan == COMBINED[connection.vendor]
