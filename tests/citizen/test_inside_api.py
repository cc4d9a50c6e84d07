"""The inside citizen API: IKM, the complaint queue, one complaint and moving it, with the
pages' rules (scope by role and unit, 404 for another agency, 409 on a stale version)."""

import uuid

from kinerja.citizen.complaints import submit_complaint
from kinerja.citizen.models import Aduan
from kinerja.core.models import AuditEntry
from kinerja.org.tokens import create_token
from tests.citizen.conftest import add_answers, make_layanan
from tests.factories import UnitFactory

API = "/api/v1/citizen"


def _auth(user) -> dict:
    _token, raw = create_token(user, nama="uji")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _complaint(layanan, **extra):
    return submit_complaint(
        layanan.instansi, layanan=layanan, isi="Pelayanan lambat sekali.",
        ip_hash=uuid.uuid4().hex, **extra,
    )  # fmt: skip


def _head(personas):
    unit = personas.pegawai_pegawai.unit
    unit.kepala = personas.atasan_pegawai
    unit.save()


def test_ikm_per_service_with_the_hand_computed_index(client, personas, layanan):
    # 2 answers: NRR of each element (4 + 2) / 2 = 3; IKM 3, nilai 75 → mutu C (spec §4:
    # C is 65.00–76.60)
    add_answers(layanan, [[4] * 9, [2] * 9])
    body = client.get(f"{API}/ikm", **_auth(personas.admin)).json()
    (row,) = body["baris"]
    assert (row["nama"], row["responden"], row["mutu"]) == (layanan.nama, 2, "C")
    assert row["nrr"] == ["3.0000"] * 9 and row["nilai"].startswith("75")
    assert row["populasi"] == 100 and row["sampel_cukup"] is False
    assert body["cakupan"] == "instansi" and body["instansi"]["responden"] == 2


def test_ikm_scope_follows_the_role(client, personas, layanan):
    other = make_layanan(personas.instansi, UnitFactory(instansi=personas.instansi), kode="kir")
    add_answers(layanan, [[4] * 9])
    add_answers(other, [[1] * 9])
    assert client.get(f"{API}/ikm", **_auth(personas.pegawai)).status_code == 403
    _head(personas)
    body = client.get(f"{API}/ikm", **_auth(personas.atasan)).json()
    assert [r["nama"] for r in body["baris"]] == [layanan.nama]
    assert body["cakupan"] == [personas.pegawai_pegawai.unit_id]
    bad = client.get(f"{API}/ikm?per=provinsi", **_auth(personas.admin))
    assert bad.status_code == 422


def test_queue_lists_the_agencys_open_complaints_and_pages(client, personas, layanan):
    first, second = _complaint(layanan), _complaint(layanan)
    Aduan.objects.filter(pk=second.pk).update(status="selesai")
    body = client.get(f"{API}/antrean-aduan", **_auth(personas.admin)).json()
    assert [r["kode_lacak"] for r in body["items"]] == [first.kode_lacak]
    assert body["count"] == 1 and body["items"][0]["version"] == 1
    everything = client.get(f"{API}/antrean-aduan?status=", **_auth(personas.admin)).json()
    assert everything["count"] == 2
    wrong = client.get(f"{API}/antrean-aduan?status=hilang", **_auth(personas.admin))
    assert wrong.status_code == 422 and wrong.json()["kolom"] == "status"
    outsider = client.get(f"{API}/antrean-aduan", **_auth(personas.outsider))
    assert outsider.status_code == 403  # heads no unit in their own agency either


def test_another_agency_gets_404_for_a_complaint(client, personas, layanan):
    aduan = _complaint(layanan)
    personas.outsider_pegawai.unit.kepala = personas.outsider_pegawai
    personas.outsider_pegawai.unit.save()
    headers = _auth(personas.outsider)
    assert client.get(f"{API}/antrean-aduan/{aduan.kode_lacak}", **headers).status_code == 404
    moved = client.post(
        f"{API}/antrean-aduan/{aduan.kode_lacak}/status",
        {"ke": "diverifikasi", "version": 1}, content_type="application/json", **headers,
    )  # fmt: skip
    assert moved.status_code == 404
    aduan.refresh_from_db()
    assert aduan.status == "diterima"


