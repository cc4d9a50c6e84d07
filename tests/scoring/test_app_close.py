"""Period close: idempotent, all-or-nothing, frozen hashes, curve report, the command."""

import hashlib
import json
import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import ProtectedError

from kinerja.core import dbstream
from kinerja.core.errors import DomainError, NotAllowed
from kinerja.core.models import AuditEntry
from kinerja.scoring import services
from kinerja.scoring.models import Hasil, PenutupanPeriode
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.services import close as close_module
from kinerja.scoring.services import inputs
from kinerja.scoring.services import results as results_module
from kinerja.skp.models import NILAI_INTI, PenilaianPerilaku, Periode, Realisasi
from tests.factories import PegawaiFactory
from tests.scoring.conftest import A, S, random_agency, simple_skp


def snapshot(periode):
    return list(
        Hasil.objects.filter(periode=periode)
        .order_by("pk")
        .values_list(
            "skp_id",
            "bagian_id",
            "hash_masukan",
            "capaian",
            "usulan_predikat",
            "status",
            "version",
            "dihitung_pada",
        )
    )


@pytest.fixture
def team(personas, periode):
    people = [personas.pegawai_pegawai, personas.rekan_pegawai]
    for _ in range(10):
        people.append(PegawaiFactory(instansi=personas.instansi, unit=personas.pegawai_pegawai.unit,
                                     atasan=personas.atasan_pegawai))  # fmt: skip
    for n, person in enumerate(people):
        simple_skp(person, periode, real=(10 + n % 2, 10, 10, 10), perilaku=(A,) * 4 + (S,) * 3)
    return people


def test_close_stores_every_result_marks_closed_and_records_the_run(personas, periode, team):
    services.set_org_predikat(periode, by=personas.pimpinan, predikat="baik")
    run = services.close_period(periode, by=personas.admin)
    periode.refresh_from_db()
    assert periode.status == Periode.Status.DITUTUP
    assert Hasil.objects.filter(periode=periode).count() == 12 * 5  # 4 slices + the year
    assert run.jumlah_hasil == 60 and len(run.hash_gabungan) == 64
    agency = run.laporan_kurva[0]
    assert agency["cakupan"] == "instansi" and agency["organisasi"] == "baik"
    assert agency["jumlah"] == 12
    # everyone Baik: more than 70% Baik and nobody Butuh Perbaikan or Kurang
    assert agency["patuh"] is False and len(agency["pelanggaran"]) == 2
    assert agency["usulan"]  # proposed, never applied:
    assert not Hasil.objects.filter(status="diubah").exists()
    assert AuditEntry.objects.filter(action="periode.tutup").count() == 1


def test_close_twice_is_identical_and_writes_nothing(personas, periode, team):
    first = services.close_period(periode, by=personas.admin)
    before = snapshot(periode)
    audits = AuditEntry.objects.count()
    second = services.close_period(periode, by=personas.admin)
    assert second.pk == first.pk and snapshot(periode) == before
    assert AuditEntry.objects.count() == audits
    assert PenutupanPeriode.objects.count() == 1


def test_recomputing_a_closed_period_gives_the_same_hashes(personas, periode, team):
    run = services.close_period(periode, by=personas.admin)
    assert services.verify_period(periode) == []
    assert services.combined_hash(periode) == run.hash_gabungan


def test_stored_inputs_are_byte_for_byte_the_text_that_was_hashed(personas, periode, team):
    services.close_period(periode, by=personas.admin)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, masukan, hash_masukan FROM scoring_hasil")
        rows = cursor.fetchall()
    assert len(rows) == 60
    for pk, text, digest in rows:
        assert hashlib.sha256(text.encode()).hexdigest() == digest
        assert json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"),
                          ensure_ascii=False) == text  # fmt: skip
        hasil = Hasil.objects.get(pk=pk)
        assert isinstance(hasil.masukan, dict) and hasil.masukan == json.loads(text)


def test_verify_reports_a_result_whose_inputs_no_longer_match(personas, periode, team):
    services.close_period(periode, by=personas.admin)
    Hasil.objects.filter(bagian__isnull=True).filter(pk=Hasil.objects.order_by("pk").last().pk)\
        .update(hash_masukan="0" * 64)  # fmt: skip
    assert len(services.verify_period(periode)) == 1


