"""Issue 22: a closed period's results in SIASN's kinerja periodik shape (kinerja.scoring.siasn):
the mapping tables, the API endpoint (HR only, closed periods only, the decision after an
upheld objection) and the downloads from the close page."""

import json

import pytest

from kinerja.core.spreadsheet import read_table
from kinerja.followup import services as followup
from kinerja.org.tokens import create_token
from kinerja.scoring import services as scoring
from kinerja.scoring import siasn
from kinerja.scoring.rules import permenpanrb_6_2022 as pmp
from kinerja.skp.models import Periode
from tests.factories import InstansiFactory, PegawaiFactory, UserFactory
from tests.followup.conftest import Closed, annual, make_team
from tests.skp.factories import PeriodeFactory

REASON = "Realisasi triwulan empat belum diverifikasi padahal bukti sudah lengkap."


@pytest.fixture
def closed(personas) -> Closed:
    """2025 closed with Siti (Baik) and Rina (Sangat Baik), rated by Budi, whose own
    supervisor (Kepala) decides objections (as tests/followup/conftest.py builds it)."""
    boss = PegawaiFactory(instansi=personas.instansi, unit=personas.pegawai_pegawai.unit,
                          nama="Kepala Dinas")  # fmt: skip
    personas.atasan_pegawai.atasan = boss
    personas.atasan_pegawai.save(update_fields=["atasan"])
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2025,
                             status=Periode.Status.PENILAIAN)  # fmt: skip
    skp = make_team(personas, periode)
    scoring.close_period(periode, by=personas.admin)
    periode.refresh_from_db()
    return Closed(periode, boss, UserFactory(pegawai=boss), skp)


def _bearer(user) -> dict:
    _, raw = create_token(user, nama="uji")
    return {"Authorization": f"Bearer {raw}"}


def _url(periode, **query) -> str:
    extra = "&".join(f"{k}={v}" for k, v in query.items())
    return f"/api/v1/scoring/periode/{periode.pk}/siasn" + (f"?{extra}" if extra else "")


def _record(body: dict, nip: str) -> dict:
    found = [r for r in body["data"] if r["nipBaru"] == nip]
    assert len(found) == 1, body
    return found[0]


# --------------------------------------------------------------------------- the tables


def test_each_rating_has_its_own_code_for_results_and_behaviour():
    assert set(siasn.HASIL_KINERJA) == set(pmp.Rating) == set(siasn.PERILAKU_KERJA)
    assert len(set(siasn.HASIL_KINERJA.values())) == len(pmp.Rating)
    assert len(set(siasn.PERILAKU_KERJA.values())) == len(pmp.Rating)


def test_the_nine_cells_of_the_matrix_have_nine_quadrant_codes():
    assert set(siasn.KUADRAN) == set(pmp.PREDIKAT_MATRIX)
    assert sorted(siasn.KUADRAN.values()) == list(range(1, 10))
    # lowest cell 1, highest 9, and better work never gives a lower code
    assert siasn.KUADRAN[(pmp.Rating.DI_BAWAH, pmp.Rating.DI_BAWAH)] == 1
    assert siasn.KUADRAN[(pmp.Rating.DI_ATAS, pmp.Rating.DI_ATAS)] == 9


@pytest.mark.parametrize("work", list(pmp.Rating))
@pytest.mark.parametrize("behaviour", list(pmp.Rating))
def test_a_quadrants_predikat_is_the_rules_predikat(work, behaviour):
    _, _, kuadran = siasn.codes(work.value, behaviour.value)
    assert siasn.PREDIKAT_OF_KUADRAN[kuadran] == pmp.predikat(work, behaviour).value


def test_an_unknown_rating_has_no_code():
    with pytest.raises(ValueError):
        siasn.codes("baik", "sesuai")


def test_the_grades_run_from_i_a_to_iv_e():
    from kinerja.org.models import GOLONGAN_PNS

    assert set(siasn.GOLONGAN) == set(GOLONGAN_PNS)
    assert siasn.GOLONGAN["I/a"] == 11 and siasn.GOLONGAN["IV/e"] == 45
    assert siasn.GOLONGAN["III/a"] == 31


