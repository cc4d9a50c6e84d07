"""Incremental sync (issue 22) beyond employees: units, SKPs, results and complaints take
``updated_since`` and are read by the same keyset cursor (kinerja.core.api_pagination):
only what changed since then, ordered by (diubah, id), each changed row read once, and a
row that changes while the client pages comes again at the end instead of being skipped.
Also the ``urut`` sort orders, and the schema that documents both."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from kinerja.api.api import api
from kinerja.citizen.complaints import move_complaint, submit_complaint
from kinerja.citizen.models import Aduan
from kinerja.core.versioning import bump
from kinerja.org.models import UnitKerja
from kinerja.scoring import services as scoring
from kinerja.scoring.models import Hasil
from kinerja.skp.models import Periode, Skp
from tests.factories import PegawaiFactory, UnitFactory, logged_in
from tests.scoring.conftest import simple_skp
from tests.skp.factories import PeriodeFactory, SkpFactory

LONG_AGO = timezone.now() - timedelta(days=30)


def _since() -> str:
    return (timezone.now() - timedelta(minutes=1)).isoformat()


def _read_all(client, url: str, **params) -> list[dict]:
    page = client.get(url, {**params, "page_size": 1}).json()
    seen = list(page["items"])
    while page["next"]:
        assert "kursor=" in page["next"] and page["previous"] is None
        page = client.get(page["next"]).json()
        seen += page["items"]
    return seen


# Each list: (url, how to make n rows that are old, how to change one, its key in the answer)


def _units(personas, n):
    units = [UnitFactory(instansi=personas.instansi) for _ in range(n)]
    UnitKerja.objects.filter(instansi=personas.instansi).update(diubah=LONG_AGO)
    return units


def _change_unit(unit):
    unit.nama = f"{unit.nama} (baru)"
    unit.save()
    return unit.pk


def _skps(personas, n):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026)
    people = [PegawaiFactory(instansi=personas.instansi, unit=personas.pegawai_pegawai.unit)
              for _ in range(n)]  # fmt: skip
    skps = [SkpFactory(pegawai=p, periode=periode, penilai=None) for p in people]
    Skp.objects.filter(instansi=personas.instansi).update(diubah=LONG_AGO)
    return skps


def _change_skp(skp):
    skp.refresh_from_db()
    bump(skp, version=skp.version, what="SKP", komentar="diubah")  # as every service writes
    return skp.pk


def _results(personas, n):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2025,
                             status=Periode.Status.PENILAIAN)  # fmt: skip
    for _ in range(n):
        person = PegawaiFactory(instansi=personas.instansi, unit=personas.pegawai_pegawai.unit,
                                atasan=personas.atasan_pegawai)  # fmt: skip
        simple_skp(person, periode, real=(10, 10, 10, 10))
    scoring.compute_results(periode, by=personas.admin)
    Hasil.objects.filter(periode=periode).update(diubah=LONG_AGO)
    return list(Hasil.objects.filter(periode=periode, bagian__isnull=True).order_by("pk"))


def _change_result(hasil):
    hasil.refresh_from_db()
    bump(hasil, version=hasil.version, what="Hasil", alasan="")  # as the decision services
    return hasil.pk


def _complaints(personas, layanan, n):
    rows = [
        submit_complaint(
            layanan.instansi,
            layanan=layanan,
            isi="Pelayanan lambat sekali.",
            ip_hash=uuid.uuid4().hex,
        )  # fmt: skip
        for _ in range(n)
    ]
    Aduan.objects.filter(instansi=personas.instansi).update(diubah=LONG_AGO)
    return rows


def _change_complaint(aduan, personas):
    aduan.refresh_from_db()
    if aduan.status == "diterima":
        move_complaint(aduan, ke="diverifikasi", by=personas.admin, version=aduan.version)
    else:
        move_complaint(aduan, ke="ditolak", by=personas.admin, version=aduan.version,
                       alasan="Bukan kewenangan instansi ini.")  # fmt: skip
    return aduan.pk


@pytest.fixture(params=["unit", "skp", "hasil", "aduan"])
def syncable(request, personas):
    """(client, url, rows, change(row) -> pk, key of the answer that identifies a row)."""
    admin = logged_in(personas.admin)
    if request.param == "unit":
        return admin, "/api/v1/org/unit", _units(personas, 4), _change_unit, "id"
    if request.param == "skp":
        return admin, "/api/v1/skp/skp", _skps(personas, 4), _change_skp, "id"
    if request.param == "hasil":
        rows = _results(personas, 4)
        return admin, "/api/v1/scoring/hasil", rows, _change_result, "id"
    layanan = request.getfixturevalue("layanan")
    rows = _complaints(personas, layanan, 4)
    codes = {a.pk: a.kode_lacak for a in rows}

    def change(aduan):
        return codes[_change_complaint(aduan, personas)]

    return admin, "/api/v1/citizen/antrean-aduan", rows, change, "kode_lacak"


def test_sync_reads_each_changed_row_once_and_one_changed_meanwhile_again_at_the_end(syncable):
    client, url, rows, change, key = syncable
    since = _since()
    assert client.get(url, {"updated_since": since}).json()["count"] == 0  # nothing yet
    changed = [change(rows[0]), change(rows[2]), change(rows[3])]
    first = client.get(url, {"updated_since": since, "page_size": 2}).json()
    assert first["count"] == 3 and len(first["items"]) == 2 and "kursor=" in first["next"]
    assert [row[key] for row in first["items"]] == changed[:2]  # by (diubah, id)
    stamps = [row["diubah"] for row in first["items"]]
    assert stamps == sorted(stamps)
    again = change(rows[0])  # read on the first page, changed while paging
    seen = [row[key] for row in first["items"]]
    page = first
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [row[key] for row in page["items"]]
    assert set(seen) == set(changed) and seen[-1] == again and seen.count(again) == 2
    assert rows[1].pk not in seen and getattr(rows[1], "kode_lacak", None) not in seen


def test_without_updated_since_the_lists_keep_their_pages(syncable):
    client, url, rows, _change, _key = syncable
    body = client.get(url, {"page_size": 2}).json()
    assert body["page"] == 1 and body["next"].endswith("page=2") and "kursor" not in body["next"]


def test_a_sync_of_complaints_includes_closed_ones_unless_a_status_is_asked(personas, layanan):
    aduan = _complaints(personas, layanan, 1)[0]
    since = _since()
    move_complaint(aduan, ke="ditolak", by=personas.admin, version=aduan.version,
                   alasan="Bukan kewenangan instansi ini.")  # fmt: skip
    client = logged_in(personas.admin)
    url = "/api/v1/citizen/antrean-aduan"
    assert [a["status"] for a in client.get(url, {"updated_since": since}).json()["items"]] == [
        "ditolak"
    ]
    open_only = client.get(url, {"updated_since": since, "status": "terbuka"}).json()
    assert open_only["count"] == 0
    assert client.get(url).json()["count"] == 0  # the queue itself: open complaints only


def test_another_agency_syncs_nothing_of_ours(personas, layanan):
    ours = {
        "/api/v1/org/unit": {u.pk for u in _units(personas, 2)},
        "/api/v1/skp/skp": {s.pk for s in _skps(personas, 2)},
        "/api/v1/scoring/hasil": {h.pk for h in _results(personas, 2)},
    }
    complaints = {a.kode_lacak for a in _complaints(personas, layanan, 2)}
    since = (LONG_AGO - timedelta(days=1)).isoformat()
    admin, outsider = logged_in(personas.admin), logged_in(personas.outsider)
    for url, ids in ours.items():
        mine = {row["id"] for row in admin.get(url, {"updated_since": since}).json()["items"]}
        assert ids <= mine, url  # the same query finds them for their own agency
        response = outsider.get(url, {"updated_since": since})
        if response.status_code == 200:
            assert not {row["id"] for row in response.json()["items"]} & ids, url
        else:
            assert response.status_code == 404, url
    url = "/api/v1/citizen/antrean-aduan"
    mine = {a["kode_lacak"] for a in admin.get(url, {"updated_since": since}).json()["items"]}
    assert complaints <= mine
    response = outsider.get(url, {"updated_since": since})
    assert response.status_code in (403, 404) or not (
        {a["kode_lacak"] for a in response.json()["items"]} & complaints
    )


# --- sorting -----------------------------------------------------------------------------


def test_units_sort_by_code_name_or_change(personas):
    units = _units(personas, 3)
    UnitKerja.objects.filter(pk=units[0].pk).update(nama="Zaitun")
    UnitKerja.objects.filter(pk=units[1].pk).update(nama="Anggrek")
    client = logged_in(personas.admin)
    by_name = [u["nama"] for u in client.get("/api/v1/org/unit", {"urut": "nama"}).json()["items"]]
    assert by_name == sorted(by_name) and by_name[0] == "Anggrek" and by_name[-1] == "Zaitun"
    by_code = [u["kode"] for u in client.get("/api/v1/org/unit").json()["items"]]
    assert by_code == sorted(by_code)
    _change_unit(units[0])
    by_change = client.get("/api/v1/org/unit", {"urut": "diubah"}).json()["items"]
    assert by_change[-1]["id"] == units[0].pk
    wrong = client.get("/api/v1/org/unit", {"urut": "gaji"})
    assert wrong.status_code == 422 and wrong.json()["kolom"] == "urut"


def test_complaints_sort_oldest_first_or_by_deadline(personas, layanan):
    rows = _complaints(personas, layanan, 3)
    base = timezone.now() - timedelta(days=5)
    for n, aduan in enumerate(rows):
        Aduan.objects.filter(pk=aduan.pk).update(diterima_pada=base + timedelta(hours=n))
    client = logged_in(personas.admin)
    url = "/api/v1/citizen/antrean-aduan"
    codes = [a.kode_lacak for a in rows]
    assert [a["kode_lacak"] for a in client.get(url).json()["items"]] == codes[::-1]
    oldest = client.get(url, {"urut": "terlama"}).json()["items"]
    assert [a["kode_lacak"] for a in oldest] == codes
    deadlines = [a["tenggat_selesai"] for a in client.get(url, {"urut": "tenggat"}).json()["items"]]
    assert deadlines == sorted(deadlines)


def test_results_sort_by_achievement(personas):
    rows = _results(personas, 3)
    for n, hasil in enumerate(rows):
        Hasil.objects.filter(pk=hasil.pk).update(capaian_bulat=100 + n * 7)
    client = logged_in(personas.admin)
    body = client.get("/api/v1/scoring/hasil", {"tahunan": "true", "urut": "capaian"}).json()
    assert [h["id"] for h in body["items"]] == [h.pk for h in rows][::-1]


def test_the_schema_documents_updated_since_with_an_example_and_urut_as_an_enum():
    paths = api.get_openapi_schema()["paths"]
    for path, orders in {
        "/api/v1/org/pegawai": {"nama", "nip", "diubah"},
        "/api/v1/org/unit": {"kode", "nama", "diubah"},
        "/api/v1/skp/skp": None,
        "/api/v1/scoring/hasil": {"nama", "unit", "capaian", "diubah"},
        "/api/v1/citizen/antrean-aduan": {"terbaru", "terlama", "tenggat", "diubah"},
    }.items():
        operation = paths[path]["get"]
        params = {p["name"]: p for p in operation["parameters"]}
        since = params["updated_since"]
        assert since["schema"].get("format") == "date-time" or any(
            option.get("format") == "date-time" for option in since["schema"].get("anyOf", [])
        ), path
        assert since.get("example") or since["schema"].get("example"), path
        assert "kursor" in params and "updated_since" in operation["description"], path
        if orders:
            assert set(params["urut"]["schema"]["enum"]) == orders, path
