"""The one formatting layer: Indonesian numbers (92.118, 85,5), half-up official figures,
sizes, dates in words and times in the agency's zone; and the places issue 21 found writing
numbers the English way now go through it."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from kinerja.core import formatting
from kinerja.core.errors import DomainError
from kinerja.followup.services.pengembangan import _activities
from kinerja.scoring.rules import kurva
from kinerja.scoring.rules.common import fmt
from kinerja.skp.models import Indikator, Realisasi
from kinerja.skp.services.realisasi import check_upload


@pytest.fixture(autouse=True)
def _indonesian():
    with translation.override("id"):
        yield


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [(92118, None, "92.118"), (Decimal("85.5"), None, "85,5"), (Decimal("86.6000"), None, "86,6"),
     (Decimal("91.705"), 2, "91,71"), (Decimal("91.715"), 2, "91,72"), (4.5, 1, "4,5"),
     (Decimal("1250.5"), 2, "1.250,50"), (Decimal("100"), None, "100"), (None, 2, "—"),
     (Decimal("-0.001"), 2, "0,00"), (Decimal("1E+2"), None, "100")],
)  # fmt: skip
def test_numbers_read_the_indonesian_way(value, places, expected):
    assert formatting.angka(value, places) == expected


def test_official_figures_round_half_up_not_half_even():
    # Decimal's and Python's default rounding is half-even: 91,705 → 91,70.
    assert formatting.persen(Decimal("91.705")) == "91,71%"
    assert formatting.persen(Decimal("0.125"), 2) == "0,13%"
    assert fmt(Decimal("2.675")) == "2,68"


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False))
def test_every_figure_has_a_decimal_comma_and_dots_only_per_thousand(value):
    with translation.override("id"):
        text = formatting.angka(value, 2)
    whole, _, decimals = text.lstrip("-").partition(",")
    assert len(decimals) == 2 and decimals.isdigit()
    groups = whole.split(".")
    assert all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3
    assert Decimal(text.replace(".", "").replace(",", ".")) == formatting.round_half_up(value, 2)


def test_values_typed_back_into_forms_have_no_thousands_dot():
    assert formatting.isian(Decimal("1250.5000")) == "1250,5"
    indikator = Indikator(target=Decimal("1250.00"), target_atas=None, satuan="dokumen",
                          bobot=Decimal("1.00"))  # fmt: skip
    assert indikator.target_angka == "1250"
    assert indikator.target_tertulis == "1.250 dokumen"
    assert Indikator(target=Decimal("85.0"), satuan="%").target_tertulis == "85%"


def test_a_realisation_names_itself_in_indonesian_in_the_audit_log():
    # Was "Realisasi 86.6000 (Draf)" in the audit log's object column.
    assert str(Realisasi(nilai=Decimal("86.6000"), status="draf")) == "Realisasi 86,6 (Draf)"


def test_the_evidence_size_message_writes_sizes_the_indonesian_way(settings):
    # Was "Berkas 11.0 MB melebihi batas 10 MB".
    settings.KINERJA_BUKTI_MAX_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("besar.pdf", b"%PDF" + b"0" * (1536 * 1024))
    with pytest.raises(DomainError) as error:
        check_upload(upload)
    assert "Berkas 1,5 MB melebihi batas 1 MB" in str(error.value)
    assert formatting.ukuran_berkas(11 * 1024 * 1024) == "11 MB"


def test_a_development_plan_writes_the_capaian_the_indonesian_way():
    # Was "Capaian 66.67%: tingkatkan hasil kerja ini."
    areas = [{"jenis": "indikator", "uraian": "Jumlah dokumen", "capaian": "66.67"}]
    assert _activities(areas, 2026)[0]["uraian"].startswith("Capaian 66,67%:")


def test_the_curve_writes_counts_with_a_thousands_dot():
    # The close page printed "2415" in the curve check's sentences.
    rule = kurva.CurveRule(kurva.Bound.AT_MOST, (kurva.PREDIKAT_ORDER[0],), count=2415)
    assert rule.describe().startswith("paling banyak 2.415 orang")
    assert fmt(2415) == "2.415"


def test_dates_in_words_and_the_signature_line():
    assert formatting.tempat_tanggal("Kota Demo", date(2026, 12, 6)) == "Kota Demo, 6 Desember 2026"
    with translation.override("en"):
        assert formatting.tempat_tanggal("Kota Demo", date(2026, 12, 6)).endswith("Desember 2026")
    assert [formatting.triwulan(n) for n in (1, 4)] == ["Triwulan I", "Triwulan IV"]


def test_date_ranges_and_dates_written_for_someone_else():
    assert formatting.rentang_tanggal(date(2026, 1, 1), date(2026, 3, 31)) == "1 Jan–31 Mar"
    assert formatting.rentang_tanggal(date(2026, 8, 1), date(2026, 10, 31)) == "1 Agu–31 Okt"
    assert (
        formatting.rentang_tanggal(date(2026, 12, 1), date(2027, 2, 28)) == "1 Des 2026–28 Feb 2027"
    )
    assert formatting.rentang_tanggal(None, date(2026, 3, 31)) == "—"
    with translation.override("en"):  # notifications are Indonesian sentences
        assert formatting.tanggal_id(date(2026, 3, 31)) == "31 Maret 2026"


def test_a_slice_names_its_days_in_words():
    # Before: "Bagian 1 (01/01–31/03)".
    from kinerja.skp.models import BagianPeriode

    bagian = BagianPeriode(nomor=1, mulai=date(2026, 1, 1), selesai=date(2026, 3, 31))
    assert bagian.label == "Bagian 1 (1 Jan–31 Mar)"
    bagian = BagianPeriode(nomor=5, mulai=date(2026, 5, 4), selesai=date(2026, 9, 30))
    assert bagian.label == "Bagian 5 (4 Mei–30 Sep)"


class _Agency:
    zona_waktu = "Asia/Makassar"


def test_one_time_filter_for_the_active_zone_and_for_an_agency():
    moment = datetime(2026, 12, 6, 6, 5, 9, tzinfo=UTC)
    html = Template(
        "{% load formatting %}{{ t|waktu:agency }} | {{ t|waktu:'detik' }} | {{ t|waktu }}"
    ).render(Context({"t": moment, "agency": _Agency()}))
    assert html == "6 Des 2026 14.05 WITA | 6 Des 2026 13.05.09 WIB | 6 Des 2026 13.05 WIB"
    # The older library names render the same implementation.
    older = Template("{% load aduan zona %}{{ t|waktu_instansi:agency }} {{ t|waktu }}").render(
        Context({"t": moment, "agency": _Agency()})
    )
    assert older == "6 Des 2026 14.05 WITA 6 Des 2026 13.05 WIB"


def test_percent_and_units_in_templates():
    html = Template(
        "{% load formatting %}{{ a|persen }} {{ b|angka:1 }} {{ c|ribuan }} {{ d|ukuran }} "
        "{{ e|angka|satuan:'%' }} {{ f|angka|satuan:'hari' }}"
    ).render(Context({"a": Decimal("86.6"), "b": 4.5, "c": 2415, "d": 11 * 1024 * 1024,
                      "e": Decimal("93.1000"), "f": Decimal("6.1")}))  # fmt: skip
    # |angka keeps two decimals, as every figure of a result is shown (97,03, never 97,0333…)
    assert html == "86,60% 4,5 2.415 11 MB 93,10% 6,10 hari"


def test_a_nip_is_written_in_its_four_parts():
    from kinerja.core.formatting import nip

    assert nip("197502072006021002") == "19750207 200602 1 002"
    assert nip("19750207200602100") == "19750207200602100"  # not 18 digits: as it is
    assert nip(None) == ""
