"""Strong ETags and preconditions across the API (issue 22): every single-object GET of
something that can change answers a strong ETag derived from what it sends (304 with
If-None-Match); every change that takes If-Match compares strongly (a weak ETag is 412);
authorisation comes before the precondition (404 for what the caller may not see, 403 for
what they may not change, never 412); and a change that must name the version read answers
428 without it. All through one helper, kinerja.core.api_etag."""

import uuid
from datetime import UTC, datetime

import pytest
from django.test import Client

from kinerja.citizen.complaints import submit_complaint
from kinerja.org.models import Pegawai
from kinerja.scoring import services as scoring
from kinerja.scoring.models import Hasil
from kinerja.skp.models import Periode, Skp
from tests.scoring.conftest import simple_skp
from tests.skp.factories import PeriodeFactory, RhkFactory, SkpFactory, approved_skp


@pytest.fixture(autouse=True)
def _after_the_year(monkeypatch):
    from kinerja.scoring.services import decisions

    monkeypatch.setattr(decisions, "today_local", lambda: datetime(2027, 1, 15).date())


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client, url, body, **headers):
    return client.post(url, body, content_type="application/json", headers=headers)


@pytest.fixture
def skp(personas):
    """Siti's approved SKP of an open period (her rater: Budi)."""
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026)
    atasan_skp = SkpFactory(
        pegawai=personas.atasan_pegawai, periode=periode, status="disetujui", penilai=None,
        disetujui_pada=datetime(2026, 1, 15, tzinfo=UTC),
    )  # fmt: skip
    RhkFactory(skp=atasan_skp, uraian="Meningkatnya cakupan layanan kesehatan")
    return approved_skp(personas.pegawai_pegawai, periode, intervensi=atasan_skp.rhk.get())


@pytest.fixture
def hasil(personas):
    periode = PeriodeFactory(
        instansi=personas.instansi, tahun=2025, status=Periode.Status.PENILAIAN
    )
    simple_skp(personas.pegawai_pegawai, periode, real=(10, 10, 10, 14))
    scoring.compute_results(periode, by=personas.admin)
    return Hasil.objects.get(skp__pegawai=personas.pegawai_pegawai, bagian__isnull=True)


@pytest.fixture
def aduan(layanan):
    return submit_complaint(
        layanan.instansi, layanan=layanan, isi="Pelayanan lambat sekali.",
        ip_hash=uuid.uuid4().hex,
    )  # fmt: skip


def _is_strong(tag: str) -> bool:
    return tag.startswith('"') and tag.endswith('"') and len(tag) > 10


def test_every_single_object_get_answers_a_strong_etag_and_304_while_unchanged(
    personas, skp, hasil, aduan
):
    admin = _client(personas.admin)
    urls = [
        f"/api/v1/org/pegawai/{personas.pegawai_pegawai.nip}",
        f"/api/v1/skp/skp/{skp.pk}",
        f"/api/v1/scoring/hasil/{hasil.pk}",
        f"/api/v1/citizen/antrean-aduan/{aduan.kode_lacak}",
        f"/api/v1/citizen/aduan/{aduan.kode_lacak}",
    ]
    tags = {}
    for url in urls:
        first = admin.get(url)
        assert first.status_code == 200 and _is_strong(first["ETag"]), url
        again = admin.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304 and again.content == b"", url
        assert again["ETag"] == first["ETag"], url
        other = admin.get(url, headers={"If-None-Match": '"bukan-ini"'})
        assert other.status_code == 200, url
        garbled = admin.get(url, headers={"If-None-Match": "bukan etag"})
        assert garbled.status_code == 200 and garbled["ETag"] == first["ETag"], url
        tags[url] = first["ETag"]
    assert len(set(tags.values())) == len(urls)  # different objects, different tags


def test_another_agency_gets_404_for_every_single_object_get(personas, skp, hasil, aduan):
    outsider = _client(personas.outsider)
    for url in (
        f"/api/v1/org/pegawai/{personas.pegawai_pegawai.nip}",
        f"/api/v1/skp/skp/{skp.pk}",
        f"/api/v1/scoring/hasil/{hasil.pk}",
        f"/api/v1/citizen/antrean-aduan/{aduan.kode_lacak}",
    ):
        response = outsider.get(url)
        assert response.status_code == 404 and "ETag" not in response, url


