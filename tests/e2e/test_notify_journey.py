"""The supervisor returns a realisation → the employee sees the bell, opens the inbox, lands
on the realisation, fixes and resubmits it → the supervisor is told; the emails go to the
right people, in Indonesian."""

import pytest
from playwright.sync_api import expect

from kinerja.notify.models import Notifikasi
from kinerja.skp import services
from tests.e2e.test_skp_journeys import switch_user, team  # noqa: F401 - team: the fixture
from tests.factories import PASSWORD
from tests.skp.factories import approved_skp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def bell(page):
    return page.locator("a.bell .badge-count")


def test_a_returned_realisation_is_fixed_through_the_inbox(
    page,
    live_server,
    sign_in,
    team,  # noqa: F811
    mailoutbox,
):
    siti, kepala = team["siti"], team["kepala"]
    for person, address in ((siti, "siti@dinkes.go.id"), (kepala, "budi@dinkes.go.id")):
        person.akun.email = address
        person.akun.save(update_fields=["email"])
    skp = approved_skp(siti, team["periode"], intervensi=team["head_rhk"])
    indikator = skp.rhk.get().indikator.get()
    draft = services.record_realisasi(indikator, bagian=team["periode"].bagian.get(nomor=1),
                                      nilai="3", by=siti.akun)  # fmt: skip
    services.submit_realisasi(draft, by=siti.akun, version=draft.version)

    # The supervisor is told, opens the notice and returns the realisation.
    sign_in(page, kepala.nip, PASSWORD)
    expect(bell(page)).to_have_text("1")
    page.locator("a.bell").click()
    page.get_by_role("link", name="Siti Aminah mengajukan realisasi").click()
    expect(page).to_have_url(f"{live_server.url}/skp/{skp.pk}/bagian/1/")
    expect(bell(page)).to_have_count(0)  # read once opened
    page.locator(f"#pilih-{draft.pk}").check()
    page.locator(f"#kr-{draft.pk}").fill("Bukti kegiatan belum diunggah")
    page.get_by_role("button", name="Kembalikan terpilih").click()
    expect(page.get_by_text("1 realisasi dikembalikan dengan komentar.")).to_be_visible()

    # The employee sees the bell, opens the inbox, lands on the realisation and fixes it.
    switch_user(page, sign_in, siti)
    expect(bell(page)).to_have_text("1")
    page.locator("a.bell").click()
    expect(page.get_by_role("heading", name="Kotak masuk")).to_be_visible()
    page.get_by_role("link", name="dikembalikan oleh Budi Santoso").click()
    expect(page).to_have_url(f"{live_server.url}/skp/{skp.pk}/bagian/1/")
    expect(page.get_by_text("Komentar penilai: Bukti kegiatan belum diunggah")).to_be_visible()
    page.locator(f"#nilai-{indikator.pk}").fill("4")
    page.locator(f"#catatan-{indikator.pk}").fill("Bukti kegiatan terlampir")
    page.locator(f"#tautan-{indikator.pk}").fill("https://contoh.go.id/bukti-kegiatan.pdf")
    page.get_by_role("button", name="Ajukan semua").click()
    expect(page.get_by_text("1 realisasi diajukan kepada pejabat penilai.")).to_be_visible()

    # The supervisor is told of the fix.
    switch_user(page, sign_in, kepala)
    expect(bell(page)).to_have_text("1")
    assert Notifikasi.objects.filter(penerima=kepala.akun, dibaca_pada__isnull=True).count() == 1

    assert [m.to for m in mailoutbox] == [
        ["budi@dinkes.go.id"], ["siti@dinkes.go.id"], ["budi@dinkes.go.id"],
    ]  # fmt: skip
    returned = mailoutbox[1]
    assert returned.subject.startswith("[Kinerja] Realisasi «")
    assert "Yth. Siti Aminah," in returned.body
    assert "dikembalikan oleh Budi Santoso" in returned.body
    assert "Catatan: Bukti kegiatan belum diunggah." in returned.body
    assert "Perbaiki lalu ajukan lagi." in returned.body
    assert "Siti Aminah mengajukan realisasi" in mailoutbox[2].body
