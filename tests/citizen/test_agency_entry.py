"""The public entry page of an agency and the complaint form it leads to."""

from django.urls import reverse

from kinerja.citizen.models import Aduan
from tests.citizen.conftest import make_layanan
from tests.factories import UnitFactory
from tests.jobs import job_file


def test_entry_page_lists_the_active_services_with_survey_and_complaint_links(
    client, personas, layanan
):
    closed = make_layanan(personas.instansi, layanan.unit, kode="lama", nama="Loket lama")
    closed.aktif = False
    closed.save()
    elsewhere = make_layanan(personas.outsider_pegawai.instansi, UnitFactory(
        instansi=personas.outsider_pegawai.instansi), kode="kir", nama="Uji KIR Lain")  # fmt: skip
    response = client.get(reverse("citizen_agency_entry", args=["kota"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert personas.instansi.nama in html and layanan.nama in html
    assert reverse("citizen_survey", args=[layanan.kode_publik]) in html
    assert f"{reverse('citizen_complaint_new')}?layanan={layanan.kode_publik}" in html
    assert f"{reverse('citizen_complaint_new')}?instansi=kota" in html
    assert reverse("citizen_complaint_track") in html
    assert closed.nama not in html and elsewhere.nama not in html


def test_entry_page_answers_to_the_code_in_any_case(client, personas):
    assert client.get(reverse("citizen_agency_entry", args=["KOTA"])).status_code == 200


def test_an_unknown_agency_is_not_found(client, db):
    assert client.get(reverse("citizen_agency_entry", args=["tidak-ada"])).status_code == 404


def test_entry_page_uses_a_constant_number_of_queries(
    client, personas, layanan, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("citizen_agency_entry", args=["kota"])
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for n in range(4):
        make_layanan(personas.instansi, UnitFactory(instansi=personas.instansi), kode=f"x{n}")
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)


def test_complaint_form_from_the_entry_page_offers_only_that_agencys_services(
    client, personas, layanan
):
    other = make_layanan(personas.outsider_pegawai.instansi, UnitFactory(
        instansi=personas.outsider_pegawai.instansi), kode="kir", nama="Uji KIR Lain")  # fmt: skip
    url = reverse("citizen_complaint_new") + "?instansi=kota"
    html = client.get(url).content.decode()
    assert layanan.nama in html and other.nama not in html
    refused = client.post(url, {"layanan": other.kode_publik, "isi": "Antrean tidak tertib."})
    assert refused.status_code == 400
    assert "Pilih salah satu layanan Pemerintah Kota Uji" in refused.content.decode()
    assert not Aduan.objects.exists()
    accepted = client.post(url, {"layanan": layanan.kode_publik, "isi": "Antrean tidak tertib."})
    assert accepted.status_code == 302
    assert Aduan.objects.get().instansi == personas.instansi


def test_staff_services_page_shows_the_entry_address_to_print(personas, login, settings):
    settings.KINERJA_PUBLIC_URL = "https://layanan.kota.go.id"
    html = login(personas.admin).get(reverse("citizen_services")).content.decode()
    assert "https://layanan.kota.go.id/publik/kota/" in html


def test_qr_sheet_starts_with_the_entry_card(personas, login, layanan, settings):
    from kinerja.citizen import qr

    settings.KINERJA_PUBLIC_URL = "https://layanan.kota.go.id"
    found = qr.cards([layanan], instansi=personas.instansi)
    assert found[0]["url"] == "https://layanan.kota.go.id/publik/kota/"
    assert [c["url"] for c in found[1:]] == [
        "https://layanan.kota.go.id/layanan/s/kota-ktp/",
        f"https://layanan.kota.go.id/layanan/s/kota-ktp/{layanan.penugasan.get().kode_qr}/",
    ]
    assert job_file(login(personas.admin), reverse("citizen_qr_sheet")).startswith(b"%PDF")


def test_an_empty_complaint_says_which_field_to_fill(client, personas, layanan):
    response = client.post(reverse("citizen_complaint_new") + "?instansi=kota", {"isi": "Pendek"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Pilih layanan yang Anda adukan dari daftar." in html
    assert "minimal 10 karakter; tertulis 6" in html and "Pendek</textarea>" in html