def test_the_etag_follows_what_is_sent_not_only_the_version(personas, hasil):
    """A strong ETag changes whenever any byte of the answer would: the employee's name is
    in the result's answer, and renaming them changes its tag though its version stays."""
    client = _client(personas.atasan)
    url = f"/api/v1/scoring/hasil/{hasil.pk}"
    before = client.get(url)
    Pegawai.objects.filter(pk=personas.pegawai_pegawai.pk).update(nama="Siti Rahmawati")
    after = client.get(url, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert after.json()["version"] == before.json()["version"]
    stale = _post(client, f"{url}/keputusan", {"aksi": "konfirmasi"}, If_Match=before["ETag"])
    assert stale.status_code == 412
    assert Hasil.objects.get(pk=hasil.pk).status == Hasil.Status.MENUNGGU


# --- SKP transitions ----------------------------------------------------------------------


def test_skp_transition_compares_if_match_strongly(personas, skp):
    me = _client(personas.pegawai)
    url = f"/api/v1/skp/skp/{skp.pk}"
    tag = me.get(url)["ETag"]
    weak = _post(me, f"{url}/transisi", {"aksi": "revisi"}, If_Match=f"W/{tag}")
    assert weak.status_code == 412 and weak.json()["kode"] == "prasyarat_gagal"
    assert weak["Content-Type"] == "application/problem+json"
    assert Skp.objects.get(pk=skp.pk).status == Skp.Status.DISETUJUI
    done = _post(me, f"{url}/transisi", {"aksi": "revisi"}, If_Match=tag)
    assert done.status_code == 200 and done.json()["status"] == Skp.Status.DRAF
    assert done["ETag"] == me.get(url)["ETag"] != tag
    again = _post(me, f"{url}/transisi", {"aksi": "ajukan"}, If_Match=tag)
    assert again.status_code == 412
    assert Skp.objects.get(pk=skp.pk).status == Skp.Status.DRAF


def test_skp_transition_without_a_version_is_428(personas, skp):
    response = _post(_client(personas.pegawai), f"/api/v1/skp/skp/{skp.pk}/transisi",
                     {"aksi": "revisi"})  # fmt: skip
    assert response.status_code == 428 and response.json()["kode"] == "prasyarat_wajib"
    assert response["Content-Type"] == "application/problem+json"
    assert Skp.objects.get(pk=skp.pk).status == Skp.Status.DISETUJUI


def test_skp_transition_checks_who_before_the_precondition(personas, skp):
    url = f"/api/v1/skp/skp/{skp.pk}/transisi"
    stale = '"0000000000"'
    # the rater may read the SKP but not start its revision: 403, not 412
    rater = _post(_client(personas.atasan), url, {"aksi": "revisi"}, If_Match=stale)
    assert rater.status_code == 403 and rater.json()["kode"] == "ditolak"
    # a colleague and another agency may not even see it: 404, not 412
    for user in (personas.rekan, personas.outsider):
        response = _post(_client(user), url, {"aksi": "revisi"}, If_Match=stale)
        assert response.status_code == 404, user
    assert Skp.objects.get(pk=skp.pk).status == Skp.Status.DISETUJUI


# --- complaints ---------------------------------------------------------------------------


def test_moving_a_complaint_compares_if_match_strongly_after_authorisation(personas, aduan):
    admin = _client(personas.admin)
    url = f"/api/v1/citizen/antrean-aduan/{aduan.kode_lacak}"
    tag = admin.get(url)["ETag"]
    weak = _post(admin, f"{url}/status", {"ke": "diverifikasi"}, If_Match=f"W/{tag}")
    assert weak.status_code == 412 and "lemah" in weak.json()["detail"]
    for user in (personas.rekan, personas.outsider):  # may not see it: 404 whatever If-Match
        hidden = _post(_client(user), f"{url}/status", {"ke": "diverifikasi"}, If_Match='"0"')
        assert hidden.status_code == 404, user
    aduan.refresh_from_db()
    assert (aduan.status, aduan.version) == ("diterima", 1)
    moved = _post(admin, f"{url}/status", {"ke": "diverifikasi"}, If_Match=tag)
    assert moved.status_code == 200 and moved.json()["status"] == "diverifikasi"
    assert _post(admin, f"{url}/status", {"ke": "ditolak", "alasan": "Bukan kewenangan."},
                 If_Match=tag).status_code == 412  # fmt: skip


# --- results --------------------------------------------------------------------------------


def test_another_agency_with_a_stale_if_match_gets_404_not_412(personas, hasil):
    url = f"/api/v1/scoring/hasil/{hasil.pk}/keputusan"
    response = _post(_client(personas.outsider), url, {"aksi": "konfirmasi"}, If_Match='"0"')
    assert response.status_code == 404
    weak = _post(_client(personas.atasan), url, {"aksi": "konfirmasi"},
                 If_Match="W/" + _client(personas.atasan).get(url[:-10])["ETag"])  # fmt: skip
    assert weak.status_code == 412
    assert Hasil.objects.get(pk=hasil.pk).status == Hasil.Status.MENUNGGU
