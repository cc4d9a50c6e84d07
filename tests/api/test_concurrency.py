"""Concurrent API updates are refused, not lost: versions in the body, strong ETags, If-Match
(412), the body's ``version`` (409), If-None-Match (304). Two clients read the same version;
the first change wins, the second is refused and the object keeps the first change."""

from decimal import Decimal

import pytest
from django.db import connection

from kinerja.api.api import api
from kinerja.scoring import services as scoring
from kinerja.scoring.models import Hasil
from kinerja.skp.models import Periode, Realisasi
from tests.core.sql_scope import AgencyScope
from tests.factories import logged_in, post_json
from tests.scoring.conftest import simple_skp
from tests.skp.factories import PeriodeFactory

REALISASI = "/api/v1/skp/realisasi"


pytestmark = pytest.mark.usefixtures("after_the_year")


# --- realisations -------------------------------------------------------------------------


@pytest.fixture
def indikator(skp_disetujui):
    return skp_disetujui.rhk.get().indikator.get()


@pytest.fixture
def recorded(personas, indikator):
    """A realisation at version 1, two clients of its owner that have both read it, and the
    strong ETag they read."""
    first = post_json(logged_in(personas.pegawai), REALISASI,
                      {"indikator_id": indikator.pk, "bagian": 1, "nilai": "1"})  # fmt: skip
    assert first.status_code == 201 and first.json()["version"] == 1
    tag = first["ETag"]
    assert tag.startswith('"') and tag.endswith('"') and len(tag) > 10  # strong, opaque
    return logged_in(personas.pegawai), logged_in(personas.pegawai), tag


def _body(indikator, nilai, **extra):
    return {"indikator_id": indikator.pk, "bagian": 1, "nilai": nilai, **extra}


def _stored(indikator) -> Realisasi:
    return Realisasi.objects.get(indikator=indikator)


def test_second_change_with_a_stale_if_match_is_412_and_the_first_stays(indikator, recorded):
    a, b, tag = recorded
    won = post_json(a, REALISASI, _body(indikator, "2"), If_Match=tag)
    assert won.status_code == 200 and won.json()["version"] == 2
    assert won["ETag"] not in (tag, f"W/{tag}") and not won["ETag"].startswith("W/")
    lost = post_json(b, REALISASI, _body(indikator, "3"), If_Match=tag)
    assert lost.status_code == 412
    assert lost.json()["kode"] == "prasyarat_gagal" and lost.json()["kolom"] == "If-Match"
    assert "sudah diubah" in lost.json()["pesan"]
    stored = _stored(indikator)
    assert stored.nilai == Decimal("2") and stored.version == 2


def test_second_change_with_a_stale_body_version_is_409_and_the_first_stays(indikator, recorded):
    a, b, tag = recorded
    assert post_json(a, REALISASI, _body(indikator, "2", version=1)).status_code == 200
    lost = post_json(b, REALISASI, _body(indikator, "3", version=1))
    assert lost.status_code == 409 and lost.json()["kode"] == "konflik_versi"
    assert _stored(indikator).nilai == Decimal("2")


def test_a_stale_if_match_is_refused_even_when_the_values_are_the_same(indikator, recorded):
    a, b, tag = recorded
    assert post_json(a, REALISASI, _body(indikator, "2")).status_code == 200
    assert post_json(b, REALISASI, _body(indikator, "2"), If_Match=tag).status_code == 412


def test_without_a_version_the_change_applies_as_before(indikator, recorded):
    a, b, tag = recorded
    assert post_json(a, REALISASI, _body(indikator, "2")).status_code == 200
    late = post_json(b, REALISASI, _body(indikator, "3"))
    assert late.status_code == 200 and late.json()["version"] == 3 and late["ETag"] != tag
    assert _stored(indikator).nilai == Decimal("3")


def test_if_match_on_a_realisation_not_yet_recorded_is_412(personas, indikator):
    response = post_json(
        logged_in(personas.pegawai), REALISASI, _body(indikator, "1"), If_Match='"1"'
    )
    assert response.status_code == 412
    assert not Realisasi.objects.filter(indikator=indikator).exists()


def test_if_match_and_body_version_must_agree_and_be_well_formed(indikator, recorded):
    a, _, tag = recorded
    both = post_json(a, REALISASI, _body(indikator, "2", version=7), If_Match=tag)
    assert both.status_code == 409 and both.json()["kolom"] == "version"
    bad = post_json(a, REALISASI, _body(indikator, "2"), If_Match="kemarin")
    assert bad.status_code == 400 and bad.json()["kode"] == "if_match_tidak_sah"
    assert _stored(indikator).version == 1
    agreed = post_json(a, REALISASI, _body(indikator, "2", version=1), If_Match=tag)
    assert agreed.status_code == 200 and _stored(indikator).version == 2


