"""The HR period page: opening and moving a period, who is late, units rolled up, the cached
report, and its query count."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from kinerja.skp.models import Skp
from tests.factories import PegawaiFactory
from tests.skp.factories import rater_team


def test_hr_opens_and_moves_a_period(personas, login):
    client = login(personas.admin)
    response = client.post(
        reverse("skp_periode_list"),
        {"tahun": "2030", "skema": "permenpanrb-6-2022", "kadens": "semesteran"},
    )
    from kinerja.skp.models import Periode

    periode = Periode.objects.get(tahun=2030)
    assert response["Location"] == reverse("skp_periode", args=[periode.pk])
    assert periode.bagian.count() == 2
    client.post(
        reverse("skp_periode_update", args=[periode.pk, "tahap"]),
        {"ke": "pelaksanaan", "version": periode.version},
    )
    periode.refresh_from_db()
    assert periode.status == "pelaksanaan"


def test_pimpinan_reads_the_period_page_but_cannot_open_periods(personas, login, periode):
    client = login(personas.pimpinan)
    assert client.get(reverse("skp_periode", args=[periode.pk])).status_code == 200
    assert client.post(reverse("skp_periode_list"), {"tahun": "2031"}).status_code == 403


def test_hr_period_page_lists_who_is_late(personas, login, periode, atasan_skp):
    import datetime

    periode.tenggat_perencanaan = datetime.date(2026, 1, 31)
    periode.save()
    page = login(personas.admin).get(reverse("skp_periode", args=[periode.pk])).content.decode()
    assert "SKP belum disetujui setelah tenggat perencanaan: 2" in page
    assert "Siti Pegawai" in page


def test_hr_period_page_rolls_units_up_and_drills_down(personas, login, periode):
    from tests.factories import UnitFactory

    dinas = personas.pegawai_pegawai.unit
    bidang = UnitFactory(
        instansi=personas.instansi, induk=dinas, kode="DINKES.1", nama="Bidang Pelayanan"
    )
    seksi = UnitFactory(
        instansi=personas.instansi, induk=bidang, kode="DINKES.1.1", nama="Seksi Imunisasi"
    )
    for _ in range(3):
        PegawaiFactory(instansi=personas.instansi, unit=seksi, atasan=personas.atasan_pegawai)
    client = login(personas.admin)
    url = reverse("skp_periode", args=[periode.pk])
    page = client.get(f"{url}?unit={dinas.pk}").content.decode()
    assert "Bidang Pelayanan" in page and "Seksi Imunisasi" not in page
    assert "pegawai langsung" in page  # the three personas of Dinas Kesehatan itself
    deeper = client.get(f"{url}?unit={bidang.pk}").content.decode()
    assert "Seksi Imunisasi" in deeper and "Dinas Kesehatan</a> ›" in deeper
    from kinerja.skp.queries import period_report

    report = period_report(periode, today=periode.bagian.first().mulai, unit_id=dinas.pk)
    assert [(u.nama, u.pegawai) for u in report.units] == [
        ("Dinas Kesehatan", 3),
        ("Bidang Pelayanan", 3),
    ]


def test_hr_period_page_is_read_from_the_cache_until_the_data_moves(
    personas, login, periode, atasan_skp, django_assert_max_num_queries
):
    from kinerja.core import audit

    rater_team(personas, periode, atasan_skp, 3)
    client = login(personas.admin)
    url = reverse("skp_periode", args=[periode.pk])
    first = client.get(url).context["report"]
    with django_assert_max_num_queries(8):
        again = client.get(url).context["report"]
    assert again.total.disetujui == first.total.disetujui == 4
    skp = Skp.objects.filter(periode=periode).exclude(pk=atasan_skp.pk).first()
    Skp.objects.filter(pk=skp.pk).update(status=Skp.Status.DRAF, disetujui_pada=None)
    audit.record(personas.instansi, actor=personas.admin, action="skp.uji", obj=skp)
    moved = client.get(url).context["report"]  # the change is audited: the figures move
    assert moved.total.disetujui == 3
    PegawaiFactory(instansi=personas.instansi, unit=personas.pegawai_pegawai.unit)
    grown = client.get(url).context["report"]  # a row inserted without audit moves them too
    assert grown.total.pegawai == moved.total.pegawai + 1


@pytest.mark.parametrize("size", [3, 30])
def test_hr_period_page_runs_a_constant_number_of_queries(
    personas, login, periode, atasan_skp, size, django_assert_num_queries
):
    import datetime

    periode.tenggat_perencanaan = datetime.date(2026, 1, 31)
    periode.save()
    rater_team(personas, periode, atasan_skp, size)
    client = login(personas.admin)
    url = reverse("skp_periode", args=[periode.pk])
    client.get(url)
    cache.clear()  # the report itself is cached by data version: count the first reading
    # 14 (17 at first, 15 before the realisation summary): the page's own reads (the
    # period's last slice, to tell whether moving the stage now would be early; the data
    # version), the slices once, units, two plan counts and the staff on time per unit (the
    # late ones are the rest), one read of the realisation summary for the finished and the
    # current slice (SKPs that submitted, realisations per state), one query per late list
    # with rows (its first rows, from the first units that hold them) and, for the SKPs
    # waiting for their rater, one for the count and first ids (none wait here).
    with django_assert_num_queries(14):
        response = client.get(url)
    assert "Status SKP per unit" in response.content.decode()
