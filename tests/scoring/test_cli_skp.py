"""``python -m kinerja.scoring skp``: an SKP score per NIP from activity rows (PP 46/2011 and
its worked examples)."""

from decimal import Decimal as D

from tests.scoring.cli_process import lines, run, write_csv, write_xlsx

SKP_HEADER = [
    "nip",
    "kegiatan",
    "target_kuantitas",
    "realisasi_kuantitas",
    "target_kualitas",
    "realisasi_kualitas",
    "target_waktu",
    "realisasi_waktu",
    "nilai_perilaku",
]


def test_skp_reproduces_the_worked_examples_from_a_comma_csv(tmp_path):
    rows = [
        SKP_HEADER,
        ["1", "Laporan", "1", "1", "100", "90", "12", "12", ""],
        ["2", "Laporan", "1", "1", "100", "100", "12", "12", "80"],
        ["3", "Laporan", "1", "1", "100", "94", "12", "12", ""],
    ]
    result = run("skp", "--scheme", "pp-46-2011", write_csv(tmp_path / "s.csv", rows))
    assert result.returncode == 0, result.stderr
    first, second, third = lines(result)
    assert first["nilai_skp"] == D(266) / D(3)
    assert first["kategori"] == "baik"
    assert "nilai_prestasi_kerja" not in first
    assert first["kegiatan"][0]["waktu"] == D(76)
    assert (second["nilai_skp"], second["kategori"]) == (D(92), "sangat_baik")
    assert second["nilai_prestasi_kerja"] == D("87.2")
    assert second["kategori_prestasi_kerja"] == "baik"
    assert (third["nilai_skp"], third["kategori"]) == (D(90), "baik")


def test_skp_defaults_to_the_pp_46_2011_scheme_and_reads_semicolon_decimal_commas(tmp_path):
    rows = [
        SKP_HEADER[:-1] + ["target_biaya", "realisasi_biaya"],
        ["1", "Kegiatan A", "1", "1", "100", "100", "12", "9,12", "1000", "1000"],
    ]
    result = run("skp", write_csv(tmp_path / "s.csv", rows, delimiter=";"))
    assert result.returncode == 0, result.stderr
    (out,) = lines(result)
    assert out["kegiatan"][0]["waktu"] == D(100)
    assert out["kegiatan"][0]["biaya"] == D(76)
    assert out["nilai_skp"] == D(94)


def test_skp_reads_xlsx_and_groups_activities_by_nip(tmp_path):
    rows = [
        SKP_HEADER,
        ["1", "A", 1, 1, 100, 90, 12, 12, None],
        ["1", "B", 1, 1, 100, 100, 12, 12, 92],
    ]
    result = run("skp", write_xlsx(tmp_path / "s.xlsx", rows))
    assert result.returncode == 0, result.stderr
    (out,) = lines(result)
    assert [k["kegiatan"] for k in out["kegiatan"]] == ["A", "B"]
    assert out["nilai_skp"] == D(542) / D(6)


def test_skp_bad_row_reports_the_cell_and_prints_nothing_for_that_nip(tmp_path):
    rows = [
        SKP_HEADER,
        ["1", "A", "1", "1", "100", "90", "12", "12", ""],
        ["1", "B", "1", "satu", "100", "90", "12", "12", ""],
        ["2", "A", "1", "1", "100", "90", "12", "12", ""],
    ]
    result = run("skp", write_csv(tmp_path / "s.csv", rows))
    assert result.returncode == 1
    assert result.stderr.startswith("baris 3: kolom realisasi_kuantitas: 'satu' bukan angka")
    assert [o["nip"] for o in lines(result)] == ["2"]


def test_skp_unknown_scheme_is_a_usage_error(tmp_path):
    path = write_csv(tmp_path / "s.csv", [SKP_HEADER])
    result = run("skp", "--scheme", "permenpanrb-6-2022", path)
    assert result.returncode == 2
    assert "pp-46-2011" in result.stderr


def test_skp_optional_additional_tasks_and_creativity_columns_add_their_bonus(tmp_path):
    header = [*SKP_HEADER[:-1], "tugas_tambahan", "kreativitas"]
    rows = [
        header,
        ["1", "A", "1", "1", "100", "90", "12", "12", "4", "unit"],
        ["1", "B", "1", "1", "100", "90", "12", "12", "", ""],
        ["2", "A", "1", "1", "100", "90", "12", "12", "2", ""],
        ["2", "B", "1", "1", "100", "90", "12", "12", "3", ""],
    ]
    result = run("skp", write_csv(tmp_path / "s.csv", rows))
    assert result.returncode == 1
    assert result.stderr.startswith("baris 5: kolom tugas_tambahan: berbeda dengan baris")
    (out,) = lines(result)
    assert out["nilai_skp"] == D(266) / D(3) + 5
