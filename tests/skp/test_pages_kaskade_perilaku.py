"""The cascade tree, behaviour rating with 360 input, and the dialogue page."""

import pytest
from django.urls import reverse

from kinerja.skp import services
from tests.skp.factories import ALL_SESUAI, RhkFactory, rater_team


def test_cascade_tree_marks_supervisor_results_nobody_carries(personas, login, skp, atasan_skp):
    RhkFactory(skp=atasan_skp, uraian="Menurunnya angka stunting")
    page = (
        login(personas.atasan)
        .get(reverse("skp_kaskade", args=[personas.pegawai_pegawai.unit_id]) + "?periode=2026")
        .content.decode()
    )
    assert "Menurunnya angka stunting" in page and "belum diturunkan" in page
    assert page.count("belum diturunkan") == 1  # carried RHK and staff RHK are not flagged


@pytest.mark.parametrize("size", [3, 30])
def test_cascade_page_runs_a_constant_number_of_queries(
    personas, login, periode, atasan_skp, size, django_assert_num_queries
):
    rater_team(personas, periode, atasan_skp, size)
    client = login(personas.admin)
    url = reverse("skp_kaskade", args=[personas.pegawai_pegawai.unit_id]) + "?periode=2026"
    client.get(url)
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.content.decode().count("Tersusunnya laporan uji") == size


def test_rater_rates_behaviour_on_the_page_and_employee_sees_it(personas, login, skp):
    rater = login(personas.atasan)
    assert (
        "Minta masukan kepada rekan"
        in rater.get(reverse("skp_perilaku", args=[skp.pk, 1])).content.decode()
    )
    rater.post(reverse("skp_perilaku", args=[skp.pk, 1]), {**ALL_SESUAI, "adaptif": "di_atas"})
    page = login(personas.pegawai).get(reverse("skp_perilaku", args=[skp.pk, 1])).content.decode()
    assert "Di Atas Ekspektasi" in page and "Simpan penilaian perilaku" not in page


def test_360_request_reaches_the_peer_and_is_answered(personas, login, skp):
    login(personas.atasan).post(
        reverse("skp_minta_360", args=[skp.pk, 1]), {"responden": [personas.rekan_pegawai.pk]}
    )
    client = login(personas.rekan)
    home = client.get(reverse("home")).content.decode()
    assert "Beri masukan perilaku untuk Siti Pegawai" in home
    request_pk = skp.permintaan_360.get().pk
    assert client.get(reverse("skp_jawab_360", args=[request_pk])).status_code == 200
    client.post(reverse("skp_jawab_360", args=[request_pk]), ALL_SESUAI)
    assert skp.masukan_360.count() == 1
    assert (
        login(personas.pegawai).get(reverse("skp_jawab_360", args=[request_pk])).status_code == 404
    )


def test_dialogue_page_marks_messages_read(personas, login, skp):
    services.post_message(
        skp, bagian=skp.periode.bagian.get(nomor=1), isi="Halo", by=personas.pegawai
    )
    login(personas.atasan).get(reverse("skp_dialog", args=[skp.pk, 1]))
    assert skp.dialog.get().dibaca_pada is not None
