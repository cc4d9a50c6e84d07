"""Period close, what it keeps: every result stored once with its inputs and hashes, a
second close writing nothing, verification, who may close, the command, and what the year
takes from slices decided earlier."""

import hashlib
import json
import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import ProtectedError

from kinerja.core.errors import DomainError, NotAllowed
from kinerja.core.models import AuditEntry
from kinerja.scoring import services
from kinerja.scoring.models import Hasil, PenutupanPeriode
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.skp.models import NILAI_INTI, PenilaianPerilaku, Periode, Realisasi
from tests.factories import PegawaiFactory
from tests.scoring.conftest import random_agency, simple_skp, snapshot


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
