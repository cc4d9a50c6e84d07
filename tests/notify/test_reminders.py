"""Daily reminders follow each period's dates, tell only who still has something to do, never
twice a day, in batches of constant queries; the digest goes out once a day."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.notify import reminders
from kinerja.notify.models import Jenis, Notifikasi, Preferensi, Terkirim
from kinerja.notify.services import notify
from kinerja.skp.models import Periode, Realisasi
from tests.dates import ANGKA_SAJA, in_words
from tests.factories import PegawaiFactory, UserFactory
from tests.skp.factories import PeriodeFactory, RealisasiFactory, approved_skp

TODAY = date(2026, 3, 25)


def reminded(kunci_prefix="") -> dict[int, str]:
    rows = Notifikasi.objects.filter(jenis=Jenis.PENGINGAT)
    keys = Terkirim.objects.filter(jenis=Jenis.PENGINGAT, kunci__startswith=kunci_prefix)
    wanted = set(keys.values_list("pengguna_id", flat=True))
    return {n.penerima_id: n.teks for n in rows if n.penerima_id in wanted}


@pytest.fixture
def planning(personas):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026,
                             status=Periode.Status.PERENCANAAN,
                             tenggat_perencanaan=TODAY + timedelta(days=3))  # fmt: skip
    return periode


def test_planning_reminds_who_has_not_submitted_and_raters_with_skp_waiting(personas, planning):
    from tests.skp.factories import SkpFactory

    SkpFactory(pegawai=personas.rekan_pegawai, periode=planning, status="diajukan")
    approved_skp(personas.atasan_pegawai, planning)
    assert reminders.send_reminders(TODAY) == 2
    assert reminded("perencanaan:") == {
        personas.pegawai.pk: "Tenggat perencanaan SKP 2026: 28 Maret 2026 (3 hari lagi). "
        "Lengkapi dan ajukan SKP Anda."
    }
    assert set(reminded("persetujuan:")) == {personas.atasan.pk}
    assert not Notifikasi.objects.filter(penerima=personas.outsider).exists()


def test_nobody_is_reminded_twice_the_same_day(personas, planning):
    assert reminders.send_reminders(TODAY) == 3  # Siti, Rina, Budi have no SKP submitted
    assert reminders.send_reminders(TODAY) == 0
    assert Notifikasi.objects.filter(jenis=Jenis.PENGINGAT).count() == 3
    assert reminders.send_reminders(TODAY + timedelta(days=1)) == 3  # next day: again


def test_no_reminder_outside_the_window_or_for_a_closed_period(personas, planning):
    assert reminders.send_reminders(TODAY - timedelta(days=8)) == 0  # 11 days before
    assert reminders.send_reminders(TODAY + timedelta(days=4)) == 0  # the day after
    Periode.objects.filter(pk=planning.pk).update(status=Periode.Status.DITUTUP)
    assert reminders.send_reminders(TODAY) == 0


def test_realisation_reminder_per_slice_skips_who_has_submitted(personas):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026)  # pelaksanaan, quarterly
    siti = approved_skp(personas.pegawai_pegawai, periode)
    approved_skp(personas.rekan_pegawai, periode)
    RealisasiFactory(indikator=siti.rhk.get().indikator.get(), status=Realisasi.Status.DIAJUKAN)
    first_end = periode.bagian.get(nomor=1).selesai  # 31 March
    assert reminders.send_reminders(first_end - timedelta(days=2)) >= 1
    texts = reminded(f"realisasi:{periode.bagian.get(nomor=1).pk}")
    assert set(texts) == {personas.rekan.pk}
    assert texts[personas.rekan.pk].startswith("Bagian 1 periode 2026 berakhir 31 Maret 2026")


def test_verification_and_rating_remind_the_rater(personas):
    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026,
                             status=Periode.Status.PENILAIAN,
                             tenggat_pelaksanaan=TODAY, tenggat_penilaian=TODAY)  # fmt: skip
    siti = approved_skp(personas.pegawai_pegawai, periode)
    RealisasiFactory(indikator=siti.rhk.get().indikator.get(), status=Realisasi.Status.DIAJUKAN)
    reminders.send_reminders(TODAY)
    assert set(reminded("verifikasi:")) == {personas.atasan.pk}
    assert set(reminded("penilaian:")) == {personas.atasan.pk}
    assert "(hari ini)" in reminded("penilaian:")[personas.atasan.pk]


def test_queries_per_batch_do_not_grow_with_the_batch(personas, planning, monkeypatch):
    def run(day):
        with CaptureQueriesContext(connection) as queries:
            reminders.send_reminders(day)
        return len(queries)

    monkeypatch.setattr(reminders, "BATCH", 10)
    small = run(TODAY)  # 3 people: one batch
    for _ in range(7):
        UserFactory(pegawai=PegawaiFactory(instansi=personas.instansi))
    same_batch = run(TODAY + timedelta(days=1))  # 10 people: still one batch
    assert same_batch == small


def test_the_digest_collects_the_day_once(personas, mailoutbox):
    siti = personas.pegawai
    siti.email = "siti@dinkes.go.id"
    siti.save(update_fields=["email"])
    Preferensi.objects.create(instansi=personas.instansi, pengguna=siti, jenis=Jenis.DIALOG,
                              cara="harian")  # fmt: skip
    notify(personas.instansi.pk, [siti.pk], jenis=Jenis.DIALOG, teks="Umpan balik baru.",
           url="/skp/1/")  # fmt: skip
    notify(personas.instansi.pk, [siti.pk], jenis=Jenis.DIALOG, teks="Kesepakatan baru.",
           url="/skp/2/")  # fmt: skip
    assert not mailoutbox  # not at once: she chose the digest
    assert reminders.send_digests(TODAY) == 1
    assert reminders.send_digests(TODAY) == 0  # once a day
    (digest,) = mailoutbox
    assert digest.to == ["siti@dinkes.go.id"]
    assert digest.subject == "[Kinerja] Ringkasan harian 25 Maret 2026"
    assert "Umpan balik baru." in digest.body and "Kesepakatan baru." in digest.body
    assert "(2 pemberitahuan)" in digest.body
    assert "per 25 Maret 2026" in digest.body and not ANGKA_SAJA.search(digest.body)
    notify(personas.instansi.pk, [siti.pk], jenis=Jenis.DIALOG, teks="Pesan esok.", url="/3/")
    assert reminders.send_digests(TODAY + timedelta(days=1)) == 1
    assert "Umpan balik baru." not in mailoutbox[1].body  # already sent


def test_the_command_runs_the_daily_task(personas, planning):
    out = StringIO()
    call_command("kirim_pengingat", "--tanggal", TODAY.isoformat(), stdout=out)
    assert "Diantrekan" in out.getvalue()  # tests run tasks at once
    assert Notifikasi.objects.filter(jenis=Jenis.PENGINGAT).count() == 3
    call_command("kirim_pengingat", "--langsung", "--tanggal", TODAY.isoformat(), stdout=out)
    assert "Pengingat: 0 orang" in out.getvalue()


def test_the_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("kirim_pengingat", "--tanggal", "25/03/2026")


def test_an_officer_is_reminded_of_a_complaint_due_or_overdue_once_a_day(personas):
    from django.urls import reverse

    from kinerja.citizen.complaints import move_complaint, submit_complaint
    from tests.citizen.conftest import make_layanan

    layanan = make_layanan(personas.instansi, personas.pegawai_pegawai.unit)
    aduan = submit_complaint(personas.instansi, layanan=layanan, isi="Loket tutup.", ip_hash="a")
    aduan = move_complaint(aduan, ke="diverifikasi", by=personas.admin)
    move_complaint(aduan, ke="diteruskan", by=personas.admin, petugas=personas.rekan_pegawai)
    other = submit_complaint(personas.instansi, layanan=layanan, isi="Antre lama.", ip_hash="b")
    aduan.refresh_from_db()
    due = aduan.tenggat_respons
    assert reminders.send_complaint_reminders(due - timedelta(days=2)) == 0  # not yet
    assert reminders.send_complaint_reminders(due - timedelta(days=1)) == 1
    assert reminders.send_complaint_reminders(due - timedelta(days=1)) == 0  # once a day
    assert reminders.send_complaint_reminders(due + timedelta(days=3)) == 1
    rows = Notifikasi.objects.filter(jenis=Jenis.ADUAN_TENGGAT).order_by("pk")
    assert {n.penerima_id for n in rows} == {personas.rekan.pk}  # the officer only
    assert f"harus ditanggapi paling lambat {in_words(due)} (1 hari lagi)" in rows[0].teks
    assert f"melewati tenggat tanggapan {in_words(due)} (3 hari)" in rows[1].teks
    assert rows[1].url == reverse("citizen_complaint_detail", args=[aduan.kode_lacak])
    assert other.petugas_id is None
