"""Strong ETags and preconditions across the API (issue 22): every single-object GET of
something that can change answers a strong ETag derived from what it sends (304 with
If-None-Match); every change that takes If-Match compares strongly (a weak ETag is 412);
authorisation comes before the precondition (404 for what the caller may not see, 403 for
what they may not change, never 412); and a change that must name the version read answers
428 without it. All through one helper, kinerja.core.api_etag."""

import uuid

import pytest

from kinerja.citizen.complaints import submit_complaint
from kinerja.org.models import Pegawai
from kinerja.scoring import services as scoring
from kinerja.scoring.models import Hasil
from kinerja.skp.models import Periode, Skp
from tests.factories import logged_in, post_json
from tests.scoring.conftest import simple_skp
from tests.skp.factories import PeriodeFactory

pytestmark = pytest.mark.usefixtures("after_the_year")


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
    personas, skp_disetujui, hasil, aduan
):
    admin = logged_in(personas.admin)
    urls = [
        f"/api/v1/org/pegawai/{personas.pegawai_pegawai.nip}",
        f"/api/v1/skp/skp/{skp_disetujui.pk}",
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


def test_another_agency_gets_404_for_every_single_object_get(personas, skp_disetujui, hasil, aduan):
    outsider = logged_in(personas.outsider)
    for url in (
        f"/api/v1/org/pegawai/{personas.pegawai_pegawai.nip}",
        f"/api/v1/skp/skp/{skp_disetujui.pk}",
        f"/api/v1/scoring/hasil/{hasil.pk}",
        f"/api/v1/citizen/antrean-aduan/{aduan.kode_lacak}",
    ):
        response = outsider.get(url)
        assert response.status_code == 404 and "ETag" not in response, url


def test_the_etag_follows_what_is_sent_not_only_the_version(personas, hasil):
    """A strong ETag changes whenever any byte of the answer would: the employee's name is
    in the result's answer, and renaming them changes its tag though its version stays."""
    client = logged_in(personas.atasan)
    url = f"/api/v1/scoring/hasil/{hasil.pk}"
    before = client.get(url)
    Pegawai.objects.filter(pk=personas.pegawai_pegawai.pk).update(nama="Siti Rahmawati")
    after = client.get(url, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert after.json()["version"] == before.json()["version"]
    stale = post_json(client, f"{url}/keputusan", {"aksi": "konfirmasi"}, If_Match=before["ETag"])
    assert stale.status_code == 412
    assert Hasil.objects.get(pk=hasil.pk).status == Hasil.Status.MENUNGGU


# --- SKP transitions ----------------------------------------------------------------------


def test_skp_transition_compares_if_match_strongly(personas, skp_disetujui):
    me = logged_in(personas.pegawai)
    url = f"/api/v1/skp/skp/{skp_disetujui.pk}"
    tag = me.get(url)["ETag"]
    weak = post_json(me, f"{url}/transisi", {"aksi": "revisi"}, If_Match=f"W/{tag}")
    assert weak.status_code == 412 and weak.json()["kode"] == "prasyarat_gagal"
    assert weak["Content-Type"] == "application/problem+json"
    assert Skp.objects.get(pk=skp_disetujui.pk).status == Skp.Status.DISETUJUI
    done = post_json(me, f"{url}/transisi", {"aksi": "revisi"}, If_Match=tag)
    assert done.status_code == 200 and done.json()["status"] == Skp.Status.DRAF
    assert done["ETag"] == me.get(url)["ETag"] != tag
    again = post_json(me, f"{url}/transisi", {"aksi": "ajukan"}, If_Match=tag)
    assert again.status_code == 412
    assert Skp.objects.get(pk=skp_disetujui.pk).status == Skp.Status.DRAF


def test_skp_transition_without_a_version_is_428(personas, skp_disetujui):
    url = f"/api/v1/skp/skp/{skp_disetujui.pk}/transisi"
    response = post_json(logged_in(personas.pegawai), url, {"aksi": "revisi"})
    assert response.status_code == 428 and response.json()["kode"] == "prasyarat_wajib"
    assert response["Content-Type"] == "application/problem+json"
    assert Skp.objects.get(pk=skp_disetujui.pk).status == Skp.Status.DISETUJUI


def test_skp_transition_checks_who_before_the_precondition(personas, skp_disetujui):
    url = f"/api/v1/skp/skp/{skp_disetujui.pk}/transisi"
    stale = '"0000000000"'
    # the rater may read the SKP but not start its revision: 403, not 412
    rater = post_json(logged_in(personas.atasan), url, {"aksi": "revisi"}, If_Match=stale)
    assert rater.status_code == 403 and rater.json()["kode"] == "ditolak"
    # a colleague and another agency may not even see it: 404, not 412
    for user in (personas.rekan, personas.outsider):
        response = post_json(logged_in(user), url, {"aksi": "revisi"}, If_Match=stale)
        assert response.status_code == 404, user
    assert Skp.objects.get(pk=skp_disetujui.pk).status == Skp.Status.DISETUJUI


# --- complaints ---------------------------------------------------------------------------


def test_moving_a_complaint_compares_if_match_strongly_after_authorisation(personas, aduan):
    admin = logged_in(personas.admin)
    url = f"/api/v1/citizen/antrean-aduan/{aduan.kode_lacak}"
    tag = admin.get(url)["ETag"]
    weak = post_json(admin, f"{url}/status", {"ke": "diverifikasi"}, If_Match=f"W/{tag}")
    assert weak.status_code == 412 and "lemah" in weak.json()["detail"]
    for user in (personas.rekan, personas.outsider):  # may not see it: 404 whatever If-Match
        hidden = post_json(logged_in(user), f"{url}/status", {"ke": "diverifikasi"}, If_Match='"0"')
        assert hidden.status_code == 404, user
    aduan.refresh_from_db()
    assert (aduan.status, aduan.version) == ("diterima", 1)
    moved = post_json(admin, f"{url}/status", {"ke": "diverifikasi"}, If_Match=tag)
    assert moved.status_code == 200 and moved.json()["status"] == "diverifikasi"
    assert post_json(admin, f"{url}/status", {"ke": "ditolak", "alasan": "Bukan kewenangan."},
                     If_Match=tag).status_code == 412  # fmt: skip


# --- results --------------------------------------------------------------------------------


def test_another_agency_with_a_stale_if_match_gets_404_not_412(personas, hasil):
    url = f"/api/v1/scoring/hasil/{hasil.pk}/keputusan"
    response = post_json(logged_in(personas.outsider), url, {"aksi": "konfirmasi"}, If_Match='"0"')
    assert response.status_code == 404
    weak = post_json(logged_in(personas.atasan), url, {"aksi": "konfirmasi"},
                     If_Match="W/" + logged_in(personas.atasan).get(url[:-10])["ETag"])  # fmt: skip
    assert weak.status_code == 412
    assert Hasil.objects.get(pk=hasil.pk).status == Hasil.Status.MENUNGGU
