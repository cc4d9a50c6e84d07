"""``python -m kinerja.scoring ikm``: the satisfaction index per service from survey answers."""

from decimal import Decimal as D

from tests.scoring.cli_process import lines, run, write_csv, write_xlsx

IKM_HEADER = ["layanan", *[f"U{i}" for i in range(1, 10)]]


WORKED_ANSWERS = ["3", "3", "3", "3", "3", "3", "4", "3", "3"]


def test_ikm_reproduces_the_worked_example_per_service_from_a_comma_csv(tmp_path):
    rows = [IKM_HEADER] + [["KTP", *WORKED_ANSWERS]] * 10 + [["KK", *["4"] * 9]]
    result = run("ikm", write_csv(tmp_path / "i.csv", rows))
    assert result.returncode == 0, result.stderr
    ktp, kk = lines(result)
    assert (ktp["layanan"], ktp["responden"]) == ("KTP", 10)
    assert ktp["nrr"] == [3, 3, 3, 3, 3, 3, 4, 3, 3]
    assert ktp["ikm"] == D(28) / D(9)
    assert ktp["nilai"] == D(700) / D(9)
    assert (ktp["mutu"], ktp["kinerja"]) == ("B", "Baik")
    assert (kk["nilai"], kk["mutu"], kk["kinerja"]) == (D(100), "A", "Sangat Baik")


def test_ikm_without_a_service_column_summarises_the_whole_file_with_weight_0_111(tmp_path):
    rows = [IKM_HEADER[1:]] + [WORKED_ANSWERS] * 10
    result = run("ikm", "--bobot", "0,111", write_csv(tmp_path / "i.csv", rows, ";"))
    assert result.returncode == 0, result.stderr
    (out,) = lines(result)
    assert out["layanan"] is None
    assert (out["ikm"], out["nilai"]) == (D("3.108"), D("77.7"))


def test_ikm_reads_xlsx(tmp_path):
    rows = [IKM_HEADER] + [["KTP", *map(int, WORKED_ANSWERS)]] * 3
    result = run("ikm", write_xlsx(tmp_path / "i.xlsx", rows))
    assert result.returncode == 0, result.stderr
    assert lines(result)[0]["mutu"] == "B"


def test_ikm_bad_answer_suppresses_only_its_service(tmp_path):
    rows = [IKM_HEADER, ["KTP", *WORKED_ANSWERS], ["KK", *WORKED_ANSWERS[:8], "5"]]
    result = run("ikm", write_csv(tmp_path / "i.csv", rows))
    assert result.returncode == 1
    assert result.stderr.startswith("baris 3: kolom u9: harus bilangan bulat 1–4")
    assert [o["layanan"] for o in lines(result)] == ["KTP"]
