"""The official documents print the figures the score used, the same as the result page
(issue 19): the realisation of every aspect, RHK numbering per group, the signature block."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from kinerja.insight import reports
from kinerja.scoring import services
from tests.scoring.conftest import A, S, V, build_skp

PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils (pdftotext) diperlukan")


def _text(pdf: bytes) -> str:
    done = subprocess.run([PDFTOTEXT, "-", "-"], input=pdf, capture_output=True,
                          check=True)  # fmt: skip
    return " ".join(done.stdout.decode().split())


ASPECTS = [
    # aspek, arah, target, realisations per slice: the year's kualitas and waktu are means,
    # kuantitas and biaya sums (the engine's SUMMED_ASPECTS).
    ("kuantitas", "naik", 40, {1: 12, 2: 12, 3: 12, 4: 12}),
    ("kualitas", "naik", 90, {1: 95, 2: "98.1", 3: 98}),
    ("waktu", "turun", 5, {1: "3.5", 2: "3.25", 3: "3.4"}),
    ("biaya", "turun", 1000, {1: 240, 2: 250, 3: "260.5", 4: 200}),
]


@pytest.fixture
def four_aspects(personas, periode):
    indicators = [
        {"aspek": aspek, "arah": arah, "target": target,
         "real": {n: (value, V) for n, value in real.items()}}
        for aspek, arah, target, real in ASPECTS
    ]  # fmt: skip
    skp = build_skp(personas.pegawai_pegawai, periode, [("utama", indicators)],
                    perilaku={n: [A, A, S, S, S, S, S] for n in range(1, 5)})  # fmt: skip
    services.compute_results(periode, by=personas.admin)
    return skp


def _web_values(client, user) -> dict[int, tuple[str, str, str]]:
    """{indicator id: (target, realisasi, capaian)} as the result page (/tindak-lanjut/)
    shows them."""
    client.force_login(user)
    html = client.get(reverse("followup_hasil") + "?bagian=tahunan").content.decode()
    found = {}
    for ind_id, target, real, cap in re.findall(
        r'<tr data-indikator="(\d+)"><td>.*?</td><td>(.*?)</td>\s*'
        r'<td data-kolom="realisasi">(.*?)</td>\s*'
        r'<td data-kolom="capaian"><strong>(.*?)%</strong>', html, re.S,
    ):  # fmt: skip
        found[int(ind_id)] = (" ".join(target.split()), real.strip(), cap.strip())
    return found


def test_the_evaluation_pdf_prints_the_realisation_the_result_page_shows(
    client, personas, four_aspects
):
    web = _web_values(client, personas.pegawai)
    indicators = list(four_aspects.rhk.get().indikator.order_by("urutan"))
    assert len(indicators) == 4 and len(web) == 4
    text = _text(reports.evaluation_pdf(four_aspects.pk))
    expected = {"kuantitas": "48,00", "kualitas": "97,03", "waktu": "3,38", "biaya": "950,50"}
    for ind in indicators:
        target, realisasi, capaian = web[ind.pk]
        assert realisasi == expected[ind.aspek], ind.aspek
        row = f"{ind.uraian} {target} {realisasi} {ind.satuan} {capaian}"
        assert row in text, (ind.aspek, text)
    # the quarters' sum of a mean aspect is nowhere
    assert "291,10" not in text and "10,15" not in text


def test_the_api_gives_the_same_realisation_as_the_pdf(client, personas, four_aspects):
    client.force_login(personas.pegawai)
    body = client.get("/api/v1/scoring/hasil?bagian=tahunan").json()
    rows = {r["aspek"]: r for r in body["items"][0]["indikator"]}
    assert rows["kualitas"]["realisasi"].startswith("97.03")
    assert rows["biaya"]["realisasi"] == "950.5"