def test_a_weak_etag_in_if_match_never_matches(indikator, recorded):
    """RFC 9110 13.1.1: If-Match uses the strong comparison; W/ of the current tag is 412."""
    a, _, tag = recorded
    weak = post_json(a, REALISASI, _body(indikator, "2"), If_Match=f"W/{tag}")
    assert weak.status_code == 412 and weak.json()["kode"] == "prasyarat_gagal"
    assert "lemah" in weak.json()["detail"]
    assert _stored(indikator).version == 1 and _stored(indikator).nilai == Decimal("1")
    listed = post_json(a, REALISASI, _body(indikator, "2"), If_Match=f'W/{tag}, "x", {tag}')
    assert listed.status_code == 200  # one strong match in the list is enough


def test_bulk_refuses_if_match_and_uses_the_version_of_each_row(indikator, recorded):
    a, b, tag = recorded
    url = f"{REALISASI}/massal"
    header = post_json(a, url, {"realisasi": [_body(indikator, "2")]}, If_Match=tag)
    assert header.status_code == 400 and header.json()["kode"] == "if_match_tidak_berlaku"
    assert post_json(a, url, {"realisasi": [_body(indikator, "2", version=1)]}).status_code == 200
    lost = post_json(b, url, {"realisasi": [_body(indikator, "3", version=1)]})
    assert lost.status_code == 409 and lost.json()["pesan"].startswith("Baris 1:")
    assert _stored(indikator).nilai == Decimal("2")


# --- results: the rater's decision ----------------------------------------------------------


@pytest.fixture
def hasil(personas):
    periode = PeriodeFactory(
        instansi=personas.instansi, tahun=2026, status=Periode.Status.PENILAIAN
    )
    simple_skp(personas.pegawai_pegawai, periode, real=(10, 10, 10, 14))
    scoring.compute_results(periode, by=personas.admin)
    return Hasil.objects.get(skp__pegawai=personas.pegawai_pegawai)


