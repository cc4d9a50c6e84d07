"""The distribution curve draws actual against allowed for each scope (the agency and each
unit), beside a table of the same figures; the old page had no picture."""

from django.urls import reverse

from kinerja.scoring import services
from tests.factories import PegawaiFactory
from tests.scoring.conftest import A, S, simple_skp


def test_each_scope_has_a_chart_of_actual_against_allowed_with_its_table(personas, login, periode):
    unit = personas.pegawai_pegawai.unit
    for _ in range(10):
        person = PegawaiFactory(instansi=personas.instansi, unit=unit,
                                atasan=personas.atasan_pegawai)  # fmt: skip
        simple_skp(person, periode, real=(11, 11, 11, 11), perilaku=(A,) * 4 + (S,) * 3)
    services.compute_results(periode, by=personas.admin)  # everyone Sangat Baik
    services.set_org_predikat(periode, by=personas.pimpinan, predikat="istimewa")
    html = login(personas.admin).get(reverse("scoring_kurva") + "?periode=2026").content.decode()
    charts = html.split("<svg")[1:]
    assert len(charts) == 2  # the agency and the unit
    assert unit.nama in charts[1]
    first = charts[0].split("</svg>")[0]
    assert "Ada: 10" in first.replace("≤ 70% Sangat Baik · ", "")
    assert "Batas: 7" in first.replace("≤ 70% Sangat Baik · ", "")
    assert '<td data-label="Batas">7</td><td data-label="Ada">10</td>' in html
