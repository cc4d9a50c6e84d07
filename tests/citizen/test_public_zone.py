"""A complaint's public status page prints its times in the agency's zone, with the label."""

from zoneinfo import ZoneInfo

from django.urls import reverse

from kinerja.citizen.models import Aduan
from kinerja.org.models import Instansi


def test_status_page_shows_times_in_the_agencys_zone(client, layanan):
    Instansi.objects.filter(pk=layanan.instansi_id).update(zona_waktu="Asia/Jayapura")
    response = client.post(
        reverse("citizen_complaint_new"),
        {"layanan": layanan.kode_publik, "isi": "Antrean terlalu lama sekali."},
    )
    assert response.status_code == 302
    aduan = Aduan.objects.get()
    page = client.get(response["Location"]).text
    local = aduan.diterima_pada.astimezone(ZoneInfo("Asia/Jayapura"))
    assert f"{local:%H}.{local:%M} WIT</dd>" in page
