"""Property tests for the potential-score import of the talent grid (issue #9, fuzzing).

Whatever the upload, ``import_potential`` answers with its result or a DomainError (which the page
shows), never another exception; a refused import writes nothing; every problem names its row
(and column). Bounded and derandomised.
"""

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kinerja.core.errors import DomainError
from kinerja.followup.models import NilaiPotensi
from kinerja.followup.services.talenta import import_potential
from tests.org.spreadsheets import csv_of, damaged, xlsx_of
from tests.properties import bounded
from tests.skp.factories import PeriodeFactory

BIG = 1024 * 1024
ROW_MESSAGE = re.compile(r"^baris \d+: ")


@pytest.fixture
def setup(personas):
    return personas, PeriodeFactory(instansi=personas.instansi, tahun=2025)


def good_rows(personas) -> list[list]:
    return [
        ["nip", "skor", "tanggal_asesmen"],
        [personas.pegawai_pegawai.nip, "85", "2025-12-01"],
        [personas.rekan_pegawai.nip, "62,5", ""],
    ]


def import_all_or_nothing(setup, name: str, content: bytes):
    personas, periode = setup
    before = list(NilaiPotensi.objects.values_list("pegawai_id", "skor", "sumber"))
    try:
        result = import_potential(periode, by=personas.admin, name=name, content=content)
    except DomainError as refused:
        assert str(refused).strip()
        assert list(NilaiPotensi.objects.values_list("pegawai_id", "skor", "sumber")) == before
        return None
    if result.galat:
        assert list(NilaiPotensi.objects.values_list("pegawai_id", "skor", "sumber")) == before
        for message in result.galat:
            assert ROW_MESSAGE.match(message) or message.startswith("berkas"), message
            assert len(message) < 2000, f"message of {len(message)} characters"
    return result


@bounded(50)
@given(
    content=st.one_of(
        st.binary(max_size=3000),
        st.binary(max_size=3000).map(lambda b: b"PK\x03\x04" + b),
        st.text(max_size=2000).map(str.encode),
    ),
    name=st.sampled_from(["potensi.csv", "potensi.xlsx", "potensi.txt"]),
)
@example(content=b"nip,skor\n" + b'"' + b"x" * 200_000, name="potensi.csv")
@example(content=b"\r", name="potensi.csv")
def test_random_bytes_are_answered_never_raised(setup, content, name):
    import_all_or_nothing(setup, name, content)


@bounded(20)
@given(
    part=st.sampled_from(
        [
            "xl/worksheets/sheet1.xml",
            "xl/workbook.xml",
            "xl/styles.xml",
            "xl/_rels/workbook.xml.rels",
        ]
    ),  # fmt: skip
    content=st.one_of(st.binary(max_size=300), st.just(b"<?xml version=")),
)
def test_a_damaged_workbook_is_refused_never_raised(setup, part, content):
    import_all_or_nothing(
        setup, "potensi.xlsx", damaged(xlsx_of(good_rows(setup[0])), part, content)
    )


@bounded(20)
@given(encoding=st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "utf-16-be"]))
def test_only_utf8_is_read(setup, encoding):
    rows = good_rows(setup[0])
    rows[0].append("catatan")
    rows[1].append("Sangat baik, dinilai ulang é")
    text = csv_of(rows).decode()
    result = import_all_or_nothing(setup, "potensi.csv", text.encode(encoding))
    if encoding.startswith("utf-8"):
        assert result is not None and result.berhasil, result
    else:
        assert result is None or not result.berhasil


@bounded(10)
@given(
    column=st.integers(0, 2),
    filler=st.sampled_from(["x", "9", "=", " "]),
    fmt=st.sampled_from(["csv", "xlsx"]),
)
@example(column=1, filler="9", fmt="csv")
def test_a_one_megabyte_cell_is_answered_on_its_row(setup, column, filler, fmt):
    rows = good_rows(setup[0])
    rows[1][column] = "1" + filler * BIG
    content = csv_of(rows) if fmt == "csv" else xlsx_of(rows)
    result = import_all_or_nothing(setup, f"potensi.{fmt}", content)
    assert result is not None and not result.berhasil
    assert result.galat[0].startswith("baris 2: "), result.galat[0][:200]


@bounded(20)
@given(
    prefix=st.sampled_from(["=", "+", "-", "@", "\t=", "\r="]),
    column=st.integers(0, 2),
    fmt=st.sampled_from(["csv", "xlsx"]),
)
def test_formula_cells_are_refused_on_their_row(setup, prefix, column, fmt):
    rows = good_rows(setup[0])
    rows[1][column] = prefix + "1+1"
    content = csv_of(rows) if fmt == "csv" else xlsx_of(rows)
    result = import_all_or_nothing(setup, f"potensi.{fmt}", content)
    assert result is not None and not result.berhasil
    assert result.galat[0].startswith("baris 2: ")


def test_a_cell_longer_than_the_csv_modules_limit_is_reported_on_its_row(setup):
    # The csv module's "field larger than field limit (131072)" escaped as an exception (a 500
    # on the potential page), and the message then quoted the whole NIP back.
    rows = good_rows(setup[0])
    rows[1][0] = "1" * 200_000
    result = import_all_or_nothing(setup, "potensi.csv", csv_of(rows))
    assert result.galat == [f"baris 2: kolom nip: NIP {'1' * 40}… tidak ditemukan di instansi ini"]
