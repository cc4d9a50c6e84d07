"""``python -m kinerja.scoring predikat``: the predikat from two ratings, per row."""

from tests.scoring.cli_process import lines, run, write_csv, write_xlsx

PREDIKAT_ROWS = [
    ["nip", "hasil_kerja", "perilaku"],
    ["198001012005011001", "di_atas", "di_atas"],
    ["198001012005011002", "Sesuai Ekspektasi", "Di Bawah Ekspektasi"],
]


def test_predikat_reads_a_comma_csv_and_prints_one_line_per_row(tmp_path):
    result = run("predikat", write_csv(tmp_path / "p.csv", PREDIKAT_ROWS))
    assert result.returncode == 0, result.stderr
    out = lines(result)
    assert [(o["nip"], o["predikat"], o["label"]) for o in out] == [
        ("198001012005011001", "sangat_baik", "Sangat Baik"),
        ("198001012005011002", "kurang", "Kurang/Misconduct"),
    ]
    assert out[0]["breakdown"]["langkah"]


def test_predikat_reads_a_semicolon_csv_with_bom_and_uppercase_headers_in_any_order(tmp_path):
    rows = [["PERILAKU", "Nip", "Hasil_Kerja"], ["di_bawah", "1", "di_bawah"]]
    result = run("predikat", write_csv(tmp_path / "p.csv", rows, delimiter=";", bom=True))
    assert result.returncode == 0, result.stderr
    assert lines(result)[0]["predikat"] == "sangat_kurang"


def test_predikat_reads_xlsx(tmp_path):
    result = run("predikat", write_xlsx(tmp_path / "p.xlsx", PREDIKAT_ROWS))
    assert result.returncode == 0, result.stderr
    assert [o["predikat"] for o in lines(result)] == ["sangat_baik", "kurang"]


def test_predikat_bad_row_is_reported_by_row_and_column_and_left_out(tmp_path):
    rows = [*PREDIKAT_ROWS, ["198001012005011003", "luar biasa", "sesuai"]]
    result = run("predikat", write_csv(tmp_path / "p.csv", rows))
    assert result.returncode == 1
    assert result.stderr.startswith("baris 4: kolom hasil_kerja: ")
    assert [o["nip"] for o in lines(result)] == ["198001012005011001", "198001012005011002"]