# --------------------------------------------------------------------------- the endpoint


def test_hr_reads_the_closed_periods_year_in_the_siasn_envelope(client, personas, closed):
    response = client.get(_url(closed.periode), headers=_bearer(personas.admin))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["success"] is True and "2025" in body["message"]
    siti = annual(closed.skp["siti"])
    record = _record(body, personas.pegawai_pegawai.nip)
    want = siasn.codes(siti.final_hasil_kerja, siti.final_perilaku)
    got = (record["hasilKinerjaNilai"], record["perilakuKerjaNilai"], record["kuadranKinerjaNilai"])
    assert got == want
    assert record["periodikId"] == siasn.PERIODIK["tahunan"]
    assert (record["bulanMulaiPenilaian"], record["bulanSelesaiPenilaian"]) == (1, 12)
    assert record["tahun"] == 2025 and record["statusPenilai"] == "ASN"
    assert record["penilaiNipNrp"] == personas.atasan_pegawai.nip
    assert record["pnsDinilaiId"] is None
    assert body["halaman"]["count"] == len(body["data"]) == 2
    assert body["halaman"]["next"] is None


def test_the_year_after_an_upheld_objection_carries_the_new_decision(client, personas, closed):
    siti = annual(closed.skp["siti"])
    before = siasn.codes(siti.final_hasil_kerja, siti.final_perilaku)
    k = followup.file_objection(siti, by=personas.pegawai, alasan=REASON)
    followup.decide_objection(
        k, by=closed.kepala_user, putusan="dikabulkan", alasan=REASON,
        hasil_kerja="di_atas", perilaku="di_atas",
    )  # fmt: skip
    body = client.get(_url(closed.periode), headers=_bearer(personas.admin)).json()
    record = _record(body, personas.pegawai_pegawai.nip)
    after = (record["hasilKinerjaNilai"], record["perilakuKerjaNilai"],
             record["kuadranKinerjaNilai"])  # fmt: skip
    assert after == siasn.codes("di_atas", "di_atas") != before
    siti.refresh_from_db()
    assert siti.final_perilaku != "di_atas"  # the frozen row is unchanged


def test_a_slice_is_exported_with_its_months_and_cadence(client, personas, closed):
    body = client.get(_url(closed.periode, bagian=2), headers=_bearer(personas.admin)).json()
    record = _record(body, personas.pegawai_pegawai.nip)
    slice_two = closed.periode.bagian.get(nomor=2)
    assert record["periodikId"] == siasn.PERIODIK[closed.periode.kadens]
    assert record["bulanMulaiPenilaian"] == slice_two.mulai.month
    assert record["bulanSelesaiPenilaian"] == slice_two.selesai.month
    hasil = closed.skp["siti"].hasil.get(bagian=slice_two)
    assert record["hasilKinerjaNilai"] == siasn.HASIL_KINERJA[pmp.Rating(hasil.final_hasil_kerja)]


def test_a_slice_the_period_does_not_have_is_refused(client, personas, closed):
    response = client.get(_url(closed.periode, bagian=12), headers=_bearer(personas.admin))
    assert response.status_code == 404
    assert "tidak punya bagian 12" in response.json()["detail"]


def test_pages_are_bounded_and_linked(client, personas, closed):
    first = client.get(_url(closed.periode, page_size=1), headers=_bearer(personas.admin)).json()
    assert len(first["data"]) == 1 and first["halaman"]["count"] == 2
    assert first["halaman"]["next"].endswith("page=2") or "page=2" in first["halaman"]["next"]
    second = client.get(first["halaman"]["next"], headers=_bearer(personas.admin)).json()
    assert second["halaman"]["next"] is None and second["halaman"]["previous"]
    assert first["data"][0]["nipBaru"] != second["data"][0]["nipBaru"]


