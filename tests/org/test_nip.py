from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.org.nip import PNS, PPPK, NipError, format_nip, normalise_nip, parse_nip

TODAY = date(2026, 11, 24)


def test_a_valid_nip_is_split_into_its_parts():
    nip = parse_nip("19850312 200901 1 003", today=TODAY)
    assert nip.nip == "198503122009011003"
    assert nip.tanggal_lahir == date(1985, 3, 12)
    assert (nip.tahun_pengangkatan, nip.bulan_pengangkatan) == (2009, 1)
    assert nip.jenis_kelamin == "L"
    assert nip.nomor_urut == 3
    assert nip.tertulis == "19850312 200901 1 003"
    assert nip.peringatan == ()


def test_spaces_and_dots_are_stripped_before_checking():
    assert normalise_nip(" 19850312.200901.2.003 ") == "198503122009012003"
    assert parse_nip("19850312 200901 2 003", today=TODAY).jenis_kelamin == "P"


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "wajib diisi"),
        ("19850312200901100", "18 digit"),
        ("1985031220090110031", "18 digit"),
        ("19850312A009011003", "hanya boleh berisi angka"),
        ("19850230200901100" + "3", "tanggal lahir yang sah"),  # 30 February
        ("19851312200901100" + "3", "tanggal lahir yang sah"),  # month 13
        ("19850312200913100" + "3", "bulan 01–12"),
        ("19850312200900100" + "3", "bulan 01–12"),
        ("19850312198401100" + "3", "setelah tanggal lahir"),
        ("19850312200901300" + "3", "Digit ke-15"),
        ("19850312200901000" + "3", "Digit ke-15"),
        ("198503122009011000", "nomor urut"),
        ("20300101205001100" + "1", "tidak masuk akal"),  # born in the future
        ("19850312203001100" + "1", "masa depan"),
    ],
)
def test_each_kind_of_invalid_nip_is_refused_with_a_message(raw, fragment):
    with pytest.raises(NipError) as excinfo:
        parse_nip(raw, today=TODAY)
    assert fragment in str(excinfo.value)


def test_an_appointment_before_eighteen_is_a_warning_not_a_refusal():
    nip = parse_nip("200001012016011001", today=TODAY)
    assert nip.peringatan and "18 tahun" in nip.peringatan[0]


def test_a_pppk_number_has_a_year_and_two_digits_that_are_not_a_month():
    nip = parse_nip("199001012022211001", PPPK, today=TODAY)
    assert nip.tahun_pengangkatan == 2022
    assert nip.bulan_pengangkatan is None
    with pytest.raises(NipError, match="bulan 01–12"):
        parse_nip("199001012022211001", PNS, today=TODAY)


def test_a_pppk_number_is_still_checked_for_birth_date_year_and_sex():
    with pytest.raises(NipError, match="tanggal lahir"):
        parse_nip("199002302022211001", PPPK, today=TODAY)
    with pytest.raises(NipError, match="tahun pengangkatan"):
        parse_nip("199001011980211001", PPPK, today=TODAY)
    with pytest.raises(NipError, match="Digit ke-15"):
        parse_nip("199001012022213001", PPPK, today=TODAY)


def test_a_pppk_number_with_serial_000_is_refused():
    """§1: the serial (digits 16–18) is 001–999 for PPPK numbers too (issue 24)."""
    assert parse_nip("199001012022211001", PPPK, today=TODAY).nomor_urut == 1
    with pytest.raises(NipError, match="Nomor Induk PPPK \\(nomor urut\\) harus 001 sampai 999"):
        parse_nip("199001012022211000", PPPK, today=TODAY)


@given(
    born=st.dates(min_value=date(1950, 1, 1), max_value=date(2000, 12, 31)),
    years_after=st.integers(min_value=18, max_value=25),
    month=st.integers(min_value=1, max_value=12),
    sex=st.sampled_from("LP"),
    serial=st.integers(min_value=1, max_value=999),
)
def test_every_composed_nip_parses_back_to_its_parts(born, years_after, month, sex, serial):
    raw = format_nip(born, born.year + years_after, month, sex, serial)
    nip = parse_nip(raw, today=TODAY)
    assert (nip.tanggal_lahir, nip.jenis_kelamin, nip.nomor_urut) == (born, sex, serial)
    assert (nip.tahun_pengangkatan, nip.bulan_pengangkatan) == (born.year + years_after, month)


@given(st.text(max_size=30))
def test_arbitrary_text_either_parses_or_raises_nip_error(text):
    try:
        nip = parse_nip(text, today=TODAY)
    except NipError:
        return
    assert len(nip.nip) == 18 and nip.nip.isdigit()
