"""With DEBUG off (production and `make demo`), errors show Kinerja's own Indonesian pages,
never Django's debug or default pages."""

import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False


def test_an_unknown_address_shows_our_404_page(client, db):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    assert [t.name for t in response.templates][0] == "404.html"
    body = response.content.decode()
    assert "Halaman atau data yang Anda cari tidak ada" in body and 'lang="id"' in body
    assert "Page not found" not in body and "URLconf" not in body


def test_a_page_outside_ones_role_shows_our_403_page(personas, login):
    response = login(personas.pegawai).get("/audit/")
    assert response.status_code == 403
    assert [t.name for t in response.templates][0] == "403.html"
    body = response.content.decode()
    assert "Tidak diizinkan" in body and "Halaman ini tidak tersedia untuk peran Anda." in body
    assert "403 Forbidden" not in body


def test_a_failing_view_shows_our_500_page(settings, db):
    settings.ROOT_URLCONF = "tests.core.error_urls"
    response = Client(raise_request_exception=False).get("/uji-galat/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Terjadi kesalahan" in body and "Kesalahan ini sudah tercatat" in body
    assert "Server Error (500)" not in body and "kegagalan uji" not in body