def test_interrupted_close_leaves_the_period_open_and_untouched(
    personas, periode, team, monkeypatch
):
    bagian = periode.bagian.get(nomor=1)
    services.compute_results(periode, by=personas.admin, bagian=bagian)
    hasil = Hasil.objects.select_related("skp", "periode").filter(bagian=bagian).first()
    services.confirm_result(hasil, by=personas.atasan)
    before = snapshot(periode)
    real_insert = results_module._insert
    calls = []

    def failing_insert(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:  # after two slices were stored (one batch each, this small)
            raise RuntimeError("listrik padam")
        return real_insert(*args, **kwargs)

    monkeypatch.setattr(results_module, "_insert", failing_insert)
    with pytest.raises(RuntimeError):
        services.close_period(periode, by=personas.admin)
    assert len(calls) == 3
    periode.refresh_from_db()
    assert periode.status == Periode.Status.PENILAIAN
    assert snapshot(periode) == before
    assert not PenutupanPeriode.objects.exists()
    monkeypatch.setattr(results_module, "_insert", real_insert)
    services.close_period(periode, by=personas.admin)  # and it can be closed afterwards
    assert Hasil.objects.get(pk=hasil.pk).status == Hasil.Status.DIKONFIRMASI


def test_interrupt_during_the_curve_check_also_rolls_back(personas, periode, team, monkeypatch):
    """The curve check fails while the combined hash is still with the server (PostgreSQL):
    the close rolls back, and the connection serves the next close."""

    def broken(*args, **kwargs):
        raise RuntimeError("galat di tengah")

    monkeypatch.setattr("kinerja.scoring.services.close.queries.curve_scopes", broken)
    with pytest.raises(RuntimeError):
        services.close_period(periode, by=personas.admin)
    periode.refresh_from_db()
    assert periode.status == Periode.Status.PENILAIAN
    assert not Hasil.objects.exists()
    monkeypatch.undo()
    run = services.close_period(periode, by=personas.admin)
    assert run.hash_gabungan == services.combined_hash(periode)


def test_the_hash_made_meanwhile_is_the_combined_hash_and_passes_the_wrappers(
    personas, periode, team
):
    """The close's combined hash is made by the server while the curve check runs here: the
    same digest as combined_hash, a query inside the block refused (on PostgreSQL it would
    wait for the hash), and the statement reaches the execute wrappers."""
    services.close_period(periode, by=personas.admin)
    seen = []

    def record(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record), close_module.hash_meanwhile(periode) as pending:
        assert pending.value == ""  # not read before the block ends
    with pytest.raises(dbstream.QueryDuringStream), close_module.hash_meanwhile(periode):
        Hasil.objects.filter(periode=periode).count()
    assert Hasil.objects.filter(periode=periode).count() == 12 * 5
    assert pending.value == services.combined_hash(periode)
    assert pending.value == PenutupanPeriode.objects.get(periode=periode).hash_gabungan
    # the hash's own statement (the count inside the block reads no hash_masukan)
    assert any("hash_masukan" in sql for sql in seen)
    with pytest.raises(ZeroDivisionError), close_module.hash_meanwhile(periode):
        1 / 0  # noqa: B018
    assert Hasil.objects.filter(periode=periode).count() == 12 * 5
    # right after a streamed read (libpq kept its chunked mode into the pipeline)
    assert list(dbstream.stream_rows(Hasil.objects.values_list("pk")))
    with close_module.hash_meanwhile(periode) as again:
        pass
    assert again.value == pending.value


def test_only_hr_closes_and_only_from_the_assessment_stage(personas, periode, team):
    with pytest.raises(NotAllowed):
        services.close_period(periode, by=personas.pimpinan)
    Periode.objects.filter(pk=periode.pk).update(status=Periode.Status.PELAKSANAAN)
    periode.refresh_from_db()
    with pytest.raises(DomainError, match="Penilaian"):
        services.close_period(periode, by=personas.admin)


def test_management_command_closes_and_reports(personas, periode, team, capsys):
    call_command("close_period", "--instansi", "KOTA", "--tahun", "2026")
    out = capsys.readouterr().out
    assert "ditutup" in out and "60 hasil" in out
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("close_period", "--instansi", "KOTA", "--tahun", "2031")


def test_bulk_close_equals_the_rules_one_by_one_on_random_data(personas, periode):
    """Every stored value is exactly what the rule functions give for that SKP's inputs."""
    random_agency(personas, periode, random.Random(20260101), count=25)
    services.close_period(periode, by=personas.admin)
    params = pmp.Parameters()
    rows = Hasil.objects.filter(periode=periode)
    assert rows.count() == 25 * 5
    for hasil in rows:
        explained = services.explain(hasil.masukan)  # the rule functions themselves
        stored = (
            None if hasil.capaian is None else str(hasil.capaian), hasil.usulan_hasil_kerja,
            hasil.usulan_perilaku, hasil.usulan_predikat,
            None if hasil.nilai is None else str(hasil.nilai), hasil.galat,
        )  # fmt: skip
        assert stored == explained.outcome.key()
        if hasil.bagian_id is not None and hasil.masukan["perilaku"] and not hasil.galat:
            ratings = dict(zip(NILAI_INTI, hasil.masukan["perilaku"]["nilai"], strict=True))
            notes = {c: "x" for c, n in zip(NILAI_INTI, hasil.masukan["perilaku"]["catatan"],
                                            strict=True) if n}  # fmt: skip
            rule = pmp.propose_behaviour_rating(ratings, notes=notes, params=params)
            assert hasil.usulan_perilaku == rule.value.value


def test_close_computes_only_the_slice_results_still_missing(personas, periode, team):
    bagian = periode.bagian.get(nomor=1)
    services.compute_results(periode, by=personas.admin, bagian=bagian)
    before = {row[0]: row for row in snapshot(periode)}
    late = PegawaiFactory(instansi=personas.instansi, unit=personas.pegawai_pegawai.unit,
                          atasan=personas.atasan_pegawai)  # fmt: skip
    skp = simple_skp(late, periode)  # approved after slice 1 was computed
    services.close_period(periode, by=personas.admin)
    first = Hasil.objects.filter(bagian=bagian)
    assert first.count() == len(team) + 1 and first.filter(skp=skp).exists()
    kept = {row[0]: row for row in snapshot(periode) if row[0] in before and row[1] == bagian.pk}
    assert kept == before  # frozen as they stood


def test_combined_hash_is_the_hash_of_the_rows_in_database_order(personas, periode, team):
    """The combined hash sorts in Python what ``ORDER BY skp_id, nomor`` would give (NULL, the
    year, where this database puts it)."""
    run = services.close_period(periode, by=personas.admin)
    rows = (
        Hasil.objects.filter(periode=periode)
        .order_by("skp_id", "bagian__nomor")
        .values_list("skp_id", "bagian__nomor", "hash_masukan")
    )
    digest = hashlib.sha256()
    for skp_id, nomor, value in rows:
        digest.update(f"{skp_id}:{nomor or 0}:{value}\n".encode())
    assert run.hash_gabungan == digest.hexdigest() == services.combined_hash(periode)
    # PostgreSQL hashes in the server; the Python reading gives the same digest everywhere.
    assert close_module._combined_hash_here(periode) == run.hash_gabungan


def test_combined_hash_of_a_period_without_results_is_the_hash_of_nothing(personas, periode):
    assert services.combined_hash(periode) == hashlib.sha256(b"").hexdigest()


def test_close_keeps_a_constant_query_count_as_the_agency_grows(personas, periode):
    """The close reads and writes per slice and per query kind, never per SKP or result."""
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    def closed_with_queries() -> int:
        with CaptureQueriesContext(db) as captured:
            services.close_period(periode, by=personas.admin)
        Hasil.objects.filter(periode=periode).delete()
        PenutupanPeriode.objects.filter(periode=periode).delete()
        Periode.objects.filter(pk=periode.pk).update(status=Periode.Status.PENILAIAN)
        periode.refresh_from_db()
        return len(captured.captured_queries)

    random_agency(personas, periode, random.Random(29), count=3)
    small = closed_with_queries()
    random_agency(personas, periode, random.Random(31), count=12)
    assert Hasil.objects.filter(periode=periode).count() == 0
    assert closed_with_queries() == small


def test_results_leave_with_their_skp_and_slice_without_a_database_constraint(
    personas, periode, team
):
    """The result's SKP and slice are not checked by the database (a close's 500,000 rows
    would each pay a trigger query); Django's CASCADE still removes a deleted SKP's and
    slice's results, and verify_period names any result left without its SKP."""
    services.close_period(periode, by=personas.admin)
    skp = team[0].skp.get(periode=periode)
    assert Hasil.objects.filter(skp=skp).count() == 5
    with pytest.raises(ProtectedError):  # an SKP with realisations stays
        skp.delete()
    skp_id = skp.pk
    Realisasi.objects.filter(skp=skp).delete()
    skp.delete()
    assert not Hasil.objects.filter(skp_id=skp_id).exists()
    assert Hasil.objects.filter(periode=periode).count() == 11 * 5
    stray = Hasil.objects.filter(periode=periode, bagian__isnull=True).first()
    Hasil.objects.filter(pk=stray.pk).update(skp_id=10**9)
    found = {(m.skp_id, m.computed is None) for m in services.verify_period(periode)}
    Hasil.objects.filter(pk=stray.pk).update(skp_id=stray.skp_id)
    assert found == {(stray.skp_id, False), (10**9, True)}
    bagian = periode.bagian.get(nomor=4)
    bagian_id = bagian.pk
    Realisasi.objects.filter(bagian=bagian).delete()
    PenilaianPerilaku.objects.filter(bagian=bagian).delete()
    bagian.delete()
    assert not Hasil.objects.filter(bagian_id=bagian_id).exists()
    assert Hasil.objects.filter(periode=periode).count() == 11 * 4


def test_streamed_reads_pass_through_the_execute_wrappers(personas, periode, team):
    """The close's streamed reads bypass Django's cursor on PostgreSQL; the statements still
    reach the connection's execute wrappers (the authorization matrix watches there), and
    no row is lost to it, nor to an empty result."""
    from kinerja.scoring import queries

    seen = []

    def record(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    plain = inputs.read_source(periode)
    with connection.execute_wrapper(record):
        watched = inputs.read_source(periode)
        empty = queries.curve_rows(periode)
    tables = ("skp_indikator", "skp_realisasi", "skp_penilaianperilaku", "scoring_hasil")
    for table in tables:
        assert any(f'FROM "{table}"' in sql for sql in seen), table
    assert watched.realisations == plain.realisations and len(plain.realisations) == 12
    assert watched.indicators == plain.indicators and watched.behaviour == plain.behaviour
    assert empty == []
    services.close_period(periode, by=personas.admin)
    with connection.execute_wrapper(record):
        assert len(queries.curve_rows(periode)) == 12


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's work_mem")
def test_close_takes_more_memory_per_hash_for_its_own_work_only(personas, periode, team):
    """The close's year sums run as a hash aggregate with work_mem raised for the close's
    bulk phase (dbstream.POSTGRESQL_WORK_MEM); the setting is back as it was afterwards."""
    from kinerja.scoring import queries

    def setting():
        with connection.cursor() as cursor:
            cursor.execute("SHOW work_mem")
            return cursor.fetchone()[0]

    before = setting()
    assert before != dbstream.POSTGRESQL_WORK_MEM
    seen = []
    real = queries.curve_inputs

    def watched(*args, **kwargs):
        seen.append(setting())
        return real(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(queries, "curve_inputs", watched)
        services.close_period(periode, by=personas.admin)
    assert seen == [dbstream.POSTGRESQL_WORK_MEM]
    assert setting() == before


def test_a_query_inside_the_closes_streaming_blocks_is_refused_and_nothing_is_kept(
    personas, periode, team
):
    """The close's layout (beside the reading) and its curve check (while the server makes
    the hash) may send no query: one there would hang the close on PostgreSQL. It is refused
    on either database, the close rolls back, and the next close works."""
    from kinerja.scoring import queries
    from kinerja.scoring.services import bulk

    def querying_layout(source, **kwargs):
        Hasil.objects.count()

    def querying_curve(*args, **kwargs):
        return Hasil.objects.count()

    for target, name, replacement, holder in (
        (bulk, "prepare", querying_layout, "kinerja-tata-letak"),
        (queries, "curve_scopes", querying_curve, "meanwhile"),
    ):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(target, name, replacement)
            with pytest.raises(dbstream.QueryDuringStream, match=holder):
                services.close_period(periode, by=personas.admin)
        periode.refresh_from_db()
        assert periode.status == Periode.Status.PENILAIAN
        assert not Hasil.objects.exists()
    run = services.close_period(periode, by=personas.admin)
    assert run.hash_gabungan == services.combined_hash(periode)


def test_a_failing_close_leaves_the_collector_on_and_the_settings_as_they_were(
    personas, periode, team, monkeypatch
):
    import gc

    def setting():
        with connection.cursor() as cursor:
            vendor = connection.vendor
            cursor.execute("SHOW work_mem" if vendor == "postgresql" else "PRAGMA cache_size")
            return cursor.fetchone()[0]

    before = setting()
    seen = []

    def broken(*args, **kwargs):
        seen.append((gc.isenabled(), setting()))
        raise RuntimeError("galat di tengah")

    monkeypatch.setattr("kinerja.scoring.services.close.queries.curve_inputs", broken)
    with pytest.raises(RuntimeError, match="galat di tengah"):
        services.close_period(periode, by=personas.admin)
    assert seen and seen[0][0] is False and seen[0][1] != before  # the bulk phase's
    assert gc.isenabled() and setting() == before


def test_the_year_keeps_a_decided_slice_and_asks_nothing_of_the_fresh_ones(personas, periode, team):
    """Slices the close computes whole are new in its transaction, so nobody has decided
    them: the year looks for the rater's decisions only in slices computed earlier (none
    at all in a close from nothing), and still uses the one decided there."""
    from django.test.utils import CaptureQueriesContext

    first = periode.bagian.get(nomor=1)
    services.compute_results(periode, by=personas.admin, bagian=first)
    mine = Hasil.objects.get(bagian=first, skp__pegawai=personas.pegawai_pegawai)
    other = "sesuai" if mine.usulan_perilaku == "di_atas" else "di_atas"
    services.override_result(
        mine, by=personas.atasan, alasan="Sikap kerja di kuartal ini berbeda dari usulan.",
        hasil_kerja=mine.usulan_hasil_kerja, perilaku=other,
        version=mine.version,
    )  # fmt: skip
    with CaptureQueriesContext(connection) as captured:
        services.close_period(periode, by=personas.admin)
    asked = decisions_asked(captured)
    assert len(asked) == 1 and f'"bagian_id" IN ({first.pk})' in asked[0], asked  # slice 1 only
    year = Hasil.objects.get(bagian__isnull=True, skp=mine.skp)
    periodic = {p["bagian"]: p for p in year.masukan["perilaku_periodik"]}
    assert periodic[1] == {"bagian": 1, "penilaian": other, "sumber": "penilai"}
    assert {p["sumber"] for n, p in periodic.items() if n != 1} == {"usulan"}
    assert services.verify_period(periode) == []

    Hasil.objects.filter(periode=periode).delete()
    PenutupanPeriode.objects.filter(periode=periode).delete()
    Periode.objects.filter(pk=periode.pk).update(status=Periode.Status.PENILAIAN)
    periode.refresh_from_db()
    with CaptureQueriesContext(connection) as captured:
        services.close_period(periode, by=personas.admin)
    assert decisions_asked(captured) == []
    assert services.verify_period(periode) == []


def decisions_asked(captured) -> list[str]:
    """The year's reads of the rater's decided slice behaviour."""
    return [
        q["sql"] for q in captured.captured_queries
        if q["sql"].startswith("SELECT") and "akhir_perilaku" in q["sql"] and "menunggu" in q["sql"]
    ]  # fmt: skip
