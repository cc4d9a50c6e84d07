"""The demo follow-up: objection decided, awards, plans, a populated grid."""

from kinerja.followup import queries
from kinerja.followup.demo import build_followup
from kinerja.followup.models import Keberatan
from kinerja.skp.models import Periode
from tests.followup.conftest import make_team
from tests.skp.factories import PeriodeFactory


def test_build_followup_closes_the_period_and_fills_every_follow_up(personas, kepala):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2025,
                             status=Periode.Status.PELAKSANAAN)  # fmt: skip
    make_team(personas, periode, extra=3)
    counts = build_followup(personas.instansi)
    periode.refresh_from_db()
    assert periode.ditutup
    assert counts["keberatan"] == 1 and counts["penghargaan"] >= 1 and counts["potensi"] == 5
    k = Keberatan.objects.get()
    assert k.putusan == "dikabulkan_sebagian" and k.catatan.count() == 2
    assert queries.talent_grid(periode).total == 5
    again = build_followup(personas.instansi)
    assert again["keberatan"] == 0 and again["rencana"] == 0  # nothing duplicated
