"""The database aggregation equals the row-by-row computation, reads only the covering
index, and the offline ``ikm`` command gives the spec's worked example."""

import json
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kinerja.citizen.models import JawabanSurvei, PetugasLayanan
from kinerja.citizen.queries import ikm_rows
from kinerja.scoring.rules import ikm as ikm_rule
from tests.citizen.conftest import add_answers, make_layanan
from tests.factories import PegawaiFactory, UnitFactory

ROOT = Path(__file__).resolve().parents[2]


def _row_by_row(instansi_id, dari, sampai, key):
    """The index from each stored answer, in Python, through the pure rule."""
    groups: dict = {}
    start = timezone.make_aware(timezone.datetime.combine(dari, timezone.datetime.min.time()))
    end = start + timedelta(days=(sampai - dari).days + 1)
    for answer in JawabanSurvei.objects.select_related("layanan").filter(instansi_id=instansi_id):
        if answer.dihitung and start <= answer.diterima_pada < end:
            groups.setdefault(key(answer), []).append(list(answer.answers))
    return {k: ikm_rule.ikm_from_responses(rows) for k, rows in groups.items()}


def test_aggregation_equals_the_row_by_row_computation(personas, layanan):
    rng = random.Random(7)
    other = make_layanan(personas.instansi, UnitFactory(instansi=personas.instansi), kode="kir")
    officer = PegawaiFactory(instansi=personas.instansi, unit=other.unit)
    PetugasLayanan.objects.create(
        instansi=personas.instansi, layanan=other, pegawai=officer, kode="p01"
    )
    now = timezone.now()
    for service, petugas in ((layanan, personas.pegawai_pegawai), (other, officer), (other, None)):
        for _ in range(60):
            flagged = rng.random() < 0.1
            add_answers(
                service, [[rng.choice((1, 2, 3, 3, 4)) for _ in range(9)]],
                petugas=petugas, diterima_pada=now - timedelta(days=rng.randint(0, 90)),
                ditandai=flagged, dihitung=not flagged,
            )  # fmt: skip
    dari, sampai = timezone.localdate() - timedelta(days=45), timezone.localdate()
    keys = {
        "layanan": lambda a: a.layanan_id,
        "unit": lambda a: a.layanan.unit_id,
        "petugas": lambda a: a.petugas_id,
        "instansi": lambda a: None,
    }
    for per, key in keys.items():
        expected = _row_by_row(personas.instansi.pk, dari, sampai, key)
        got = {row.key: row.hasil for row in ikm_rows(personas.instansi.pk, dari, sampai, per=per)}
        assert expected and set(got) == set(expected), per
        for k, result in expected.items():
            assert got[k].respondents == result.respondents, (per, k)
            assert (got[k].nrr, got[k].ikm, got[k].nilai) == (result.nrr, result.ikm, result.nilai)
            assert (got[k].mutu, got[k].kinerja) == (result.mutu, result.kinerja)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan text")
@pytest.mark.parametrize("per", ["instansi", "layanan", "petugas", "unit"])
def test_the_ikm_reads_only_the_covering_index_on_sqlite(layanan, per):
    add_answers(layanan, [[3] * 9])
    with CaptureQueriesContext(connection) as captured:
        ikm_rows(layanan.instansi_id, date(2025, 1, 1), date.today(), per=per)
    sql = captured.captured_queries[0]["sql"]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "COVERING INDEX citizen_jawaban_ikm_idx" in plan


def test_the_ikm_command_gives_the_worked_example(tmp_path):
    """Spec §4: 10 respondents, all 3 except U7 all 4 → IKM 28/9, nilai 77.78, mutu B."""
    header = ",".join(f"u{i}" for i in range(1, 10))
    row = ",".join("4" if i == 7 else "3" for i in range(1, 10))
    source = tmp_path / "skm.csv"
    source.write_text("\n".join([header, *[row] * 10]) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "kinerja.scoring", "ikm", str(source)],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.strip().splitlines()
    result = json.loads(line)
    assert result["responden"] == 10
    assert [float(v) for v in result["nrr"]] == [3, 3, 3, 3, 3, 3, 4, 3, 3]
    assert round(float(result["ikm"]), 4) == 3.1111
    assert round(float(result["nilai"]), 2) == 77.78
    assert (result["mutu"], result["kinerja"]) == ("B", "Baik")


def test_the_ikm_command_reports_a_bad_row_and_exits_1(tmp_path):
    source = tmp_path / "skm.csv"
    source.write_text("layanan,u1,u2,u3,u4,u5,u6,u7,u8,u9\nKTP,3,3,3,3,5,3,3,3,3\n")
    done = subprocess.run(
        [sys.executable, "-m", "kinerja.scoring", "ikm", str(source)],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "baris 2: kolom u5" in done.stderr
    assert done.stdout.strip() == ""