def test_result_has_an_etag_and_answers_304_while_unchanged(personas, hasil):
    client = logged_in(personas.atasan)
    url = f"/api/v1/scoring/hasil/{hasil.pk}"
    first = client.get(url)
    tag = first["ETag"]
    assert tag.startswith('"') and first.json()["version"] == hasil.version
    assert client.get(url)["ETag"] == tag  # the same answer, the same tag
    again = client.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == tag
    weak_again = client.get(url, headers={"If-None-Match": f"W/{tag}"})
    assert weak_again.status_code == 304  # If-None-Match compares weakly
    decided = post_json(client, f"{url}/keputusan", {"aksi": "konfirmasi"}, If_Match=tag)
    assert decided.status_code == 200 and decided["ETag"] != tag
    assert decided.json()["version"] == hasil.version + 1
    changed = client.get(url, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed["ETag"] == decided["ETag"]


def test_second_decision_on_the_same_version_is_refused_and_the_first_stays(personas, hasil):
    a, b = logged_in(personas.atasan), logged_in(personas.atasan)
    url = f"/api/v1/scoring/hasil/{hasil.pk}/keputusan"
    tag = a.get(f"/api/v1/scoring/hasil/{hasil.pk}")["ETag"]
    assert post_json(a, url, {"aksi": "konfirmasi"}, If_Match=tag).status_code == 200
    override = {"aksi": "ubah", "hasil_kerja": "sesuai", "perilaku": "sesuai",
                "alasan": "Realisasi kuartal 4 milik tim lain."}  # fmt: skip
    lost = post_json(b, url, override, If_Match=tag)
    assert lost.status_code == 412 and lost.json()["kode"] == "prasyarat_gagal"
    lost = post_json(b, url, {**override, "version": hasil.version})
    assert lost.status_code == 409 and lost.json()["kode"] == "konflik_versi"
    stored = Hasil.objects.get(pk=hasil.pk)
    assert stored.status == Hasil.Status.DIKONFIRMASI and stored.version == hasil.version + 1


def test_a_decision_still_needs_the_version_read(personas, hasil):
    response = post_json(
        logged_in(personas.atasan), f"/api/v1/scoring/hasil/{hasil.pk}/keputusan",
        {"aksi": "konfirmasi"},
    )  # fmt: skip
    assert response.status_code == 428 and response.json()["kode"] == "prasyarat_wajib"
    assert response["Content-Type"] == "application/problem+json"
    assert "If-Match" in response.json()["detail"]
    assert Hasil.objects.get(pk=hasil.pk).version == hasil.version


# --- the published contract -----------------------------------------------------------------


def test_openapi_declares_the_concurrency_answers_and_headers():
    paths = api.get_openapi_schema()["paths"]
    for path, codes in {
        "/api/v1/skp/realisasi": {"200", "201", "409", "412", "422"},
        "/api/v1/scoring/hasil/{pk}/keputusan": {"200", "409", "412", "422", "428"},
        "/api/v1/skp/skp/{skp_id}/transisi": {"200", "409", "412", "428"},
        "/api/v1/skp/realisasi/{realisasi_id}/tinjau": {"200", "409", "412", "428"},
        "/api/v1/citizen/antrean-aduan/{kode}/status": {"200", "409", "412", "428"},
    }.items():
        operation = paths[path]["post"]
        assert codes <= {str(code) for code in operation["responses"]}, path
        assert "If-Match" in {p["name"] for p in operation.get("parameters", [])}, path
        for code in ("412", "428"):
            if code in operation["responses"] or int(code) in operation["responses"]:
                answer = operation["responses"].get(code) or operation["responses"][int(code)]
                assert "application/problem+json" in answer["content"], (path, code)
    for path in ("/api/v1/scoring/hasil/{pk}", "/api/v1/skp/skp/{skp_id}",
                 "/api/v1/org/pegawai/{nip}", "/api/v1/citizen/antrean-aduan/{kode}",
                 "/api/v1/followup/keberatan/{pk}", "/api/v1/citizen/aduan/{kode}"):  # fmt: skip
        read = paths[path]["get"]
        assert "304" in {str(code) for code in read["responses"]}, path
        assert "If-None-Match" in {p["name"] for p in read["parameters"]}, path


def _inside(personas, flow) -> AgencyScope:
    scope = AgencyScope(agencies=frozenset({personas.instansi.pk}))
    with connection.execute_wrapper(scope):
        flow()
    return scope


def test_realisation_writes_stay_inside_the_agency(personas, indikator):
    """The write paths above, under the Citus readiness check (tests/core/sql_scope.py)."""
    pegawai = logged_in(personas.pegawai)

    def flow():
        assert post_json(pegawai, REALISASI, _body(indikator, "1")).status_code == 201
        tag = pegawai.get(f"/api/v1/skp/skp/{indikator.rhk.skp_id}/realisasi")  # a read
        assert tag.status_code == 200
        changed = post_json(pegawai, REALISASI, _body(indikator, "2", version=1))
        assert changed.status_code == 200
        again = post_json(pegawai, REALISASI, _body(indikator, "2.5"), If_Match=changed["ETag"])
        assert again.status_code == 200
        bulk = {"realisasi": [_body(indikator, "3", version=3)]}
        assert post_json(pegawai, f"{REALISASI}/massal", bulk).status_code == 200

    scope = _inside(personas, flow)
    assert not scope.violations() and scope.judged > 10


def test_decision_writes_stay_inside_the_agency(personas, hasil):
    atasan = logged_in(personas.atasan)
    url = f"/api/v1/scoring/hasil/{hasil.pk}"

    def flow():
        assert atasan.get(url).status_code == 200
        body = {"aksi": "konfirmasi", "version": hasil.version}
        assert post_json(atasan, f"{url}/keputusan", body).status_code == 200

    scope = _inside(personas, flow)
    assert not scope.violations() and scope.judged > 5


# --- authorisation before preconditions (issue 22): a caller who may read an object but not
# change it gets 403 whatever If-Match says; 412 first would tell them it exists and changed.


def test_a_colleague_who_may_read_a_result_but_not_decide_gets_403_not_412(personas, hasil):
    # the employee may read their own result, not decide it
    url = f"/api/v1/scoring/hasil/{hasil.pk}/keputusan"
    response = post_json(logged_in(personas.pegawai), url, {"aksi": "konfirmasi"}, If_Match='"999"')
    assert response.status_code == 403 and response.json()["kode"] == "ditolak"


def test_a_rater_who_may_read_a_realisation_but_not_record_it_gets_403_not_412(
    personas, indikator, recorded
):
    body = _body(indikator, "5")
    response = post_json(logged_in(personas.atasan), REALISASI, body, If_Match='"999"')
    assert response.status_code == 403 and response.json()["kode"] == "ditolak"
