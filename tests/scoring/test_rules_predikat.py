"""§2.1: the predikat matrix, codes, labels and order."""

import pytest

from kinerja.scoring.rules.common import RuleInputError
from kinerja.scoring.rules.permenpanrb_6_2022 import (
    PREDIKAT_ORDER,
    Predikat,
    Rating,
    parse_predikat,
    parse_rating,
    predikat,
)

MATRIX = [
    ("di_atas", "di_bawah", "kurang"),
    ("di_atas", "sesuai", "baik"),
    ("di_atas", "di_atas", "sangat_baik"),
    ("sesuai", "di_bawah", "kurang"),
    ("sesuai", "sesuai", "baik"),
    ("sesuai", "di_atas", "baik"),
    ("di_bawah", "di_bawah", "sangat_kurang"),
    ("di_bawah", "sesuai", "butuh_perbaikan"),
    ("di_bawah", "di_atas", "butuh_perbaikan"),
]


@pytest.mark.parametrize(("hasil_kerja", "perilaku", "expected"), MATRIX)
def test_every_cell_of_the_matrix_gives_the_regulation_predikat(hasil_kerja, perilaku, expected):
    result = predikat(hasil_kerja, perilaku)
    assert result.value == Predikat(expected)
    assert result.breakdown.inputs == {
        "hasil_kerja": Rating(hasil_kerja),
        "perilaku": Rating(perilaku),
    }
    assert result.value.label in result.breakdown.steps[0]


@pytest.mark.parametrize(("hasil_kerja", "perilaku", "expected"), MATRIX)
def test_labels_are_accepted_in_place_of_codes(hasil_kerja, perilaku, expected):
    work_label = Rating(hasil_kerja).label.upper()
    behaviour_label = "  " + Rating(perilaku).label.lower() + " "
    assert predikat(work_label, behaviour_label).value == Predikat(expected)


def test_predikat_codes_labels_and_order_follow_the_regulation():
    assert [p.value for p in PREDIKAT_ORDER] == [
        "sangat_baik",
        "baik",
        "butuh_perbaikan",
        "kurang",
        "sangat_kurang",
    ]
    assert [p.label for p in PREDIKAT_ORDER] == [
        "Sangat Baik",
        "Baik",
        "Butuh Perbaikan",
        "Kurang/Misconduct",
        "Sangat Kurang",
    ]
    assert [p.rank for p in PREDIKAT_ORDER] == [0, 1, 2, 3, 4]


def test_rating_labels_are_the_three_expectation_levels():
    assert [r.label for r in Rating] == [
        "Di Atas Ekspektasi",
        "Sesuai Ekspektasi",
        "Di Bawah Ekspektasi",
    ]


def test_predikat_label_with_slash_and_misconduct_alone_both_mean_kurang():
    assert parse_predikat("Kurang/Misconduct") is Predikat.KURANG
    assert parse_predikat("misconduct") is Predikat.KURANG


def test_an_unknown_rating_is_refused_with_the_allowed_codes_listed():
    with pytest.raises(RuleInputError) as caught:
        parse_rating("luar biasa", field="perilaku")
    assert caught.value.field == "perilaku"
    message = str(caught.value)
    assert "Di Atas Ekspektasi" in message and "Di Bawah Ekspektasi" in message
    # what the message offers is accepted: the label as well as the code
    assert parse_rating("Di Atas Ekspektasi") == parse_rating("di_atas")
