"""Issue 21: the close page's counts carry their thousands dot ("2415" was printed bare); the
curve page and the rater's team page offer their tables as XLSX through the core writer."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from kinerja.core.spreadsheet import read_table
from kinerja.scoring import queries
from kinerja.scoring.rules import kurva
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.scoring.rules.common import RuleInputError
from kinerja.scoring.views import tutup as tutup_views


def test_the_close_page_writes_large_counts_with_a_thousands_dot(
    personas, periode, login, monkeypatch
):
    counts = {p.value: 0 for p in pmp.PREDIKAT_ORDER}
    counts["baik"] = 2415
    scope = queries.CurveScope(unit=None, organisasi=kurva.OrgPredikat.BAIK, sumber="instansi",
                               check=None, counts=counts)  # fmt: skip
    monkeypatch.setattr(
        tutup_views.services,
        "close_preview",
        lambda periode: SimpleNamespace(scopes=[scope], tanpa_predikat=0, contoh_tanpa_predikat=[]),
    )
    html = login(personas.admin).get(reverse("scoring_tutup") + "?periode=2026").content.decode()
    assert "<td>2.415</td>" in html and ">2415<" not in html


def test_the_curve_and_the_team_download_as_xlsx(personas, periode, login, computed):  # noqa: F811
    client = login(personas.admin)
    response = client.get(reverse("scoring_kurva") + "?periode=2026&unduh=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    table = read_table(response.content, "Kurva distribusi")
    assert table[0][0] == "Cakupan" and table[1][0] == "Seluruh instansi"
    page = client.get(reverse("scoring_kurva") + "?periode=2026").content.decode()
    assert "unduh=xlsx" in page
    team = login(personas.atasan).get(reverse("scoring_tim") + "?periode=2026&unduh=xlsx")
    rows = read_table(team.content, "Penilaian tim")
    assert rows[0][:3] == ["NIP", "Nama", "Capaian (%)"]
    assert {r[1] for r in rows[1:]} >= {personas.pegawai_pegawai.nama_lengkap}
    assert all("_" not in (r[5] or "") for r in rows[1:])  # labels, never codes


def test_a_missing_or_unknown_rating_is_a_sentence_with_labels_not_codes():
    # Was "hasil_kerja '' tidak dikenal; gunakan salah satu: di_atas (Di Atas Ekspektasi), …"
    # wherever a person sets a rating (the rater's override, an objection, the org predikat).
    with pytest.raises(RuleInputError) as empty:
        pmp.parse_rating("", field="hasil_kerja")
    assert str(empty.value) == (
        "Pilih hasil kerja: Di Atas Ekspektasi, Sesuai Ekspektasi atau Di Bawah Ekspektasi."
    )
    with pytest.raises(RuleInputError) as unknown:
        kurva.parse_org_predikat("hebat")
    assert "“hebat” tidak dikenal; pilih salah satu: " in str(unknown.value)
    assert "_" not in str(unknown.value).split(":", 1)[1]
