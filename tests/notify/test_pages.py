"""The inbox, the bell and the preferences page: each person sees and opens only their own."""

import pytest
from django.urls import reverse

from kinerja.notify.models import Jenis, Notifikasi, Preferensi
from kinerja.notify.services import notify


def _note(user, teks="Realisasi dikembalikan.", url="/skp/1/bagian/1/"):
    return Notifikasi.objects.create(
        instansi_id=user.instansi_id, penerima=user, jenis=Jenis.REALISASI_DIKEMBALIKAN,
        teks=teks, url=url,
    )  # fmt: skip


def test_the_inbox_lists_only_my_notifications(personas, login):
    _note(personas.pegawai, teks="Untuk Siti")
    _note(personas.rekan, teks="Untuk Rina")
    page = login(personas.pegawai).get(reverse("notify_inbox"))
    assert page.status_code == 200
    assert "Untuk Siti" in page.text and "Untuk Rina" not in page.text


def test_opening_marks_read_and_goes_to_the_thing(personas, login):
    note = _note(personas.pegawai)
    response = login(personas.pegawai).get(reverse("notify_open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == "/skp/1/bagian/1/"
    note.refresh_from_db()
    assert note.dibaca_pada is not None


def test_someone_elses_notification_is_not_found(personas, login):
    note = _note(personas.rekan)
    assert login(personas.pegawai).get(reverse("notify_open", args=[note.pk])).status_code == 404
    assert login(personas.outsider).get(reverse("notify_open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.dibaca_pada is None


def test_an_outside_link_is_never_followed(personas, login):
    note = _note(personas.pegawai, url="https://contoh.invalid/")
    response = login(personas.pegawai).get(reverse("notify_open", args=[note.pk]))
    assert response["Location"] == reverse("notify_inbox")


def test_the_bell_counts_my_unread_in_one_query(personas, login, django_assert_num_queries):
    for n in range(3):
        _note(personas.pegawai, url=f"/skp/{n}/")
    _note(personas.rekan)
    client = login(personas.pegawai)
    client.get(reverse("notify_bell"))  # session and user loaded once
    with django_assert_num_queries(4):  # session, user, its roles, the count
        bell = client.get(reverse("notify_bell"))
    assert '<span class="badge-count"' in bell.text and ">3<" in bell.text
    client.post(reverse("notify_mark_all_read"))
    assert "badge-count" not in client.get(reverse("notify_bell")).text


def test_the_bell_is_loaded_by_htmx_so_pages_keep_their_query_counts(personas, login):
    page = login(personas.pegawai).get(reverse("home"))
    assert f'hx-get="{reverse("notify_bell")}"' in page.text


def test_the_inbox_issues_the_same_queries_for_1_or_60_rows(
    personas, login, django_assert_num_queries
):
    client = login(personas.pegawai)
    _note(personas.pegawai)
    client.get(reverse("notify_inbox"))
    with django_assert_num_queries(7) as one:
        client.get(reverse("notify_inbox"))
    for n in range(59):
        _note(personas.pegawai, url=f"/skp/{n}/")
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(reverse("notify_inbox"))
    assert page.text.count('class="unread"') == 50  # one page


@pytest.mark.parametrize("visitor", [None])
def test_a_visitor_gets_an_empty_bell(client, visitor):
    response = client.get(reverse("notify_bell"))
    assert response.status_code == 200 and response.text.strip() == ""


def test_preferences_are_saved_per_kind_with_the_email(personas, login):
    client = login(personas.pegawai)
    data = {f"cara_{j}": "segera" for j in Jenis.values}
    data["cara_periode_tahap"] = "aplikasi"
    data["cara_pengingat"] = "harian"
    data["email"] = "siti@dinkes.go.id"
    response = client.post(reverse("notify_preferences"), data)
    assert response.status_code == 302
    saved = dict(Preferensi.objects.filter(pengguna=personas.pegawai).values_list("jenis", "cara"))
    assert saved == {"periode_tahap": "aplikasi", "pengingat": "harian"}
    personas.pegawai.refresh_from_db()
    assert personas.pegawai.email == "siti@dinkes.go.id"
    page = client.get(reverse("notify_preferences"))
    label = "Pengingat tenggat: Ringkasan harian lewat email"
    assert f'name="cara_pengingat" value="harian" aria-label="{label}" checked' in page.text


def test_a_bad_choice_changes_nothing_and_says_which_row(personas, login):
    client = login(personas.pegawai)
    data = {f"cara_{j}": "segera" for j in Jenis.values}
    data["cara_dialog"] = "merpati"
    data["email"] = "bukan-email"
    response = client.post(reverse("notify_preferences"), data)
    assert response.status_code == 400
    assert (
        "Pilih cara pemberitahuan untuk «Umpan balik dan kesepakatan dialog kinerja»"
        in response.text
    )
    assert "Alamat email «bukan-email» tidak valid" in response.text
    assert 'value="bukan-email"' in response.text  # what was typed is kept
    assert not Preferensi.objects.exists()
    personas.pegawai.refresh_from_db()
    assert personas.pegawai.email == ""


def test_only_those_who_chose_email_now_are_emailed(personas, mailoutbox):
    for user in (personas.pegawai, personas.rekan, personas.atasan):
        user.email = f"{user.username}@contoh.go.id"
        user.save(update_fields=["email"])
    Preferensi.objects.create(instansi=personas.instansi, pengguna=personas.rekan,
                              jenis=Jenis.PERIODE_TAHAP, cara="aplikasi")  # fmt: skip
    Preferensi.objects.create(instansi=personas.instansi, pengguna=personas.atasan,
                              jenis=Jenis.PERIODE_TAHAP, cara="harian")  # fmt: skip
    users = [personas.pegawai.pk, personas.rekan.pk, personas.atasan.pk, personas.outsider.pk]
    rows = notify(personas.instansi.pk, users, jenis=Jenis.PERIODE_TAHAP, teks="Tahap berubah.",
                  url="/")  # fmt: skip
    assert {r.penerima_id for r in rows} == {
        personas.pegawai.pk,
        personas.rekan.pk,
        personas.atasan.pk,
    }  # the outsider dropped
    assert [m.to for m in mailoutbox] == [[personas.pegawai.email]]
    assert mailoutbox[0].subject == "[Kinerja] Tahap berubah."


def test_the_inbox_writes_when_in_words(personas, login):
    # Before: "31-03-2026 09.30".
    from datetime import UTC, datetime

    from tests.dates import ANGKA_SAJA

    note = _note(personas.pegawai, teks="Untuk Siti")
    Notifikasi.objects.filter(pk=note.pk).update(dibuat=datetime(2026, 3, 31, 2, 30, tzinfo=UTC))
    page = login(personas.pegawai).get(reverse("notify_inbox")).text
    assert "31 Mar 2026" in page
    assert not ANGKA_SAJA.search(page.split("Untuk Siti", 1)[1].split("</small>", 1)[0])
