"""The IKM trend is a line per service and per officer, drawn beside its table (the old
page was a table of near-identical tiny bars)."""

from datetime import timedelta

from django.utils import timezone

from kinerja.citizen.models import PetugasLayanan
from tests.citizen.conftest import add_answers, make_layanan


def test_the_trend_of_one_service_is_a_line_against_the_agency(personas, layanan, login):
    other = make_layanan(personas.instansi, layanan.unit, kode="sim", nama="Loket SIM")
    now = timezone.now()
    add_answers(layanan, [[4] * 9], diterima_pada=now)
    add_answers(layanan, [[2] * 9] * 2, diterima_pada=now - timedelta(days=40))
    add_answers(other, [[3] * 9], diterima_pada=now)
    html = login(personas.admin).get(f"/layanan/tren/?layanan={layanan.pk}").content.decode()
    chart = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert chart.count("<polyline") == 2  # the service and the agency
    assert layanan.nama in chart and "Seluruh instansi" in chart
    assert "<meter" not in html
    table = html.split("<tbody>", 1)[1]
    assert table.count("<tr>") == 2


def test_the_trend_of_one_officer(personas, layanan, login):
    officer = personas.rekan_pegawai
    PetugasLayanan.objects.create(instansi=personas.instansi, layanan=layanan, pegawai=officer,
                                  kode="r1")  # fmt: skip
    now = timezone.now()
    add_answers(layanan, [[4] * 9], diterima_pada=now, petugas=officer)
    add_answers(layanan, [[1] * 9] * 3, diterima_pada=now)
    response = login(personas.admin).get(f"/layanan/tren/?petugas={officer.pk}")
    html = response.content.decode()
    assert f"petugas {officer.nama}" in html
    assert response.context["rows"][0].responden == 1
    assert response.context["rows"][0].hasil.nilai == 100
