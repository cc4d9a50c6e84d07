"""The demo year: cascaded, with work for every role, planted anomalies, removable."""

from datetime import date

import pytest
from django.urls import reverse

from kinerja.org.models import Pegawai, User
from kinerja.skp.demo import build_skp_year, delete_skp_year, topics_for
from kinerja.skp.models import BuktiDukung, Realisasi, Rhk, Skp
from kinerja.skp.queries import work_list


@pytest.fixture
def year(db, settings, tmp_path):
    from kinerja.demo.generator import build_agency

    settings.MEDIA_ROOT = tmp_path / "media"
    agency = build_agency(pegawai=80, seed=3, kode="DEMOSKP", with_accounts=True)
    return agency.instansi, build_skp_year(agency.instansi, seed=3, today=date(2026, 8, 15))


def test_year_is_cascaded_from_the_heads_down(year):
    instansi, result = year
    assert result.skp >= 75 and result.realisasi > 0 and result.perilaku > 0
    staff_main = Rhk.objects.filter(
        instansi=instansi, jenis="utama", skp__jenis="non_jpt", skp__penilai__isnull=False
    )
    assert staff_main.exists()
    assert not staff_main.filter(intervensi__isnull=True).exists()
    wrong = staff_main.exclude(intervensi__skp__pegawai=models_f("skp__penilai"))
    assert not wrong.exists()


def test_cascades_stay_on_the_subject_of_the_unit(year):
    """A nurse's RHK speak of the puskesmas and cascade from a health RHK, never from
    "pelayanan kependudukan"; only the heads of the dinas cascade across to the sekda."""
    instansi, _result = year
    pairs = list(
        Rhk.objects.filter(instansi=instansi, intervensi__isnull=False).values_list(
            "uraian", "skp__unit__kode", "intervensi__uraian", "intervensi__skp__unit__kode"
        )
    )
    assert len(pairs) > 50
    for uraian, kode, parent, parent_kode in pairs:
        assert any(t in uraian for t in topics_for(kode)), (uraian, kode)
        if kode.split("-")[0] != parent_kode.split("-")[0]:
            assert "program prioritas daerah" in parent, (uraian, parent)
    nurses = Rhk.objects.filter(instansi=instansi, skp__pegawai__jabatan__nama__icontains="perawat")
    assert nurses.exists()
    assert not nurses.filter(intervensi__uraian__icontains="kependudukan").exists()
    assert not nurses.exclude(uraian__icontains="kesehatan").exists()


def models_f(name):
    from django.db.models import F

    return F(name)


def test_two_slices_have_ended_by_mid_august(year):
    instansi, result = year
    assert set(
        Realisasi.objects.filter(instansi=instansi).values_list("bagian__nomor", flat=True)
    ) == {1, 2}


def test_every_rater_has_something_waiting(year):
    instansi, _ = year
    raters = list(Pegawai.objects.filter(instansi=instansi, bawahan__isnull=False).distinct()[:20])
    assert raters
    for rater in raters:
        user = User.objects.get(pegawai=rater)
        waiting = work_list(user)
        assert waiting.realisasi_diajukan or waiting.skp_diajukan, rater


def test_employees_have_unread_feedback(year):
    instansi, _ = year
    staff = Skp.objects.filter(instansi=instansi, status="disetujui", penilai__isnull=False).first()
    waiting = work_list(User.objects.get(pegawai=staff.pegawai))
    assert waiting.pesan_baru


def test_anomalies_are_planted(year):
    instansi, result = year
    implausible = Realisasi.objects.get(pk=result.planted["realisasi_50x_target"])
    assert implausible.nilai == implausible.indikator.target * 50
    a, b = BuktiDukung.objects.filter(pk__in=result.planted["bukti_duplikat"]).select_related(
        "realisasi__skp"
    )
    assert a.sha256 == b.sha256 and a.realisasi.skp.pegawai_id != b.realisasi.skp.pegawai_id
    assert {a.duplikat, b.duplikat} == {True, False}
    assert a.berkas.read().startswith(b"%PDF-")


def test_demo_pages_open(year, client):
    instansi, _ = year
    rater = Pegawai.objects.filter(instansi=instansi, bawahan__isnull=False).first()
    client.force_login(User.objects.get(pegawai=rater))
    assert client.get(reverse("skp_tim")).status_code == 200
    client.force_login(User.objects.get(instansi=instansi, is_admin_kepegawaian=True))
    page = client.get(reverse("skp_periode", args=[year[1].periode.pk]))
    assert page.status_code == 200


def test_delete_skp_year_removes_everything(year):
    instansi, _ = year
    delete_skp_year(instansi)
    assert not Skp.objects.filter(instansi=instansi).exists()
    assert not Realisasi.objects.filter(instansi=instansi).exists()
    from kinerja.demo.generator import delete_agency

    delete_agency(instansi)  # the demo's reset works once the SKP rows are gone
    assert not Pegawai.objects.filter(instansi=instansi).exists()
