"""Scoring pages: what each persona sees, one-click confirm, override form, curve, close,
tenancy 404s and constant query counts."""

import pytest
from django.urls import reverse

from kinerja.scoring import services
from kinerja.scoring.models import Hasil
from kinerja.skp.models import Periode
from tests.factories import PegawaiFactory, UserFactory
from tests.scoring.conftest import A, S, simple_skp


def own(personas, computed):
    return computed[personas.pegawai_pegawai.pk]


def test_employee_reads_the_explanation_in_plain_indonesian(personas, login, computed):
    hasil = own(personas, computed)
    page = login(personas.pegawai).get(reverse("scoring_hasil", args=[hasil.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    plain, technical = text.split("Rincian teknis", 1)
    # Plain first: the RHK by its own text, target, realisation, capaian, and why.
    rhk = hasil.skp.rhk.order_by("pk").first()
    assert f"RHK 1: {rhk.uraian}" in plain and "RHK utama 1" not in text
    assert "Capaian setiap indikator" not in plain and "110,00%" in plain
    assert "Hanya realisasi yang sudah diverifikasi penilai yang dihitung" in plain
    assert "jadi hasil kerja diusulkan Di Atas Ekspektasi" in plain
    assert "hash" not in plain.lower() and "versi 1.1" not in plain
    assert "tanpa pembulatan" not in plain
    # The technical part sits behind the disclosure: rule version, hash, formulas.
    assert '<details class="card rincian-teknis"' in text
    assert "versi 1.1" in technical and hasil.hash_masukan in technical
    assert "capaian = 44,00 / 40,00 × 100% = 110,00%" in technical
    assert "Di Atas Ekspektasi bila capaian ≥ 110,00%" in technical
    # Codes never shown raw, anywhere on the page.
    for code in ("di_atas", "di_bawah", "bobot_rhk_tambahan", "batas_atas", "sangat_baik"):
        assert code not in text.replace('rating-di_atas"', "").replace('rating-di_bawah"', "")


def test_employee_lists_own_results_only(personas, login, computed):
    text = login(personas.pegawai).get(reverse("scoring_saya") + "?periode=2026").content.decode()
    assert "Tahunan" in text and "110,00%" in text and ">Baik<" in text
    assert text.count("/penilaian/hasil/") == 1


def test_the_override_and_its_reason_are_shown_to_the_employee(personas, login, computed):
    hasil = own(personas, computed)
    services.override_result(hasil, by=personas.atasan, alasan="Target kuartal 4 dari hibah.",
                              hasil_kerja="sesuai", perilaku="sesuai")  # fmt: skip
    text = login(personas.pegawai).get(reverse("scoring_hasil", args=[hasil.pk])).content.decode()
    assert "Penilai mengubah usulan." in text and "Target kuartal 4 dari hibah." in text


@pytest.mark.parametrize(
    ("who", "status"),
    [("pegawai", 200), ("atasan", 200), ("admin", 200), ("pimpinan", 200), ("auditor", 200),
     ("rekan", 404), ("outsider", 404)],
)  # fmt: skip
def test_who_may_read_a_result(personas, login, computed, who, status):
    hasil = own(personas, computed)
    response = login(getattr(personas, who)).get(reverse("scoring_hasil", args=[hasil.pk]))
    assert response.status_code == status


def test_a_supervisor_up_the_chain_reads_but_cannot_decide(personas, login, computed):
    boss = PegawaiFactory(instansi=personas.instansi, unit=personas.atasan_pegawai.unit)
    personas.atasan_pegawai.atasan = boss
    personas.atasan_pegawai.save()
    client = login(UserFactory(pegawai=boss))
    hasil = own(personas, computed)
    assert client.get(reverse("scoring_hasil", args=[hasil.pk])).status_code == 200
    assert client.post(reverse("scoring_konfirmasi", args=[hasil.pk])).status_code == 302
    hasil.refresh_from_db()
    assert hasil.status == Hasil.Status.MENUNGGU


def test_outsider_gets_404_for_every_object_url(personas, login, computed):
    hasil = own(personas, computed)
    client = login(personas.outsider)
    for name in ("scoring_hasil", "scoring_ubah"):
        assert client.get(reverse(name, args=[hasil.pk])).status_code in (403, 404)
    assert client.post(reverse("scoring_konfirmasi", args=[hasil.pk])).status_code in (403, 404)
    hasil.refresh_from_db()
    assert hasil.status == Hasil.Status.MENUNGGU


def test_rater_confirms_with_one_htmx_click(personas, login, computed):
    hasil = own(personas, computed)
    client = login(personas.atasan)
    page = client.get(reverse("scoring_tim") + "?periode=2026&bagian=tahunan")
    assert "Siti Pegawai" in page.content.decode()
    response = client.post(reverse("scoring_konfirmasi", args=[hasil.pk]),
                           {"version": hasil.version}, HTTP_HX_REQUEST="true")  # fmt: skip
    assert response.status_code == 200 and 'id="hasil-' in response.content.decode()
    assert "Dikonfirmasi" in response.content.decode()
    hasil.refresh_from_db()
    assert hasil.status == Hasil.Status.DIKONFIRMASI


def test_override_form_refuses_without_reason_and_accepts_with_one(personas, login, computed):
    hasil = own(personas, computed)
    client = login(personas.atasan)
    url = reverse("scoring_ubah", args=[hasil.pk])
    refused = client.post(url, {"hasil_kerja": "sesuai", "perilaku": "sesuai", "alasan": "",
                                "version": hasil.version})  # fmt: skip
    assert refused.status_code == 400 and "alasan" in refused.content.decode()
    accepted = client.post(url, {"hasil_kerja": "sesuai", "perilaku": "sesuai",
                                 "alasan": "Realisasi kuartal 4 berasal dari proyek lain.",
                                 "version": hasil.version})  # fmt: skip
    assert accepted.status_code == 302
    hasil.refresh_from_db()
    assert hasil.status == Hasil.Status.DIUBAH and hasil.akhir_predikat == "baik"


def test_override_page_is_403_for_someone_who_reads_but_is_not_the_rater(personas, login, computed):
    hasil = own(personas, computed)
    assert login(personas.admin).get(reverse("scoring_ubah", args=[hasil.pk])).status_code == 403


def test_curve_page_shows_excess_proposal_and_what_if(personas, login, periode):
    unit = personas.pegawai_pegawai.unit
    for _ in range(10):
        person = PegawaiFactory(instansi=personas.instansi, unit=unit,
                                atasan=personas.atasan_pegawai)  # fmt: skip
        simple_skp(person, periode, real=(11, 11, 11, 11), perilaku=(A,) * 4 + (S,) * 3)
    services.compute_results(periode, by=personas.admin)  # everyone Sangat Baik
    services.set_org_predikat(periode, by=personas.pimpinan, predikat="istimewa")
    client = login(personas.admin)
    text = client.get(reverse("scoring_kurva") + "?periode=2026").content.decode()
    assert "paling banyak 70% Sangat Baik: batas 7 orang, ada 10 (kelebihan 3)" in text
    assert "Usulan penyesuaian" in text and text.count("Sangat Baik</td>") >= 3
    what_if = client.get(reverse("scoring_kurva") + "?periode=2026&andaikan=sangat_kurang")
    text = what_if.content.decode()
    assert "andaikan" in text and "tidak boleh ada Sangat Baik" in text


def test_pimpinan_sets_the_organisation_predikat_from_the_curve_page(personas, login, periode):
    client = login(personas.pimpinan)
    response = client.post(reverse("scoring_predikat_organisasi") + "?periode=2026",
                           {"predikat": "baik", "unit": ""})  # fmt: skip
    assert response.status_code == 302
    assert "Predikat organisasi: <strong>Baik" in client.get(
        reverse("scoring_kurva") + "?periode=2026").content.decode()  # fmt: skip


def test_hr_closes_the_period_with_a_confirmation(personas, login, periode, computed):
    client = login(personas.admin)
    url = reverse("scoring_tutup") + "?periode=2026"
    assert "Tutup periode" in client.get(url).content.decode()
    client.post(url, {"nama": "2026"})  # without the period's name typed: nothing happens
    periode.refresh_from_db()
    assert periode.status == Periode.Status.PENILAIAN
    client.post(url, {"nama": "Periode 2026", "alasan": "Sesuai jadwal BKPSDM"})
    periode.refresh_from_db()
    assert periode.status == Periode.Status.DITUTUP
    text = client.get(url).content.decode()
    assert "Penutupan terakhir" in text and "Hash gabungan" in text


def test_pimpinan_sees_the_close_page_but_cannot_close(personas, login, periode, computed):
    client = login(personas.pimpinan)
    url = reverse("scoring_tutup") + "?periode=2026"
    assert client.get(url).status_code == 200
    assert client.post(url, {"nama": "Periode 2026"}).status_code == 403


def test_home_shows_raters_what_waits(personas, login, computed):
    text = login(personas.atasan).get(reverse("home")).content.decode()
    assert "2 hasil menunggu konfirmasi Anda" in text


def _team(personas, periode, n):
    unit = personas.pegawai_pegawai.unit
    for _ in range(n):
        person = PegawaiFactory(instansi=personas.instansi, unit=unit,
                                atasan=personas.atasan_pegawai)  # fmt: skip
        simple_skp(person, periode)
    services.compute_results(periode, by=personas.admin)
    services.set_org_predikat(periode, by=personas.pimpinan, predikat="baik")


@pytest.mark.parametrize(
    ("persona", "url"),
    [("atasan", "/penilaian/tim/?periode=2026&bagian=tahunan"),
     ("admin", "/penilaian/kurva/?periode=2026"),
     ("admin", "/penilaian/tutup/?periode=2026")],
)  # fmt: skip
def test_list_pages_run_a_constant_number_of_queries(
    personas, client, periode, django_assert_num_queries, persona, url
):
    user = getattr(personas, persona)
    _team(personas, periode, 3)
    client.force_login(user)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _team(personas, periode, 27)
    client.force_login(user)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_pending_realisations_are_written_like_the_table_above(personas, login, computed):
    """A count waiting for verification read "3,00 dokumen" under a table that writes "5
    dokumen": both now keep the value's own decimals."""
    from decimal import Decimal

    from kinerja.skp.models import Realisasi

    hasil = own(personas, computed)
    last = Realisasi.objects.filter(skp_id=hasil.skp_id).order_by("bagian__nomor").last()
    Realisasi.objects.filter(pk=last.pk).update(
        status=Realisasi.Status.DIAJUKAN, nilai=Decimal("3.0000")
    )
    text = login(personas.pegawai).get(reverse("scoring_hasil", args=[hasil.pk])).content.decode()
    pending = text.split('id="h-tunda"', 1)[1].split("</section>", 1)[0]
    assert f"{last.bagian.nama}: 3 {last.indikator.satuan}".rstrip() in pending
    assert "3,00" not in pending
