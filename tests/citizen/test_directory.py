"""The code directory: a citizen's code resolves to its agency, then the agency's own rows
are read; the migration fills the directory from the codes already issued."""

import json
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from kinerja.citizen.complaints import submit_complaint
from kinerja.citizen.directory import Jenis, resolve
from kinerja.citizen.models import KodePublik

BODY = {f"u{i}": 3 for i in range(1, 10)}


def test_a_code_resolves_only_as_its_own_kind(client, layanan):
    aduan = submit_complaint(layanan.instansi, layanan=layanan, isi="Loket tutup.", ip_hash="a")
    assert resolve(layanan.kode_publik, Jenis.LAYANAN) == layanan.instansi_id
    assert resolve(layanan.kode_publik, Jenis.ADUAN) is None
    assert resolve("tidak-ada", Jenis.LAYANAN) is None
    tracked = reverse("citizen_complaint_status", args=[layanan.kode_publik])
    assert client.get(tracked).status_code == 404
    assert client.get(reverse("citizen_survey", args=[aduan.kode_lacak.lower()])).status_code == 404
    found = client.get(reverse("citizen_complaint_track"), {"kode": aduan.kode_lacak.lower()})
    assert found["Location"] == reverse("citizen_complaint_status", args=[aduan.kode_lacak])


def test_the_survey_api_reads_the_directory_then_one_service_then_stores(
    client, layanan, django_assert_num_queries
):
    url = f"/api/v1/citizen/survei/{layanan.kode_publik}/"
    with django_assert_num_queries(3) as captured:  # directory, service, checked insert
        response = client.post(url, json.dumps(BODY), content_type="application/json")
    assert response.status_code == 201
    first = captured.captured_queries[0]["sql"]
    assert KodePublik._meta.db_table in first and "instansi_id" in first
    # The process remembers the code's agency: the next answers skip the directory.
    with django_assert_num_queries(2) as captured:  # service, checked insert
        response = client.post(url, json.dumps(BODY), content_type="application/json")
    assert response.status_code == 201
    assert KodePublik._meta.db_table not in captured.captured_queries[0]["sql"]


def test_a_wrong_memory_of_a_code_falls_back_to_the_directory(client, layanan):
    from kinerja.citizen import directory

    url = f"/api/v1/citizen/survei/{layanan.kode_publik}/"
    directory.remember(layanan.kode_publik, Jenis.LAYANAN, layanan.instansi_id + 1000)
    response = client.post(url, json.dumps(BODY), content_type="application/json")
    assert response.status_code == 201
    assert directory.remembered(layanan.kode_publik, Jenis.LAYANAN) == layanan.instansi_id
    assert layanan.jawaban.count() == 1
    directory.remember("tidak-ada", Jenis.LAYANAN, layanan.instansi_id)
    missing = client.post("/api/v1/citizen/survei/tidak-ada/", json.dumps(BODY),
                          content_type="application/json")  # fmt: skip
    assert missing.status_code == 404


def test_the_survey_page_reads_the_directory_then_one_query(
    client, layanan, django_assert_num_queries
):
    with django_assert_num_queries(2):
        assert client.get(reverse("citizen_survey", args=[layanan.kode_publik])).status_code == 200
    with django_assert_num_queries(2):
        officer = reverse("citizen_survey_officer", args=[layanan.kode_publik, "p01"])
        assert client.get(officer).status_code == 200


def test_tracking_a_code_is_one_directory_lookup(client, layanan, django_assert_num_queries):
    aduan = submit_complaint(layanan.instansi, layanan=layanan, isi="Loket tutup.", ip_hash="a")
    with django_assert_num_queries(1):
        client.get(reverse("citizen_complaint_track"), {"kode": aduan.kode_lacak})
    with django_assert_num_queries(1):
        assert client.get("/api/v1/citizen/aduan/ADU-NOPE/").status_code == 404


# --- the data migration ---------------------------------------------------------------------

BEFORE = ("citizen", "0004_unik_dengan_instansi")
EMPTY = ("citizen", "0005_kodepublik")


def _migrate(target):
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes() if target is None else [target]
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _issue_codes(apps) -> None:
    """One service, a receipt code and a complaint in each of two agencies, as stored
    before the directory existed."""
    for n, kode in enumerate(("KOTA", "LAIN")):
        instansi = apps.get_model("org", "Instansi").objects.create(
            kode=kode, nama=f"Pemerintah {kode}", tingkat="kabupaten_kota"
        )
        unit = apps.get_model("org", "UnitKerja").objects.create(
            instansi=instansi, kode="DUK", nama="Dukcapil"
        )
        layanan = apps.get_model("citizen", "Layanan").objects.create(
            instansi=instansi, unit=unit, nama="KTP", kode="ktp", kode_publik=f"{kode.lower()}-ktp"
        )
        apps.get_model("citizen", "TokenSurvei").objects.create(
            instansi=instansi, layanan=layanan, kode=f"TOKEN{n}AB"
        )
        day = date(2025, 3, 7)
        apps.get_model("citizen", "Aduan").objects.create(
            instansi=instansi, unit=unit, kode_lacak=f"ADU-000{n}-AAAA", isi="Loket tutup.",
            tenggat_verifikasi=day, tenggat_respons=day, tenggat_selesai=day,
        )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_the_directory_migration_fills_from_issued_codes_and_runs_both_ways():
    try:
        _issue_codes(_migrate(BEFORE))
        apps = _migrate(None)
        rows = apps.get_model("citizen", "KodePublik").objects.values_list(
            "kode", "jenis", "instansi__kode"
        )
        expected = [
            ("kota-ktp", "layanan", "KOTA"), ("TOKEN0AB", "token", "KOTA"),
            ("ADU-0000-AAAA", "aduan", "KOTA"), ("lain-ktp", "layanan", "LAIN"),
            ("TOKEN1AB", "token", "LAIN"), ("ADU-0001-AAAA", "aduan", "LAIN"),
        ]  # fmt: skip
        assert sorted(rows) == sorted(expected)
        assert not _migrate(EMPTY).get_model("citizen", "KodePublik").objects.exists()
        _migrate(BEFORE)
        apps = _migrate(None)
        assert apps.get_model("citizen", "KodePublik").objects.count() == len(expected)
    finally:
        _migrate(None)


@pytest.mark.django_db(transaction=True)
def test_the_directory_migration_stops_on_a_code_held_by_two_kinds():
    try:
        apps = _migrate(BEFORE)
        _issue_codes(apps)
        services = apps.get_model("citizen", "Layanan").objects.filter(kode_publik="kota-ktp")
        services.update(kode_publik="TOKEN1AB")
        with pytest.raises(RuntimeError, match="TOKEN1AB"):
            _migrate(None)
        apps = _migrate(EMPTY)  # where the failed migration left the database
        apps.get_model("citizen", "Layanan").objects.filter(kode_publik="TOKEN1AB").update(
            kode_publik="kota-ktp"
        )
        assert _migrate(None).get_model("citizen", "KodePublik").objects.count() == 6
    finally:
        _migrate(None)
