"""Who may open which SKP page: the owner, the rater and the agency roles read; a colleague,
an indirect supervisor (for actions) and anyone of another agency are refused."""

import pytest
from django.urls import reverse

from kinerja.skp.models import Skp
from tests.factories import PegawaiFactory, UserFactory
from tests.skp.factories import approved_skp


def object_urls(skp, realisasi, bukti):
    ind = skp.rhk.get().indikator.get()
    return [
        ("get", reverse("skp_detail", args=[skp.pk])),
        ("get", reverse("skp_bagian", args=[skp.pk, 1])),
        ("get", reverse("skp_perilaku", args=[skp.pk, 1])),
        ("get", reverse("skp_dialog", args=[skp.pk, 1])),
        ("get", reverse("skp_bukti", args=[bukti.pk])),
        ("post", reverse("skp_rhk_add", args=[skp.pk])),
        ("post", reverse("skp_rhk_edit", args=[skp.rhk.get().pk])),
        ("post", reverse("skp_indikator_add", args=[skp.rhk.get().pk])),
        ("post", reverse("skp_indikator_edit", args=[ind.pk])),
        ("post", reverse("skp_transition", args=[skp.pk, "setujui"])),
        ("post", reverse("skp_bagian_simpan", args=[skp.pk, 1])),
        ("post", reverse("skp_bagian_verifikasi", args=[skp.pk, 1])),
        ("get", reverse("skp_bukti_lihat", args=[bukti.pk])),
        ("post", reverse("skp_bukti_hapus", args=[bukti.pk])),
        ("post", reverse("skp_dialog", args=[skp.pk, 1])),
        ("get", reverse("skp_periode", args=[skp.periode_id])),
    ]


@pytest.fixture
def bukti(realisasi):
    from kinerja.skp.models import BuktiDukung

    return BuktiDukung.objects.create(
        instansi=realisasi.instansi,
        realisasi=realisasi,
        nama="tautan",
        tautan="https://example.id/a",
    )


def test_outsider_gets_404_for_every_object_url(personas, login, skp, realisasi, bukti):
    client = login(personas.outsider)
    assert object_urls(skp, realisasi, bukti)
    for method, url in object_urls(skp, realisasi, bukti):
        if url.startswith("/skp/periode/"):
            continue  # outsider has no HR role: 403 before lookup, tested below
        response = getattr(client, method)(url)
        assert response.status_code == 404, url


def test_hr_of_another_agency_gets_404_for_the_period(personas, login, periode):
    other_admin = UserFactory(instansi=personas.outsider.instansi, is_admin_kepegawaian=True)
    response = login(other_admin).get(reverse("skp_periode", args=[periode.pk]))
    assert response.status_code == 404


def test_colleague_gets_404_for_someone_elses_skp(personas, login, skp, realisasi, bukti):
    client = login(personas.rekan)
    assert object_urls(skp, realisasi, bukti)[:-1]
    for method, url in object_urls(skp, realisasi, bukti)[:-1]:
        assert getattr(client, method)(url).status_code == 404, url


@pytest.mark.parametrize("who", ["pegawai", "atasan", "admin", "pimpinan", "auditor"])
def test_owner_rater_and_agency_roles_can_read_the_skp(personas, login, skp, who):
    response = login(getattr(personas, who)).get(reverse("skp_detail", args=[skp.pk]))
    assert response.status_code == 200
    assert "Tersusunnya laporan uji" in response.content.decode()


def test_indirect_supervisor_reads_but_cannot_approve(personas, login, periode):
    staff = PegawaiFactory(instansi=personas.instansi, atasan=personas.pegawai_pegawai)
    staff_skp = approved_skp(staff, periode)
    staff_skp.status = Skp.Status.DIAJUKAN
    staff_skp.save()
    client = login(personas.atasan)
    page = client.get(reverse("skp_detail", args=[staff_skp.pk])).content.decode()
    assert "Setujui" not in page
    client.post(
        reverse("skp_transition", args=[staff_skp.pk, "setujui"]), {"version": staff_skp.version}
    )
    staff_skp.refresh_from_db()
    assert staff_skp.status == Skp.Status.DIAJUKAN
