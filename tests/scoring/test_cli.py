"""``python -m kinerja.scoring``: every §7 layout on good and bad files, run as a process."""

import json
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import Workbook

REPO = Path(__file__).resolve().parents[2]


def run(*args):
    result = subprocess.run(  # noqa: S603 - fixed interpreter and module, test arguments
        [sys.executable, "-m", "kinerja.scoring", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=60,
    )
    assert "Traceback" not in result.stderr
    return result


def lines(result):
    return [json.loads(line, parse_float=D) for line in result.stdout.splitlines()]


def write_csv(path, rows, delimiter=",", bom=False, encoding="utf-8"):
    text = "\n".join(delimiter.join(row) for row in rows) + "\n"
    path.write_bytes(("\ufeff" if bom else "").encode(encoding) + text.encode(encoding))
    return path


def write_xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


# ------------------------------------------------------------------ predikat

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


# ------------------------------------------------------------------ capaian

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


# ------------------------------------------------------------------ skp

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


# ------------------------------------------------------------------ kurva


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


# ------------------------------------------------------------------ ikm

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


# ------------------------------------------------------------------ files and usage


@pytest.mark.parametrize("command", ["predikat", "capaian", "skp", "ikm"])
def test_an_empty_file_is_refused_with_a_message(tmp_path, command):
    path = tmp_path / "kosong.csv"
    path.write_bytes(b"")
    result = run(command, path)
    assert result.returncode == 1
    assert "berkas kosong" in result.stderr
    assert result.stdout == ""


def test_a_header_without_data_rows_is_refused(tmp_path):
    result = run("predikat", write_csv(tmp_path / "p.csv", [PREDIKAT_ROWS[0]]))
    assert result.returncode == 1
    assert "tidak ada baris data" in result.stderr


def test_a_latin_1_file_is_refused_with_advice_to_save_as_utf_8(tmp_path):
    rows = [
        ["nip", "indikator", "target", "realisasi", "arah"],
        ["A", "Pelayanan ©", "1", "1", "naik"],
    ]
    result = run("capaian", write_csv(tmp_path / "c.csv", rows, encoding="latin-1"))
    assert result.returncode == 1
    assert "bukan UTF-8" in result.stderr and "baris 2" in result.stderr


def test_a_utf_16_file_is_refused_with_advice(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("nip,hasil_kerja,perilaku\n1,sesuai,sesuai\n", encoding="utf-16")
    result = run("predikat", path)
    assert result.returncode == 1
    assert "UTF-16" in result.stderr


def test_a_corrupt_xlsx_is_refused_with_a_message(tmp_path):
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"bukan zip")
    result = run("predikat", path)
    assert result.returncode == 1
    assert "XLSX" in result.stderr


def test_a_nonexistent_file_is_a_usage_error(tmp_path):
    result = run("predikat", tmp_path / "tidak-ada.csv")
    assert result.returncode == 2
    assert "tidak ditemukan" in result.stderr


@pytest.mark.parametrize(
    "args",
    [[], ["hitung", "x.csv"], ["predikat"], ["ikm", "--bobot", "nol", "x.csv"]],
)
def test_usage_errors_exit_with_status_2_and_an_indonesian_message(args):
    result = run(*args)
    assert result.returncode == 2
    assert "kesalahan penggunaan" in result.stderr
    assert result.stdout == ""


def test_help_is_in_indonesian():
    result = run("--help")
    assert result.returncode == 0
    assert "penggunaan:" in result.stdout and "perintah" in result.stdout


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
