"""Issue 19: period dates that make sense, stage moves before the deadline asked for, and
the year every per-period page shows by default (the one people work in)."""

from datetime import date

import pytest
from django.urls import reverse

from kinerja.core.models import AuditEntry
from kinerja.skp import services
from kinerja.skp.models import Periode
from kinerja.skp.queries import default_period
from tests.skp.factories import PeriodeFactory


def test_period_with_execution_deadline_in_another_year_is_refused(personas):
    with pytest.raises(services.DomainError) as caught:
        services.create_periode(
            personas.instansi, tahun=2027, by=personas.admin,
            tenggat_pelaksanaan=date(2026, 12, 31),
        )  # fmt: skip
    assert caught.value.kolom == "tenggat_pelaksanaan"
    assert "tahun 2027" in str(caught.value)
    assert not Periode.objects.filter(tahun=2027).exists()


def test_deadlines_must_come_in_order(personas):
    with pytest.raises(services.DomainError) as caught:
        services.create_periode(
            personas.instansi, tahun=2027, by=personas.admin,
            tenggat_perencanaan=date(2027, 2, 1), tenggat_pelaksanaan=date(2027, 12, 31),
            tenggat_penilaian=date(2027, 11, 30),
        )  # fmt: skip
    assert caught.value.kolom == "tenggat_penilaian"
    periode = services.create_periode(
        personas.instansi, tahun=2027, by=personas.admin, tenggat_perencanaan=date(2026, 11, 30),
        tenggat_pelaksanaan=date(2027, 12, 31), tenggat_penilaian=date(2028, 1, 31),
    )  # fmt: skip
    with pytest.raises(services.DomainError) as caught:
        services.set_tenggat(periode, by=personas.admin, version=periode.version,
                             tenggat_pelaksanaan=date(2026, 10, 1))  # fmt: skip
    assert caught.value.kolom == "tenggat_pelaksanaan"
    periode.refresh_from_db()
    assert periode.tenggat_pelaksanaan == date(2027, 12, 31)


def test_period_form_shows_the_error_beside_the_field_and_keeps_the_input(personas, login):
    client = login(personas.admin)
    response = client.post(reverse("skp_periode_list"), {
        "tahun": "2027", "skema": "permenpanrb-6-2022", "kadens": "semesteran",
        "tenggat_perencanaan": "2027-01-31", "tenggat_pelaksanaan": "2026-12-31",
    })  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="e-tenggat_pelaksanaan"' in html
    assert "Tenggat pelaksanaan harus di dalam tahun 2027" in html
    assert 'name="tenggat_pelaksanaan" value="2026-12-31"' in html
    assert 'name="tenggat_perencanaan" value="2027-01-31"' in html
    assert '<option value="semesteran" selected>' in html
    assert not Periode.objects.filter(tahun=2027).exists()


def test_moving_to_assessment_before_the_deadline_needs_a_reason_and_the_typed_name(personas):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026,
                             tenggat_pelaksanaan=date(2026, 12, 31))  # fmt: skip
    early_day = date(2026, 12, 6)
    with pytest.raises(services.DomainError) as caught:
        services.move_stage(periode, to="penilaian", by=personas.admin,
                            version=periode.version, today=early_day)  # fmt: skip
    assert caught.value.kolom == "alasan"
    assert "31 Desember 2026" in str(caught.value)
    with pytest.raises(services.DomainError) as caught:
        services.move_stage(periode, to="penilaian", by=personas.admin, version=periode.version,
                            alasan="Mutasi besar per 1 Januari", konfirmasi="periode 2026",
                            today=early_day)  # fmt: skip
    assert caught.value.kolom == "konfirmasi"
    assert Periode.objects.get(pk=periode.pk).status == "pelaksanaan"
    services.move_stage(periode, to="penilaian", by=personas.admin, version=periode.version,
                        alasan="Mutasi besar per 1 Januari", konfirmasi="Periode 2026",
                        today=early_day)  # fmt: skip
    entry = AuditEntry.objects.filter(action="periode.pindah_tahap").latest("pk")
    assert entry.after["alasan"] == "Mutasi besar per 1 Januari"
    assert "31 Desember 2026" in entry.after["lebih_awal"]


