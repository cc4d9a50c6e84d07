"""``python -m kinerja.scoring``, run as a process: files every command refuses (empty,
header only, not UTF-8, a broken workbook, missing), usage errors and the help."""

import pytest

from tests.scoring.cli_process import run, write_csv


@pytest.mark.parametrize("command", ["predikat", "capaian", "skp", "ikm"])
def test_an_empty_file_is_refused_with_a_message(tmp_path, command):
    path = tmp_path / "kosong.csv"
    path.write_bytes(b"")
    result = run(command, path)
    assert result.returncode == 1
    assert "berkas kosong" in result.stderr
    assert result.stdout == ""


def test_a_header_without_data_rows_is_refused(tmp_path):
    result = run("predikat", write_csv(tmp_path / "p.csv", [["nip", "hasil_kerja", "perilaku"]]))
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
