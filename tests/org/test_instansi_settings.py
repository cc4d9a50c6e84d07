"""HR's agency settings page and times shown in the agency's zone."""

from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kinerja.core.audit import record
from kinerja.core.models import AuditEntry
from kinerja.org import zona
from kinerja.org.models import Instansi

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
URL = "/org/instansi/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def post(client, instansi, **changes):
    data = {"nama": instansi.nama, "zona_waktu": instansi.zona_waktu, "tempat": instansi.tempat}
    data.update(changes)
    return client.post(URL, data)


def test_only_the_agencys_hr_admin_opens_the_settings(personas, login):
    for user in (personas.pegawai, personas.pimpinan, personas.auditor):
        assert login(user).get(URL).status_code == 403
    response = login(personas.admin).get(URL)
    assert response.status_code == 200 and personas.instansi.nama in response.text


def test_hr_changes_name_zone_and_place_audited(personas, login):
    client = login(personas.admin)
    response = post(client, personas.instansi, nama="Pemkot Uji", zona_waktu="Asia/Jayapura",
                    tempat="Kota Uji")  # fmt: skip
    assert response.status_code == 302
    instansi = Instansi.objects.get(pk=personas.instansi.pk)
    assert (instansi.nama, instansi.zona_label, instansi.tempat) == (
        "Pemkot Uji",
        "WIT",
        "Kota Uji",
    )
    entry = AuditEntry.objects.get(action="instansi.ubah")
    assert entry.before["zona_waktu"] == "Asia/Jakarta"
    assert entry.after == {
        "nama": "Pemkot Uji",
        "zona_waktu": "Asia/Jayapura",
        "tempat": "Kota Uji",
    }
    assert client.session[zona.SESSION_KEY][0] == "Asia/Jayapura"


def test_saving_unchanged_values_writes_no_audit_entry(personas, login):
    response = post(login(personas.admin), personas.instansi)
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action="instansi.ubah").exists()


def test_bad_values_are_refused_beside_their_fields_and_nothing_changes(personas, login):
    client = login(personas.admin)
    bad = SimpleUploadedFile("logo.exe", b"MZ" + b"\x00" * 30)
    response = client.post(
        URL, {"nama": "", "zona_waktu": "Asia/Tokyo", "tempat": "Kota Uji", "logo": bad}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"nama", "zona_waktu", "logo"}
    assert 'value="Kota Uji"' in response.text
    instansi = Instansi.objects.get(pk=personas.instansi.pk)
    assert instansi.nama == personas.instansi.nama and not instansi.logo
    assert not AuditEntry.objects.exists()


def test_logo_upload_is_shown_to_the_agency_and_can_be_removed(personas, login):
    client = login(personas.admin)
    logo = SimpleUploadedFile("lambang.png", PNG, content_type="image/png")
    assert post(client, personas.instansi, logo=logo).status_code == 302
    instansi = Instansi.objects.get(pk=personas.instansi.pk)
    assert instansi.logo.name.endswith(".png")
    page = client.get(URL)
    assert reverse("org_instansi_logo") in page.text
    served = login(personas.pegawai).get(reverse("org_instansi_logo"))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert "default-src 'none'" in served["Content-Security-Policy"]
    assert b"".join(served.streaming_content) == PNG
    assert login(personas.outsider).get(reverse("org_instansi_logo")).status_code == 404
    client = login(personas.admin)
    assert post(client, instansi, hapus_logo="on").status_code == 302
    assert not Instansi.objects.get(pk=instansi.pk).logo


# --- times in the agency's zone ------------------------------------------------------------


def render_waktu(value, detail=""):
    arg = f':"{detail}"' if detail else ""
    return Template("{% load zona %}{{ value|waktu" + arg + " }}").render(Context({"value": value}))


def test_waktu_prints_the_time_in_the_active_zone_with_its_label():
    moment = datetime(2026, 12, 6, 6, 5, 9, tzinfo=UTC)
    with timezone.override("Asia/Makassar"):
        assert render_waktu(moment) == "6 Des 2026 14.05 WITA"
        assert render_waktu(moment, "detik") == "6 Des 2026 14.05.09 WITA"
    with timezone.override("Asia/Jayapura"):
        assert render_waktu(moment) == "6 Des 2026 15.05 WIT"
    assert render_waktu(moment) == "6 Des 2026 13.05 WIB"
    assert render_waktu(None) == ""


def test_pages_show_times_in_the_users_agency_zone(personas, login):
    Instansi.objects.filter(pk=personas.instansi.pk).update(zona_waktu="Asia/Makassar")
    personas.instansi.refresh_from_db()
    record(personas.instansi, actor=personas.admin, action="uji.zona", object_repr="uji")
    entry = AuditEntry.objects.get(action="uji.zona")
    client = login(personas.admin)  # the zone is read at login and kept in the session
    response = client.get("/audit/")
    with timezone.override("Asia/Makassar"):
        label = render_waktu(entry.at, "detik")
    assert label.endswith(" WITA") and label in response.text


def test_a_zone_change_reaches_other_sessions_after_the_refresh(personas, login, monkeypatch):
    client = login(personas.pegawai)
    assert client.session[zona.SESSION_KEY][0] == "Asia/Jakarta"
    Instansi.objects.filter(pk=personas.instansi.pk).update(zona_waktu="Asia/Jayapura")
    client.get("/")
    assert client.session[zona.SESSION_KEY][0] == "Asia/Jakarta"
    later = zona.time.time() + zona.REFRESH_SECONDS + 1
    monkeypatch.setattr(zona.time, "time", lambda: later)
    client.get("/")
    assert client.session[zona.SESSION_KEY][0] == "Asia/Jayapura"


def test_the_zone_costs_no_query_per_request_once_known(personas, login):
    client = login(personas.admin)
    client.get("/audit/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/audit/")
    assert not [q for q in queries.captured_queries if "org_instansi" in q["sql"]]
