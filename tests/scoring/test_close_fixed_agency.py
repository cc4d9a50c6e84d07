"""The stored results of a closed period do not move: a fixed generated agency (seeded
demo data, row ids from 1) closed today gives the combined hash it gave before the scoring
core was reorganised (issue 24), under either scheme. A change that alters any result's
inputs, their canonical text or the rule version written into them fails here; one that means
to must say so in the changelog and update the literal."""

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
    ("permenpanrb-6-2022", "postgresql"): (
        "9714d5f63022f8d136f7ff8eb58a9727a80b06552337dc255436b2a8f305c8d5"
    ),
    ("permenpanrb-6-2022", "sqlite"): (
        "0e0ae21da773512a84f89aab6d2d76b019ed49b7cf0234e37a6dbda8d9e915c0"
    ),
    # The same year scored under PP 46/2011: the year only (no slice results).
    ("pp-46-2011", "postgresql"): (
        "e9ec9cddc8b8cc3ac6205c5c4a895f74209c51379f09549e9bc9607bfaa6d88d"
    ),
    ("pp-46-2011", "sqlite"): "e9ec9cddc8b8cc3ac6205c5c4a895f74209c51379f09549e9bc9607bfaa6d88d",
}


@pytest.mark.parametrize("skema", ["permenpanrb-6-2022", "pp-46-2011"])
@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_a_fixed_agency_closes_to_the_same_combined_hash(skema):
    instansi = build_agency(pegawai=60, seed=7, with_accounts=False).instansi
    year = build_skp_year(instansi, seed=7, today=date(2027, 1, 15), tahun=2026)
    Periode.objects.filter(pk=year.periode.pk).update(status=Periode.Status.PENILAIAN, skema=skema)
    periode = Periode.objects.get(pk=year.periode.pk)
    run = services.close_period(periode, by=None)
    assert run.jumlah_hasil == Hasil.objects.filter(periode=periode).count() > 50
    assert services.verify_period(periode) == []
    assert run.hash_gabungan == services.combined_hash(periode)
    assert run.hash_gabungan == COMBINED[skema, connection.vendor]
