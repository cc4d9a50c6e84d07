"""Issue 22: a client generated from the published schema by a tool nobody here wrote
(openapi-python-client) works against the API as an integrator would use it.

The client is generated at test time from ``api.get_openapi_schema()`` into a temporary
directory and imported from there; its requests go through httpx's WSGI transport into
Django's WSGI handler (no network). With a service account's token it lists employees page by
page with ``updated_since``, following the cursor; it posts a survey answer; it moves a
complaint with If-Match (the ETag its GET answered) and reads the 412 problem+json a stale
ETag gets.
"""

import importlib
import json
import subprocess
import sys
from datetime import timedelta

import httpx
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone

from kinerja.api.api import api
from kinerja.citizen.models import Aduan, JawabanSurvei, Layanan
from kinerja.org.layanan import create_account
from kinerja.org.layanan import create_token as create_service_token
from kinerja.org.models import Pegawai
from kinerja.org.tokens import create_token

pytestmark = pytest.mark.django_db

CONFIG = "literal_enums: true\nproject_name_override: kinerja-klien\npackage_name_override: kinerja_klien\npost_hooks: []\n"  # noqa: E501


@pytest.fixture(scope="module")
def klien(tmp_path_factory):
    """The generated package ``kinerja_klien``, imported from where the generator wrote it."""
    where = tmp_path_factory.mktemp("klien")
    (where / "openapi.json").write_text(json.dumps(api.get_openapi_schema()))
    (where / "config.yml").write_text(CONFIG)
    done = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate",
         "--path", str(where / "openapi.json"), "--output-path", str(where / "out"),
         "--config", str(where / "config.yml")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert (where / "out" / "kinerja_klien" / "client.py").exists(), done.stdout + done.stderr
    sys.path.insert(0, str(where / "out"))
    try:
        yield importlib.import_module("kinerja_klien")
    finally:
        sys.path.remove(str(where / "out"))
        for name in [m for m in sys.modules if m.startswith("kinerja_klien")]:
            del sys.modules[name]


def _wsgi():
    """Django's WSGI handler whose request signals leave the test's connection open (as
    Django's test client does)."""
    handler = WSGIHandler()

    def app(environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = handler(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return app


def _httpx_args():
    return {"transport": httpx.WSGITransport(app=_wsgi())}


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    from kinerja.demo.generator import build_agency, demo_logins
    from kinerja.demo.populate import populate
    from kinerja.org.models import User

    with django_capture_on_commit_callbacks(execute=True):
        demo = build_agency(pegawai=60, seed=3, kode="KLIEN").instansi
        populate(demo, seed=3)
    logins = {x.peran: x.username for x in demo_logins(demo)}
    admin = User.objects.get(username=logins["Admin kepegawaian (BKPSDM)"])
    return demo, admin


def test_a_generated_client_syncs_posts_updates_and_reads_errors(klien, world):
    from kinerja_klien import AuthenticatedClient, Client
    from kinerja_klien.api.ikm_dan_antrean_aduan import baca_aduan_dalam, pindah_aduan
    from kinerja_klien.api.organisasi import daftar_pegawai
    from kinerja_klien.api.survei_dan_aduan_publik import kirim_survei
    from kinerja_klien.models import Galat, PindahIn, SurveiIn

    demo, admin = world
    account = create_account(admin, nama="SIMPEG daerah")
    _, secret = create_service_token(account, by=admin, nama="sinkron", cakupan=["baca"])
    base = "http://testserver"
    service = AuthenticatedClient(base_url=base, token=secret, httpx_args=_httpx_args())

    # 1. incremental sync: everything changed since yesterday, page by page along the cursor
    since = timezone.now() - timedelta(days=1)
    expected = Pegawai.objects.filter(instansi=demo, aktif=True, diubah__gt=since).count()
    assert expected > 20
    seen, pages, kursor = [], 0, None
    while True:
        answer = daftar_pegawai.sync_detailed(
            client=service, updated_since=since, page_size=10,
            **({"kursor": kursor} if kursor else {}),
        )  # fmt: skip
        assert answer.status_code == 200, answer.content
        page = answer.parsed
        pages += 1
        seen += [item.nip for item in page.items]
        if not page.next_:
            break
        kursor = httpx.URL(page.next_).params["kursor"]
    assert pages >= 3
    assert len(seen) == len(set(seen)) == expected

    # 2. a survey answer, as a citizen's kiosk posts it (no token)
    layanan = Layanan.objects.filter(instansi=demo, aktif=True).first()
    before = JawabanSurvei.objects.filter(layanan=layanan).count()
    public = Client(base_url=base, httpx_args=_httpx_args())
    answers = {f"u{i}": 3 for i in range(1, 10)}
    posted = kirim_survei.sync_detailed(
        layanan.kode_publik, client=public, body=SurveiIn(**answers)
    )
    assert posted.status_code == 201, posted.content
    assert JawabanSurvei.objects.filter(layanan=layanan).count() == before + 1

    # 3. an update with If-Match: the ETag the GET answered, then that ETag again (now stale)
    _, personal = create_token(admin, nama="klien")
    hr = AuthenticatedClient(base_url=base, token=personal, httpx_args=_httpx_args())
    aduan = Aduan.objects.filter(instansi=demo, status="diterima").first()
    assert aduan is not None
    read = baca_aduan_dalam.sync_detailed(aduan.kode_lacak, client=hr)
    assert read.status_code == 200
    etag = read.headers["ETag"]
    assert etag.startswith('"')  # strong
    moved = pindah_aduan.sync_detailed(
        aduan.kode_lacak, client=hr, body=PindahIn(ke="diverifikasi"), if_match=etag
    )
    assert moved.status_code == 200, moved.content
    assert moved.parsed.status == "diverifikasi"
    aduan.refresh_from_db()
    assert aduan.status == "diverifikasi"

    # 4. the error shape: the same ETag is stale now -> 412 problem+json, nothing changed
    again = pindah_aduan.sync_detailed(
        aduan.kode_lacak, client=hr, body=PindahIn(ke="ditolak", alasan="uji"), if_match=etag
    )
    assert again.status_code == 412
    assert again.headers["Content-Type"].startswith("application/problem+json")
    assert isinstance(again.parsed, Galat)
    assert again.parsed.status == 412
    assert again.parsed.kode == "prasyarat_gagal"
    assert "diubah" in again.parsed.detail
    aduan.refresh_from_db()
    assert aduan.status == "diverifikasi"