def test_an_open_period_answers_409_in_indonesian(client, personas):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026,
                             status=Periode.Status.PENILAIAN)  # fmt: skip
    response = client.get(_url(periode), headers=_bearer(personas.admin))
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["kode"] == "periode_belum_ditutup"
    assert "belum ditutup" in body["detail"]


def test_a_pp_46_period_is_refused(client, personas):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2024, skema="pp-46-2011",
                             status=Periode.Status.DITUTUP)  # fmt: skip
    response = client.get(_url(periode), headers=_bearer(personas.admin))
    assert response.status_code == 409
    assert response.json()["kode"] == "skema_tidak_didukung"


@pytest.mark.parametrize("who", ["pegawai", "atasan", "pimpinan", "auditor"])
def test_only_hr_may_export(client, personas, closed, who):
    response = client.get(_url(closed.periode), headers=_bearer(getattr(personas, who)))
    assert response.status_code == 403
    assert "admin kepegawaian" in response.json()["detail"]


def test_another_agencys_hr_does_not_find_the_period(client, personas, closed):
    other_hr = UserFactory(instansi=InstansiFactory(kode="LAIN2"), is_admin_kepegawaian=True)
    response = client.get(_url(closed.periode), headers=_bearer(other_hr))
    assert response.status_code == 404
    assert "2025" not in response.content.decode()


# --------------------------------------------------------------------------- the downloads


def test_the_close_page_links_the_export_only_for_hr(personas, closed, login):
    url = "/penilaian/tutup/?periode=2025"
    assert "/penilaian/tutup/siasn/" in login(personas.admin).get(url).content.decode()
    for who in ("pimpinan", "auditor"):
        page = login(getattr(personas, who)).get(url)
        assert page.status_code == 200 and "/penilaian/tutup/siasn/" not in page.content.decode()


def test_an_open_periods_page_has_no_export_and_the_address_refuses(personas, login):
    PeriodeFactory(instansi=personas.instansi, tahun=2026, status=Periode.Status.PENILAIAN)
    client = login(personas.admin)
    page = client.get("/penilaian/tutup/?periode=2026").content.decode()
    assert "/penilaian/tutup/siasn/" not in page
    response = client.get("/penilaian/tutup/siasn/?periode=2026", follow=True)
    assert "belum ditutup" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


def test_non_hr_cannot_download(personas, closed, login):
    response = login(personas.pimpinan).get("/penilaian/tutup/siasn/?periode=2025")
    assert response.status_code in (403, 404)


def test_the_downloads_carry_the_same_codes_as_the_api(client, personas, closed, login):
    api = client.get(_url(closed.periode), headers=_bearer(personas.admin)).json()
    want = _record(api, personas.pegawai_pegawai.nip)
    web = login(personas.admin)
    data = json.loads(web.get("/penilaian/tutup/siasn/?periode=2025&format=json").content)
    assert data["success"] is True
    year = [r for r in data["data"] if r["nipBaru"] == want["nipBaru"]
            and r["periodikId"] == siasn.PERIODIK["tahunan"]]  # fmt: skip
    assert year == [want]
    assert len(data["data"]) == 2 * (1 + closed.periode.bagian.count())  # year and slices
    response = web.get("/penilaian/tutup/siasn/?periode=2025")
    assert response["Content-Disposition"].endswith('.xlsx"')
    table = read_table(response.content)
    header, rows = table[0], table[1:]
    row = next(r for r in rows if r[0] == want["nipBaru"] and r[2] == "Tahunan")
    for name in ("hasilKinerjaNilai", "perilakuKerjaNilai", "kuadranKinerjaNilai", "periodikId"):
        assert row[header.index(name)] == want[name], name
    kuadran = want["kuadranKinerjaNilai"]
    assert row[header.index("Predikat")] == siasn.PREDIKAT_OF_KUADRAN[kuadran].label
    codes = read_table(response.content, "Referensi kode")
    assert any(r[0] == "kuadranKinerjaNilai" and r[2] == 9 for r in codes[1:])