def test_moving_a_complaint_through_its_steps_with_versions(client, personas, layanan):
    aduan = _complaint(layanan)
    headers = _auth(personas.admin)
    url = f"{API}/antrean-aduan/{aduan.kode_lacak}/status"

    def move(**body):
        return client.post(url, body, content_type="application/json", **headers)

    first_tag = client.get(f"{API}/antrean-aduan/{aduan.kode_lacak}", **headers)["ETag"]
    ok = move(ke="diverifikasi", version=1)
    assert ok.status_code == 200 and ok.json()["version"] == 2
    read = client.get(f"{API}/antrean-aduan/{aduan.kode_lacak}", **headers)
    assert ok["ETag"] == read["ETag"] != first_tag  # the answer's ETag is what GET gives
    stale = move(ke="ditolak", version=1, alasan="Bukan kewenangan kami.")
    assert stale.status_code == 409 and stale.json()["kode"] == "konflik_versi"
    refuse = {"ke": "ditolak", "alasan": "Bukan kewenangan kami."}
    header = client.post(
        url, refuse, content_type="application/json", HTTP_IF_MATCH=first_tag, **headers
    )
    assert header.status_code == 412 and header.json()["kode"] == "prasyarat_gagal"
    missing = move(ke="ditolak", alasan="Bukan kewenangan kami.")
    assert missing.status_code == 428 and missing.json()["kode"] == "prasyarat_wajib"
    no_officer = move(ke="diteruskan", version=2, petugas_nip="000")
    assert no_officer.status_code == 422 and no_officer.json()["kolom"] == "petugas_nip"
    forwarded = move(ke="diteruskan", version=2, petugas_nip=personas.pegawai_pegawai.nip)
    assert forwarded.json()["petugas_nip"] == personas.pegawai_pegawai.nip
    skipped = move(ke="selesai", version=3)
    assert skipped.status_code == 409 and skipped.json()["kolom"] == "ke"
    aduan.refresh_from_db()
    assert (aduan.status, aduan.version) == ("diteruskan", 3)
    detail = client.get(f"{API}/antrean-aduan/{aduan.kode_lacak}", **headers).json()
    assert [s["ke"] for s in detail["langkah"]] == ["diterima", "diverifikasi", "diteruskan"]
    assert detail["status_berikut"] == ["diteruskan", "direspons"]
    assert AuditEntry.objects.filter(action__startswith="citizen.aduan").count() == 2


def test_a_unit_head_reads_but_an_employee_elsewhere_cannot_move(client, personas, layanan):
    aduan = _complaint(layanan)
    _head(personas)
    url = f"{API}/antrean-aduan/{aduan.kode_lacak}"
    assert client.get(url, **_auth(personas.atasan)).json()["boleh_ubah"] is True
    refused = client.post(
        f"{url}/status", {"ke": "diverifikasi", "version": 1},
        content_type="application/json", **_auth(personas.rekan),
    )  # fmt: skip
    assert refused.status_code == 404  # not theirs to see: not found, as another agency's


def test_queue_and_ikm_use_a_constant_number_of_queries(client, personas, layanan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = _auth(personas.admin)
    urls = [f"{API}/antrean-aduan?status=", f"{API}/ikm?per=petugas"]

    def counts():
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url, **headers).status_code == 200
            found.append(len(ctx.captured_queries))
        return found

    _complaint(layanan)
    add_answers(layanan, [[3] * 9] * 2, petugas=personas.pegawai_pegawai)
    counts()  # warm up: the token's first use is recorded once
    before = counts()
    for _ in range(5):
        _complaint(layanan)
    other = make_layanan(personas.instansi, personas.pegawai_pegawai.unit, kode="akta")
    add_answers(other, [[4] * 9] * 3, petugas=personas.atasan_pegawai)
    Aduan.objects.filter(layanan=layanan).update(petugas=personas.pegawai_pegawai)
    assert counts() == before
