"""The organisation pages: content by role and a constant number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PegawaiFactory, UnitFactory


def _grow(personas, n):
    unit = personas.pegawai_pegawai.unit
    for _ in range(n):
        PegawaiFactory(instansi=personas.instansi, unit=unit, atasan=personas.atasan_pegawai)
    for _ in range(n):
        UnitFactory(instansi=personas.instansi, induk=unit)


def test_the_tree_shows_units_with_their_head_counts(personas, login):
    response = login(personas.pegawai).get(reverse("org_tree"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dinas Kesehatan" in html and "3 pegawai" in html


def test_org_pages_issue_the_same_number_of_queries_for_more_rows(
    personas, login, django_assert_num_queries
):
    client = login(personas.admin)
    unit_url = reverse("unit_detail", args=[personas.pegawai_pegawai.unit_id])
    urls = {
        "tree": reverse("org_tree"),
        "unit": unit_url,
        "search": reverse("org_search") + "?q=Pegawai",
        "home": reverse("home"),
        "profile": reverse("pegawai_detail", args=[personas.atasan_pegawai.nip]),
    }
    before = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        before[name] = len(ctx.captured_queries)
    _grow(personas, 12)
    for name, url in urls.items():
        with django_assert_num_queries(before[name]):
            assert client.get(url).status_code == 200, name


def test_unit_page_links_only_the_profiles_the_viewer_may_open(personas, login):
    url = reverse("unit_detail", args=[personas.pegawai_pegawai.unit_id])
    html = login(personas.pegawai).get(url).content.decode()
    assert reverse("pegawai_detail", args=[personas.pegawai_pegawai.nip]) in html
    assert reverse("pegawai_detail", args=[personas.rekan_pegawai.nip]) not in html
    assert "Rina Rekan" in html


def test_search_by_nip_with_spaces_and_by_name(personas, login):
    client = login(personas.admin)
    by_nip = client.get(reverse("org_search"), {"q": personas.pegawai_pegawai.nip_tertulis[:13]})
    assert personas.pegawai_pegawai in by_nip.context["found"]
    by_name = client.get(reverse("org_search"), {"q": "siti"})
    assert by_name.context["found"] == [personas.pegawai_pegawai]


def test_htmx_search_returns_only_the_results_fragment(personas, login):
    response = login(personas.admin).get(
        reverse("org_search"), {"q": "siti"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Siti Pegawai" in html and "<html" not in html


def test_hr_changes_a_supervisor_from_the_profile_page(personas, login):
    client = login(personas.admin)
    pegawai = personas.pegawai_pegawai
    response = client.post(
        reverse("pegawai_set_atasan", args=[pegawai.nip]),
        {"nip_atasan": personas.rekan_pegawai.nip_tertulis, "version": pegawai.version},
        follow=True,
    )
    assert "Atasan langsung disimpan" in response.content.decode()
    pegawai.refresh_from_db()
    assert pegawai.atasan == personas.rekan_pegawai


def test_an_unknown_supervisor_nip_is_explained(personas, login):
    pegawai = personas.pegawai_pegawai
    response = login(personas.admin).post(
        reverse("pegawai_set_atasan", args=[pegawai.nip]),
        {"nip_atasan": "199001012015011001", "version": pegawai.version},
        follow=True,
    )
    assert "tidak ada di instansi ini" in response.content.decode()
    pegawai.refresh_from_db()
    assert pegawai.atasan == personas.atasan_pegawai
