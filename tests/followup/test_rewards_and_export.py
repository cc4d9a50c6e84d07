"""Reward candidates, awards and the TPP export (XLSX and CSV, injection neutralised)."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kinerja.core.errors import DomainError, NotAllowed
from kinerja.followup import export, queries, services
from kinerja.org.models import Jabatan
from tests.factories import JabatanFactory, UnitFactory
from tests.followup.conftest import TOP, S, closed_with


def test_candidates_are_the_top_predikat_ranked_by_capaian_overall_and_per_unit(personas):
    u1 = personas.pegawai_pegawai.unit
    u2 = UnitFactory(instansi=personas.instansi, kode="U2")
    periode, _ = closed_with(personas, [
        (u1, "Ani", 11.2, TOP), (u1, "Bayu", 11.6, TOP), (u2, "Citra", 11.8, TOP),
        (u2, "Dodi", 10, TOP), (u1, "Eko", 11.9, (S,) * 7),
    ])  # fmt: skip
    rows = list(queries.candidates(periode))
    # Eko is Baik (behaviour sesuai); Dodi (capaian 100%) is Sesuai: Baik too
    assert [h.skp.pegawai.nama for h in rows] == ["Citra", "Bayu", "Ani"]
    assert [h.peringkat for h in rows] == [1, 2, 3]
    assert [h.peringkat_unit for h in rows] == [1, 1, 2]
    only_u1 = list(queries.candidates(periode, unit_id=u1.pk, min_capaian=Decimal("115")))
    assert [h.skp.pegawai.nama for h in only_u1] == ["Bayu"]


def test_only_hr_records_awards_after_close_once_per_kind(personas, closed):
    pegawai = personas.pegawai_pegawai
    with pytest.raises(NotAllowed):
        services.record_award(pegawai, closed.periode, by=personas.pimpinan, jenis="piagam",
                              tanggal=date(2026, 2, 1), dasar="SK Wali Kota 12/2026")  # fmt: skip
    services.record_award(pegawai, closed.periode, by=personas.admin, jenis="piagam",
                          tanggal=date(2026, 2, 1), dasar="SK Wali Kota 12/2026")  # fmt: skip
    with pytest.raises(DomainError, match="sudah tercatat"):
        services.record_award(pegawai, closed.periode, by=personas.admin, jenis="piagam",
                              tanggal=date(2026, 2, 2), dasar="SK Wali Kota 13/2026")  # fmt: skip


def test_tpp_export_has_the_documented_layout_mapping_and_neutralised_cells(personas, login):
    jab = JabatanFactory(instansi=personas.instansi, nama="+Analis", jenis=Jabatan.Jenis.PELAKSANA)
    unit = personas.pegawai_pegawai.unit
    periode, made = closed_with(personas, [
        (unit, "=HYPERLINK(\"http://x\")", 12, TOP), (unit, "Biasa", 10, (S,) * 7),
    ])  # fmt: skip
    made["Biasa"].pegawai.jabatan = jab
    made["Biasa"].pegawai.save()
    services.set_period_settings(periode, by=personas.admin,
                                 persen_tpp={"sangat_baik": "100", "baik": "90,5"})  # fmt: skip
    client = login(personas.admin)
    response = client.get(f"/tindak-lanjut/penghargaan/tpp.xlsx?periode={periode.tahun}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == export.TPP_HEADER
    by_name = {row[1]: row for row in values[1:]}
    assert '\'=HYPERLINK("http://x")' in by_name
    assert by_name['\'=HYPERLINK("http://x")'][5:] == ("sangat_baik", "Sangat Baik", 100)
    assert by_name["Biasa"][3] == "'+Analis" and by_name["Biasa"][7] == 90.5
    text = client.get(f"/tindak-lanjut/penghargaan/tpp.csv?periode={periode.tahun}")
    rows = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig"))))
    assert rows[0] == export.TPP_HEADER
    assert {r[1]: r[7] for r in rows[1:]} == {'\'=HYPERLINK("http://x")': "100", "Biasa": "90.5"}
    # the same numbers as the candidates page
    page = client.get(f"/tindak-lanjut/penghargaan/?periode={periode.tahun}").content.decode()
    assert "120,00%" in page


def test_tpp_export_is_for_hr_only(personas, closed, login):
    for user in (personas.pegawai, personas.atasan, personas.pimpinan):
        assert login(user).get("/tindak-lanjut/penghargaan/tpp.csv").status_code == 403
