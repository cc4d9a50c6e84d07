"""``python -m kinerja.scoring capaian``: an indicator's capaian per row, with number formats
and thresholds."""

from decimal import Decimal as D

from tests.scoring.cli_process import lines, run, write_csv, write_xlsx

CAPAIAN_ROWS = [
    ["nip", "indikator", "target", "realisasi", "arah", "bobot"],
    ["A", "Cakupan", "80-90", "70", "naik", "1"],
    ["B", "Waktu layanan", "7-8", "6,5", "turun", ""],
    ["A", "Aduan selesai", "100", "250", "naik", "1"],
]


def test_capaian_reads_a_semicolon_csv_with_decimal_commas(tmp_path):
    result = run("capaian", write_csv(tmp_path / "c.csv", CAPAIAN_ROWS, delimiter=";"))
    assert result.returncode == 0, result.stderr
    first, second = lines(result)
    assert first["nip"] == "A"  # order of first appearance
    assert [i["capaian"] for i in first["indikator"]] == [D("87.5"), D(120)]
    assert first["indikator"][1]["capaian_tanpa_batas"] == D(250)
    assert first["capaian"] == D("103.75")
    assert first["usulan_hasil_kerja"] == "sesuai"
    assert second["nip"] == "B"
    assert second["capaian"] == (2 - D("6.5") / 7) * 100  # unrounded: 107.142857…
    assert second["usulan_hasil_kerja"] == "sesuai"
    assert "breakdown" in first


def test_capaian_reads_a_comma_csv_with_a_quoted_decimal_comma(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(
        'nip,indikator,target,realisasi,arah\nB,Waktu,7-8,"6,5",turun\n', encoding="utf-8"
    )
    result = run("capaian", path)
    assert result.returncode == 0, result.stderr
    assert lines(result)[0]["indikator"][0]["realisasi"] == D("6.5")


def test_capaian_reads_xlsx_with_numeric_cells(tmp_path):
    rows = [["NIP", "Arah", "Indikator", "Target", "Realisasi"], ["A", "naik", "x", 80, 88]]
    result = run("capaian", write_xlsx(tmp_path / "c.xlsx", rows))
    assert result.returncode == 0, result.stderr
    assert lines(result)[0]["capaian"] == D(110)
    assert lines(result)[0]["usulan_hasil_kerja"] == "di_atas"


def test_capaian_thresholds_can_be_set_on_the_command_line(tmp_path):
    rows = [CAPAIAN_ROWS[0], ["A", "x", "100", "106", "naik", "1"]]
    path = write_csv(tmp_path / "c.csv", rows)
    assert lines(run("capaian", path))[0]["usulan_hasil_kerja"] == "sesuai"
    strict = run("capaian", "--batas-atas", "105", "--batas-bawah", "95", path)
    assert lines(strict)[0]["usulan_hasil_kerja"] == "di_atas"


def test_capaian_bad_row_suppresses_that_nip_only_and_exits_1(tmp_path):
    rows = [*CAPAIAN_ROWS, ["A", "Nol", "0", "5", "naik", "1"]]
    result = run("capaian", write_csv(tmp_path / "c.csv", rows, delimiter=";"))
    assert result.returncode == 1
    assert result.stderr.startswith("baris 5: kolom target: target 0")
    assert [o["nip"] for o in lines(result)] == ["B"]


def test_capaian_number_with_thousands_separator_is_refused_with_advice(tmp_path):
    rows = [CAPAIAN_ROWS[0], ["A", "x", "1.000,5", "900", "naik", "1"]]
    result = run("capaian", write_csv(tmp_path / "c.csv", rows, delimiter=";"))
    assert result.returncode == 1
    assert "baris 2: kolom target: " in result.stderr
    assert "pemisah ribuan" in result.stderr
    assert result.stdout == ""


def test_capaian_unquoted_decimal_comma_in_a_comma_csv_is_explained(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("nip,indikator,target,realisasi,arah\nA,x,10,8,5,naik\n", encoding="utf-8")
    result = run("capaian", path)
    assert result.returncode == 1
    assert result.stderr.startswith("baris 2: kolom ")
    assert "tanda kutip" in result.stderr


def test_capaian_missing_required_column_is_named(tmp_path):
    rows = [["nip", "indikator", "target", "realisasi"], ["A", "x", "1", "1"]]
    result = run("capaian", write_csv(tmp_path / "c.csv", rows))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "baris 1: kolom arah: kolom wajib tidak ada; tambahkan kolom 'arah' pada baris judul"
    )
    assert result.stdout == ""


def test_capaian_lower_threshold_above_upper_is_a_usage_error(tmp_path):
    path = write_csv(tmp_path / "c.csv", CAPAIAN_ROWS)
    result = run("capaian", "--batas-atas", "90", "--batas-bawah", "110", path)
    assert result.returncode == 2
    assert "batas bawah" in result.stderr