def test_moving_after_the_deadline_and_the_last_slice_needs_no_confirmation(personas):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026,
                             tenggat_pelaksanaan=date(2026, 12, 31))  # fmt: skip
    services.move_stage(periode, to="penilaian", by=personas.admin, version=periode.version,
                        today=date(2027, 1, 2))  # fmt: skip
    assert "lebih_awal" not in AuditEntry.objects.latest("pk").after


def test_early_stage_move_page_asks_and_keeps_what_was_typed(personas, login, monkeypatch):
    from kinerja.skp.views import tim

    monkeypatch.setattr(tim, "today", lambda: date(2026, 12, 6))
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026,
                             tenggat_pelaksanaan=date(2026, 12, 31))  # fmt: skip
    client = login(personas.admin)
    page = client.get(reverse("skp_periode", args=[periode.pk])).content.decode()
    assert "belum waktunya" in page and 'name="konfirmasi"' in page
    response = client.post(
        reverse("skp_periode_update", args=[periode.pk, "tahap"]),
        {"version": periode.version, "ke": "penilaian", "alasan": "Mutasi besar Januari",
         "konfirmasi": "2026"},
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="e-konfirmasi"' in html and "Mutasi besar Januari" in html
    assert Periode.objects.get(pk=periode.pk).status == "pelaksanaan"


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ({2026: "penilaian", 2027: "perencanaan"}, 2026),
        ({2025: "ditutup", 2026: "pelaksanaan", 2027: "perencanaan"}, 2026),
        ({2026: "penilaian", 2027: "pelaksanaan"}, 2026),
        ({2025: "ditutup", 2026: "ditutup", 2027: "perencanaan"}, 2026),
        ({2027: "perencanaan"}, 2027),
    ],
)
def test_default_period_is_the_one_people_work_in_never_merely_the_newest(
    personas, statuses, expected
):
    for tahun, status in statuses.items():
        PeriodeFactory(instansi=personas.instansi, tahun=tahun, status=status)
    assert default_period(personas.instansi).tahun == expected


@pytest.mark.parametrize("url_name", ["scoring_saya", "scoring_tim", "skp_tim", "followup_hasil"])
def test_next_year_in_planning_keeps_this_year_as_the_default_with_a_selector(
    personas, login, url_name
):
    PeriodeFactory(instansi=personas.instansi, tahun=2026, status="penilaian")
    PeriodeFactory(instansi=personas.instansi, tahun=2027, status="perencanaan")
    client = login(personas.atasan)
    html = client.get(reverse(url_name)).content.decode()
    assert "2026" in html.split("</h1>")[0]
    assert f'href="{reverse(url_name)}?periode=2027"' in html
    html = client.get(reverse(url_name) + "?periode=2027").content.decode()
    assert "2027" in html.split("</h1>")[0]
    # the navigation keeps the chosen year
    assert 'href="{}?periode=2027"'.format(reverse("scoring_saya")) in html


def test_dashboard_and_home_default_to_the_year_being_assessed(personas, login):
    PeriodeFactory(instansi=personas.instansi, tahun=2026, status="penilaian")
    PeriodeFactory(instansi=personas.instansi, tahun=2027, status="perencanaan")
    client = login(personas.admin)
    html = client.get(reverse("insight_dasbor")).content.decode()
    assert "2026" in html.split("</h1>")[0]
    # the other year is one click away (a link, not a form to fill and submit)
    assert f'href="{reverse("insight_dasbor")}?periode=2027"' in html
    html = client.get(reverse("insight_dasbor") + "?periode=2027").content.decode()
    assert "2027" in html.split("</h1>")[0]
    assert f'href="{reverse("insight_dasbor")}?periode=2026"' in html


def test_the_new_period_form_proposes_the_first_year_without_a_period(personas, login):
    from kinerja.skp.views.common import today

    client = login(personas.admin)
    year = today().year
    field = 'id="tahun" type="text" inputmode="numeric" name="tahun" value="{}"'
    assert field.format(year) in client.get(reverse("skp_periode_list")).content.decode()
    PeriodeFactory(instansi=personas.instansi, tahun=year)
    PeriodeFactory(instansi=personas.instansi, tahun=year + 1)
    # This year and the next are open (December): the form proposes the year after.
    assert field.format(year + 2) in client.get(reverse("skp_periode_list")).content.decode()
