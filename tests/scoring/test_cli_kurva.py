"""``python -m kinerja.scoring kurva``: the distribution check against the organisation's
predikat."""

import pytest

from tests.scoring.cli_process import lines, run, write_csv, write_xlsx


def kurva_rows(*predikat):
    return [["nip", "predikat", "capaian"]] + [
        [f"{i:03}", p, str(100 + i)] for i, p in enumerate(predikat, start=1)
    ]


def test_kurva_reports_violations_and_a_proposal_from_a_comma_csv(tmp_path):
    path = write_csv(tmp_path / "k.csv", kurva_rows(*["sangat_baik"] * 8, "baik", "baik"))
    result = run("kurva", "--organisasi", "istimewa", path)
    assert result.returncode == 0, result.stderr
    (out,) = lines(result)
    assert out["patuh"] is False
    assert [(v["batas"], v["jumlah"]) for v in out["pelanggaran"]] == [(7, 8)]
    assert out["usulan"] == [{"nip": "001", "dari": "sangat_baik", "ke": "baik"}]
    assert out["hanya_saran"] is False


def test_kurva_reads_semicolon_csv_with_labels_and_flags_small_scopes(tmp_path):
    rows = [["NIP", "Predikat", "Capaian"], ["1", "Baik", "95,5"], ["2", "Butuh Perbaikan", "80"]]
    result = run("kurva", "--organisasi", "baik", write_csv(tmp_path / "k.csv", rows, ";"))
    assert result.returncode == 0, result.stderr
    (out,) = lines(result)
    # N = 2: at most floor(70% × 2) = 1 Baik, at least one Butuh Perbaikan: both met.
    assert out["patuh"] is True
    assert out["jumlah_per_predikat"] == {
        "sangat_baik": 0,
        "baik": 1,
        "butuh_perbaikan": 1,
        "kurang": 0,
        "sangat_kurang": 0,
    }
    assert out["hanya_saran"] is True


def test_kurva_reads_xlsx(tmp_path):
    rows = kurva_rows(*["butuh_perbaikan"] * 6, *["baik"] * 4)
    result = run("kurva", "--organisasi", "butuh_perbaikan", write_xlsx(tmp_path / "k.xlsx", rows))
    assert result.returncode == 0, result.stderr
    (out,) = lines(result)
    assert (out["patuh"], out["pelanggaran"], out["usulan"]) == (True, [], [])


def test_kurva_bad_row_means_no_output_at_all(tmp_path):
    rows = [*kurva_rows("baik", "baik"), ["003", "istimewa", "100"]]
    result = run("kurva", "--organisasi", "baik", write_csv(tmp_path / "k.csv", rows))
    assert result.returncode == 1
    assert result.stderr.startswith("baris 4: kolom predikat: ")
    assert result.stdout == ""


def test_kurva_requires_a_known_organisation_predikat(tmp_path):
    path = write_csv(tmp_path / "k.csv", kurva_rows("baik"))
    assert run("kurva", path).returncode == 2
    unknown = run("kurva", "--organisasi", "hebat", path)
    assert unknown.returncode == 2
    # the allowed choices are named by their labels, which the command accepts as well
    assert "Istimewa" in unknown.stderr and "Sangat Kurang" in unknown.stderr
    assert run("kurva", "--organisasi", "Istimewa", path).returncode != 2


@pytest.mark.parametrize("label", ["Butuh Perbaikan/Cukup", "butuh perbaikan / cukup"])
def test_kurva_accepts_butuh_perbaikan_cukup_as_the_organisation_predikat(tmp_path, label):
    """Issue 24: the organisation label "Butuh Perbaikan/Cukup" was refused (exit 2); it is
    the Butuh Perbaikan pattern, the same result as its code."""
    rows = kurva_rows(*["butuh_perbaikan"] * 6, *["baik"] * 4)
    path = write_csv(tmp_path / "k.csv", rows)
    result = run("kurva", "--organisasi", label, path)
    assert result.returncode == 0, result.stderr
    (out,) = lines(result)
    (by_code,) = lines(run("kurva", "--organisasi", "butuh_perbaikan", path))
    assert out["organisasi"] == "butuh_perbaikan" and out == by_code
