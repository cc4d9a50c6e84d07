"""The employee's own pages: SKP saya, the plan form, the slice page with evidence, and a
closed period read only; with their query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.skp import services
from kinerja.skp.models import Realisasi, Skp
from tests.skp.factories import PDF, RealisasiFactory, approved_skp


def test_skp_saya_offers_a_new_skp_and_creates_it(personas, login, periode, atasan_skp):
    client = login(personas.pegawai)
    page = client.get(reverse("skp_saya")).content.decode()
    assert "Susun SKP baru" in page
    response = client.post(reverse("skp_create", args=[periode.pk]))
    skp = Skp.objects.get(pegawai=personas.pegawai_pegawai)
    assert response["Location"] == reverse("skp_detail", args=[skp.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Meningkatnya cakupan layanan kesehatan" in page  # the rater's RHK to pick from


def test_employee_adds_rhk_and_indicator_through_the_page(personas, login, draft, atasan_skp):
    client = login(personas.pegawai)
    client.post(
        reverse("skp_rhk_add", args=[draft.pk]),
        {
            "uraian": "Terlaksananya imunisasi",
            "jenis": "utama",
            "intervensi": atasan_skp.rhk.get().pk,
        },
    )
    rhk = draft.rhk.get()
    response = client.post(
        reverse("skp_indikator_add", args=[rhk.pk]),
        {"uraian": "Cakupan", "target": "0", "satuan": "%"},
        follow=True,
    )
    assert "Target tidak boleh 0" in response.content.decode()
    client.post(
        reverse("skp_indikator_add", args=[rhk.pk]),
        {
            "uraian": "Cakupan",
            "target": "95",
            "satuan": "%",
            "aspek": "kuantitas",
            "arah": "naik",
            "sumber": "manual",
        },
    )
    assert rhk.indikator.get().target == 95


def test_the_indicator_form_refuses_an_ikm_indicator_that_would_be_summed(
    personas, login, draft, atasan_skp
):
    rhk = services.add_rhk(draft, by=personas.pegawai, uraian="x", intervensi=atasan_skp.rhk.get())
    fields = {"uraian": "IKM layanan KTP", "target": "80", "satuan": "nilai IKM", "arah": "naik",
              "sumber": "ikm_layanan", "sumber_kode": "LAY-KTP", "bobot": "1"}  # fmt: skip
    client = login(personas.pegawai)
    url = reverse("skp_indikator_add", args=[rhk.pk])
    page = client.post(url, fields | {"aspek": "kuantitas"}, follow=True).content.decode()
    assert "tidak boleh memakai aspek Kuantitas" in page and "Pilih aspek Kualitas" in page
    assert not rhk.indikator.exists()
    client.post(url, fields | {"aspek": "kualitas"})
    assert rhk.indikator.get().aspek == "kualitas"


def test_stale_form_shows_the_conflict_message(personas, login, draft):
    client = login(personas.pegawai)
    client.post(
        reverse("skp_lampiran", args=[draft.pk]), {"version": draft.version, "konsekuensi": "A"}
    )
    response = client.post(
        reverse("skp_lampiran", args=[draft.pk]),
        {"version": draft.version, "konsekuensi": "B"},
        follow=True,
    )
    assert "sudah diubah orang lain" in response.content.decode()
    draft.refresh_from_db()
    assert draft.konsekuensi == "A"


def test_employee_uploads_evidence_and_rater_verifies(personas, login, skp):
    ind = skp.rhk.get().indikator.get()
    client = login(personas.pegawai)
    client.post(
        reverse("skp_bagian_simpan", args=[skp.pk, 1]),
        {
            f"nilai-{ind.pk}": "3",
            f"catatan-{ind.pk}": "Tiga laporan",
            "aksi": "ajukan",
            f"berkas-{ind.pk}": SimpleUploadedFile("laporan.pdf", PDF),
        },
    )
    realisasi = Realisasi.objects.get()
    assert realisasi.status == "diajukan" and realisasi.bukti.get().nama == "laporan.pdf"
    download = client.get(reverse("skp_bukti", args=[realisasi.bukti.get().pk]))
    assert b"".join(download.streaming_content) == PDF
    rater = login(personas.atasan)
    page = rater.get(reverse("skp_bagian", args=[skp.pk, 1])).content.decode()
    assert "laporan.pdf" in page and "Verifikasi terpilih" in page
    rater.post(
        reverse("skp_bagian_verifikasi", args=[skp.pk, 1]),
        {"aksi": "verifikasi", "pilih": [realisasi.pk], f"versi-{realisasi.pk}": realisasi.version},
    )
    realisasi.refresh_from_db()
    assert realisasi.status == "diverifikasi"


def test_bad_upload_is_reported_on_the_page(personas, login, skp):
    ind = skp.rhk.get().indikator.get()
    response = login(personas.pegawai).post(
        reverse("skp_bagian_simpan", args=[skp.pk, 1]),
        {f"nilai-{ind.pk}": "3", f"berkas-{ind.pk}": SimpleUploadedFile("x.exe", b"MZ")},
    )
    assert response.status_code == 400
    assert "tidak diterima" in response.content.decode()
    assert not Realisasi.objects.exists()  # the whole save is atomic with its evidence


def test_closed_period_page_is_read_only(personas, login, draft, periode):
    periode.status = "ditutup"
    periode.save()
    page = login(personas.pegawai).get(reverse("skp_detail", args=[draft.pk])).content.decode()
    assert "hanya dapat dibaca" in page
    assert "Ajukan kepada penilai" not in page and "Tambah RHK" not in page


@pytest.mark.parametrize("size", [1, 12])
def test_slice_page_runs_a_constant_number_of_queries(
    personas, login, periode, size, django_assert_num_queries
):
    skp = approved_skp(personas.pegawai_pegawai, periode, indicators=size)
    for ind in skp.rhk.get().indikator.all():
        RealisasiFactory(indikator=ind)
    client = login(personas.pegawai)
    url = reverse("skp_bagian", args=[skp.pk, 1])
    client.get(url)
    with django_assert_num_queries(13):
        response = client.get(url)
    assert response.content.decode().count('class="indikator"') == size


@pytest.mark.parametrize("years", [1, 4])
def test_skp_saya_and_period_list_run_a_constant_number_of_queries(
    personas, login, years, django_assert_num_queries
):
    from tests.skp.factories import PeriodeFactory, SkpFactory

    for n in range(years):
        p = PeriodeFactory(instansi=personas.instansi, tahun=2020 + n)
        SkpFactory(pegawai=personas.pegawai_pegawai, periode=p)
    client = login(personas.pegawai)
    client.get(reverse("skp_saya"))
    with django_assert_num_queries(6):
        response = client.get(reverse("skp_saya"))
    assert response.content.decode().count("SKP 202") == years
    admin = login(personas.admin)
    admin.get(reverse("skp_periode_list"))
    with django_assert_num_queries(3):
        admin.get(reverse("skp_periode_list"))
