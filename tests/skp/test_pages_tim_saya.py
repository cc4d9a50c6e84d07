"""The rater's pages: Tim saya with its one-click actions, and the home's work list; with
their query counts."""

import pytest
from django.urls import reverse

from kinerja.skp import services
from tests.skp.factories import IndikatorFactory, RhkFactory, rater_team


@pytest.mark.parametrize("size", [3, 30])
def test_tim_saya_runs_a_constant_number_of_queries(
    personas, login, periode, atasan_skp, size, django_assert_num_queries
):
    rater_team(personas, periode, atasan_skp, size)
    client = login(personas.atasan)
    url = reverse("skp_tim") + "?bagian=1"
    client.get(url)
    # session, user, roles, periode, slices, the rater; the team: people, SKPs, indicators,
    # realisations, behaviour, unread messages (one query each, whatever the team size)
    with django_assert_num_queries(12):
        response = client.get(url)
    assert response.content.decode().count('id="tim-') == size + 2  # + the two personas


def test_tim_saya_shows_status_and_one_click_approve(personas, login, periode, atasan_skp, draft):
    IndikatorFactory(rhk=RhkFactory(skp=draft, intervensi=atasan_skp.rhk.get()))
    services.submit_skp(draft, by=personas.pegawai, version=draft.version)
    client = login(personas.atasan)
    page = client.get(reverse("skp_tim")).content.decode()
    assert "Setujui SKP" in page and 'hx-post="' in page
    # a plan not yet approved has nothing to verify: no "0/1" beside it
    cell = page[page.index('data-label="Terverifikasi"') :]
    assert cell[: cell.index("</td>")].endswith(">—")
    response = client.post(
        reverse("skp_tim_action", args=[draft.pk, 1, "setujui"]),
        {"version": draft.version},
        HTTP_HX_REQUEST="true",
    )
    fragment = response.content.decode()
    assert fragment.startswith("<tr") and "Disetujui" in fragment
    assert "SKP Siti Pegawai disetujui." in fragment
    draft.refresh_from_db()
    assert draft.status == "disetujui"


def test_tim_saya_one_click_verifies_a_slice(personas, login, skp, realisasi):
    client = login(personas.atasan)
    response = client.post(
        reverse("skp_tim_action", args=[skp.pk, 1, "verifikasi"]), HTTP_HX_REQUEST="true"
    )
    assert "1 realisasi Siti Pegawai diverifikasi." in response.content.decode()
    realisasi.refresh_from_db()
    assert realisasi.status == "diverifikasi"


def test_employee_cannot_open_tim_saya(personas, login, periode):
    assert login(personas.pegawai).get(reverse("skp_tim")).status_code == 403


def test_home_shows_what_waits_for_the_rater(personas, login, skp, realisasi):
    page = login(personas.atasan).get(reverse("home")).content.decode()
    assert "Menunggu saya" in page
    # the team table writes each NIP as "Data saya" does, in its four parts
    assert f'<td data-label="NIP">{personas.pegawai_pegawai.nip_tertulis}</td>' in page
    assert "1 realisasi Siti Pegawai (bagian 1) menunggu verifikasi" in page


def test_home_names_the_dialogue_by_whose_it_is(personas, login, skp):
    """The employee reads "dialog kinerja Anda", not their own name; the rater reads the
    employee's name."""
    bagian = skp.periode.bagian.get(nomor=1)
    services.dialog.post_message(skp, bagian=bagian, isi="Mohon unggah bukti.", by=personas.atasan)
    services.dialog.post_message(skp, bagian=bagian, isi="Sudah, Pak.", by=personas.pegawai)
    mine = login(personas.pegawai).get(reverse("home")).content.decode()
    assert "1 pesan baru dalam dialog kinerja Anda (bagian 1)" in mine
    assert "dialog kinerja Siti Pegawai" not in mine
    theirs = login(personas.atasan).get(reverse("home")).content.decode()
    assert "1 pesan baru dalam dialog kinerja Siti Pegawai (bagian 1)" in theirs


def test_home_work_list_constant_queries(
    personas, login, periode, atasan_skp, django_assert_num_queries
):
    rater_team(personas, periode, atasan_skp, 5)
    client = login(personas.atasan)
    client.get(reverse("skp_menunggu"))
    with django_assert_num_queries(10):
        client.get(reverse("skp_menunggu"))
