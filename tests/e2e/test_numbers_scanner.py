"""The scanner of the browser number check finds each English-style number the issue listed,
and leaves Indonesian numbers, times, sections and years alone (it runs without a browser)."""

import pytest

from tests.e2e.numbers import english_numbers


@pytest.mark.parametrize(
    "text",
    ["Realisasi: 4.5 hari", "rencana disetujui 86.6 %", "Capaian 66.67%", "Berkas 11.0 MB",
     "Realisasi 86.6000 (Diverifikasi)", "79,59 · mutu B · 5606 responden"],
)  # fmt: skip
def test_each_listed_english_number_is_found(text):
    assert english_numbers(text)


@pytest.mark.parametrize("cell", ["95.55", "2415", "86.6%", "-3.5"])
def test_english_numbers_alone_in_a_cell_are_found(cell):
    assert english_numbers("", [cell])


@pytest.mark.parametrize(
    "text",
    ["92.118 pegawai", "Capaian 85,5%", "6 Des 2026 14.05 WITA", "PermenPANRB 6/2022 §2.3",
     "dari 127.0.0.1", "Realisasi 1.250,5 dokumen", "tahun 2026", "NIP 19701014 202521 1 006",
     "2.415 hasil"],
)  # fmt: skip
def test_indonesian_numbers_times_and_sections_pass(text):
    assert english_numbers(text, ["2026", "92.118", "85,50", "19701014 202521 1 006"]) == []
