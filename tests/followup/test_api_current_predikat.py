"""Issue 22: the API shows the decision of an objection upheld after the close, as the pages
do (issue 19): ``predikat`` (and ``hasil_kerja``/``perilaku``) is the one that holds now; the
frozen one stays readable as ``semula_*``; the result's ETag and change time move, so a
client that syncs with updated_since or revalidates with If-None-Match sees it."""

from datetime import timedelta

from django.utils import timezone

from kinerja.followup import services
from kinerja.scoring.models import Hasil
from tests.followup.conftest import annual

REASON = "Realisasi triwulan empat belum diverifikasi padahal bukti sudah lengkap."


def _uphold(personas, closed, hasil):
    k = services.file_objection(hasil, by=personas.pegawai, alasan=REASON)
    services.decide_objection(
        k, by=closed.kepala_user, putusan="dikabulkan", alasan=REASON,
        hasil_kerja="di_atas", perilaku="di_atas",
    )  # fmt: skip
    return k


def test_the_result_endpoints_show_the_upheld_objection_and_keep_the_frozen_predikat(
    personas, closed, login
):
    hasil = annual(closed.skp["siti"])
    client = login(personas.atasan)
    url = f"/api/v1/scoring/hasil/{hasil.pk}"
    before = client.get(url)
    assert before.json()["predikat"] == before.json()["semula_predikat"] == "baik"
    assert before.json()["diubah_keberatan"] is False
    Hasil.objects.filter(periode=closed.periode).update(diubah=timezone.now() - timedelta(days=3))
    since = (timezone.now() - timedelta(minutes=1)).isoformat()

    _uphold(personas, closed, hasil)

    after = client.get(url, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    body = after.json()
    assert (body["hasil_kerja"], body["perilaku"], body["predikat"]) == (
        "di_atas", "di_atas", "sangat_baik",
    )  # fmt: skip
    assert body["semula_predikat"] == "baik" and body["diubah_keberatan"] is True
    assert body["version"] == before.json()["version"]  # the frozen row did not change
    stored = Hasil.objects.get(pk=hasil.pk)
    assert stored.final_predikat == "baik"  # frozen, as the close wrote it

    listed = client.get("/api/v1/scoring/hasil", {"tahun": 2025, "tahunan": "true"}).json()
    by_id = {row["id"]: row for row in listed["items"]}
    assert by_id[hasil.pk]["predikat"] == "sangat_baik"
    assert by_id[hasil.pk]["semula_predikat"] == "baik"
    rina = annual(closed.skp["rina"]).pk
    assert by_id[rina]["predikat"] == by_id[rina]["semula_predikat"] == "sangat_baik"
    assert by_id[rina]["diubah_keberatan"] is False

    synced = client.get("/api/v1/scoring/hasil", {"updated_since": since}).json()
    assert [row["id"] for row in synced["items"]] == [hasil.pk]  # the decision moved it
    assert synced["items"][0]["predikat"] == "sangat_baik"


def test_a_rejected_objection_changes_nothing_the_api_shows(personas, closed, login):
    hasil = annual(closed.skp["siti"])
    client = login(personas.pegawai)
    url = f"/api/v1/scoring/hasil/{hasil.pk}"
    before = client.get(url)
    k = services.file_objection(hasil, by=personas.pegawai, alasan=REASON)
    services.decide_objection(k, by=closed.kepala_user, putusan="ditolak", alasan=REASON)
    after = client.get(url, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 304  # same representation, same strong ETag


def test_objection_has_an_etag_that_changes_with_the_decision(personas, closed, login):
    hasil = annual(closed.skp["siti"])
    client = login(personas.pegawai)
    k = services.file_objection(hasil, by=personas.pegawai, alasan=REASON)
    url = f"/api/v1/followup/keberatan/{k.pk}"
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"].startswith('"')
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    services.decide_objection(k, by=closed.kepala_user, putusan="ditolak", alasan=REASON)
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 200
    assert login(personas.outsider).get(url).status_code == 404
