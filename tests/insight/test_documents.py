"""The official documents print the figures the score used, the same as the result page
(issue 19): the realisation of every aspect, RHK numbering per group, the signature block."""

import re
import subprocess

import pytest
from django.urls import reverse

from kinerja.insight import reports
from kinerja.scoring import services
from tests.pdf import PDFTOTEXT, needs_pdftotext, pdf_text
from tests.scoring.conftest import A, S, V, build_skp

pytestmark = needs_pdftotext


ASPECTS = [
    # aspek, arah, target, realisations per slice: the year's kualitas and waktu are means,
    # kuantitas and biaya sums (the rule version's summed_aspects).
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
    text = pdf_text(reports.evaluation_pdf(four_aspects.pk))
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
    body = client.get("/api/v1/scoring/hasil?tahunan=true").json()
    rows = {r["aspek"]: r for r in body["items"][0]["indikator"]}
    assert rows["kualitas"]["realisasi"].startswith("97.03")
    assert rows["biaya"]["realisasi"] == "950.5"


def _numbered(pdf: bytes) -> list[tuple[str, str]]:
    """(number, RHK name) of every RHK row, in print order, from the laid-out text."""
    done = subprocess.run([PDFTOTEXT, "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True)  # fmt: skip
    return re.findall(r"^\s*(\d+)\s+(?:—\s+)?(RHK-\w+)\s", done.stdout.decode(), re.M)


@pytest.fixture
def three_and_two(personas, periode):
    one = {"target": 10, "real": {1: (3, V)}}
    skp = build_skp(personas.pegawai_pegawai, periode,
                    [("tambahan", [one]), ("utama", [one, one]), ("utama", [one]),
                     ("tambahan", [one]), ("utama", [one])],
                    perilaku={1: [S] * 7})  # fmt: skip
    for rhk, name in zip(skp.rhk.order_by("urutan"), ["RHK-T1", "RHK-U1", "RHK-U2", "RHK-T2",
                                                     "RHK-U3"], strict=True):  # fmt: skip
        rhk.uraian = name
        rhk.save(update_fields=["uraian"])
    services.compute_results(periode, by=personas.admin)
    return skp


def test_rhk_are_numbered_within_their_group_in_both_documents(three_and_two):
    for pdf in (reports.skp_pdf(three_and_two.pk), reports.evaluation_pdf(three_and_two.pk)):
        assert _numbered(pdf) == [("1", "RHK-U1"), ("2", "RHK-U2"), ("3", "RHK-U3"),
                                  ("1", "RHK-T1"), ("2", "RHK-T2")]  # fmt: skip
        text = pdf_text(pdf)
        assert text.index("RHK-U3") < text.index("HASIL KERJA TAMBAHAN") < text.index("RHK-T1")


def test_documents_are_signed_with_the_agency_place_and_logo(personas, four_aspects, settings,
                                                            tmp_path):  # fmt: skip
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image

    settings.MEDIA_ROOT = str(tmp_path)
    text = pdf_text(reports.evaluation_pdf(four_aspects.pk))
    assert "Kota Uji," not in text  # no place set: the date alone
    image = BytesIO()
    Image.new("RGB", (40, 40), (200, 30, 30)).save(image, "PNG")
    instansi = personas.instansi
    instansi.tempat = "Kota Uji"
    instansi.logo.save("logo.png", ContentFile(image.getvalue()), save=True)
    for pdf in (reports.evaluation_pdf(four_aspects.pk), reports.skp_pdf(four_aspects.pk),
                reports.unit_recap_pdf(four_aspects.periode, four_aspects.unit)):  # fmt: skip
        text = pdf_text(pdf)
        assert re.search(
            r"Kota Uji, \d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|"
            r"Agustus|September|Oktober|November|Desember) 20\d\d",
            text,
        ), text
        (tmp_path / "d.pdf").write_bytes(pdf)
        listed = subprocess.run(["pdfimages", "-list", str(tmp_path / "d.pdf")],
                                capture_output=True, check=True, text=True).stdout  # fmt: skip
        assert " 40    40 " in listed or re.search(r"\b40\s+40\b", listed), listed
