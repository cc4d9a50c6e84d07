"""Each audited action tells exactly the people it concerns, in their agency, in Indonesian;
the one who acted, colleagues, and other agencies hear nothing."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from kinerja.citizen.complaints import move_complaint, submit_complaint
from kinerja.core.models import AuditEntry
from kinerja.followup import queries as followup_queries
from kinerja.followup import services as followup
from kinerja.notify.models import Jenis, Notifikasi
from kinerja.skp import services
from kinerja.skp.models import Periode
from tests.citizen.conftest import make_layanan
from tests.followup.conftest import annual
from tests.skp.factories import SkpFactory, approved_skp

REASON = "Realisasi triwulan empat belum diverifikasi padahal bukti sudah lengkap."


def told(jenis) -> dict:
    """{recipient user id: text} of the notifications of one kind."""
    rows = Notifikasi.objects.filter(jenis=jenis)
    return {n.penerima_id: n.teks for n in rows}


@pytest.fixture
def skp(personas, periode, atasan_skp):
    return approved_skp(personas.pegawai_pegawai, periode, intervensi=atasan_skp.rhk.get())


@pytest.fixture
def realisasi(personas, skp, periode):
    indikator = skp.rhk.get().indikator.get()
    row = services.record_realisasi(indikator, bagian=periode.bagian.get(nomor=1), nilai="3",
                                    by=personas.pegawai)  # fmt: skip
    return services.submit_realisasi(row, by=personas.pegawai, version=row.version)


def test_submitting_an_skp_tells_the_rater_only(personas, periode, atasan_skp, with_emails):
    from tests.skp.factories import IndikatorFactory, RhkFactory

    draft = SkpFactory(pegawai=personas.pegawai_pegawai, periode=periode)
    IndikatorFactory(rhk=RhkFactory(skp=draft, intervensi=atasan_skp.rhk.get()))
    services.submit_skp(draft, by=personas.pegawai, version=draft.version)
    assert told(Jenis.SKP_DIAJUKAN) == {
        personas.atasan.pk: "Siti Pegawai mengajukan SKP 2026 untuk Anda setujui."
    }
    note = Notifikasi.objects.get()
    assert note.url == reverse("skp_detail", args=[draft.pk])
    assert [m.to for m in mail.outbox] == [[personas.atasan.email]]
    assert "Yth. Budi Atasan" in mail.outbox[0].body
    assert "/kotak-masuk/" in mail.outbox[0].body


def test_returning_and_approving_an_skp_tells_the_employee(personas, periode, atasan_skp):
    from tests.skp.factories import IndikatorFactory, RhkFactory

    draft = SkpFactory(pegawai=personas.pegawai_pegawai, periode=periode)
    IndikatorFactory(rhk=RhkFactory(skp=draft, intervensi=atasan_skp.rhk.get()))
    draft = services.submit_skp(draft, by=personas.pegawai, version=draft.version)
    draft = services.return_skp(draft, by=personas.atasan, version=draft.version,
                                komentar="Target terlalu rendah")  # fmt: skip
    assert told(Jenis.SKP_DIKEMBALIKAN) == {
        personas.pegawai.pk: "SKP 2026 Anda dikembalikan oleh Budi Atasan untuk diperbaiki. "
        "Catatan: Target terlalu rendah"
    }
    draft = services.submit_skp(draft, by=personas.pegawai, version=draft.version)
    services.approve_skp(draft, by=personas.atasan, version=draft.version)
    assert told(Jenis.SKP_DISETUJUI) == {
        personas.pegawai.pk: "SKP 2026 Anda disetujui oleh Budi Atasan."
    }
    assert not mail.outbox  # nobody has an email address


def test_realisation_submitted_returned_verified(personas, with_emails, realisasi):
    assert set(told(Jenis.REALISASI_DIAJUKAN)) == {personas.atasan.pk}
    returned = services.return_realisasi(realisasi, by=personas.atasan, version=realisasi.version,
                                         komentar="Bukti belum diunggah")  # fmt: skip
    texts = told(Jenis.REALISASI_DIKEMBALIKAN)
    assert set(texts) == {personas.pegawai.pk}
    assert "dikembalikan oleh Budi Atasan" in texts[personas.pegawai.pk]
    assert "Catatan: Bukti belum diunggah" in texts[personas.pegawai.pk]
    again = services.submit_realisasi(returned, by=personas.pegawai, version=returned.version)
    services.verify_realisasi(again, by=personas.atasan, version=again.version)
    assert set(told(Jenis.REALISASI_DIVERIFIKASI)) == {personas.pegawai.pk}
    # The second submission found the rater's first notice still unread: not told twice.
    assert Notifikasi.objects.filter(jenis=Jenis.REALISASI_DIAJUKAN).count() == 1
    recipients = sorted(tuple(m.to) for m in mail.outbox)
    assert recipients == sorted([(personas.atasan.email,), (personas.pegawai.email,),
                                 (personas.pegawai.email,)])  # fmt: skip
    assert any("dikembalikan" in m.subject for m in mail.outbox)
    assert not Notifikasi.objects.filter(penerima__in=[personas.rekan, personas.outsider,
                                                       personas.admin]).exists()  # fmt: skip


def test_a_feedback_in_the_dialogue_tells_the_other_party(personas, skp, periode):
    bagian = periode.bagian.get(nomor=1)
    services.post_message(skp, bagian=bagian, isi="Pertahankan.", by=personas.atasan,
                          jenis="umpan_balik")  # fmt: skip
    assert set(told(Jenis.DIALOG)) == {personas.pegawai.pk}
    assert Notifikasi.objects.get().url == reverse("skp_dialog", args=[skp.pk, 1])


def test_a_dialogue_message_tells_only_the_other_party(personas, skp, periode):
    # A plain message (not feedback) told nobody: it was not audited, so no event fired.
    bagian = periode.bagian.get(nomor=1)
    services.post_message(skp, bagian=bagian, isi="Mohon arahan target Q1.", by=personas.pegawai)
    assert told(Jenis.DIALOG) == {
        personas.atasan.pk: "Siti Pegawai menulis pesan dalam dialog kinerja bagian 1 SKP 2026."
    }
    services.post_message(skp, bagian=bagian, isi="Baik, kita bahas Senin.", by=personas.atasan)
    assert set(told(Jenis.DIALOG)) == {personas.atasan.pk, personas.pegawai.pk}
    assert Notifikasi.objects.count() == 2
    assert all(n.url == reverse("skp_dialog", args=[skp.pk, 1]) for n in Notifikasi.objects.all())
    entry = AuditEntry.objects.get(action="dialog.pesan", actor=personas.pegawai)
    assert entry.after == {"bagian": 1}  # the message itself stays between the two


def test_a_stage_change_tells_every_account_of_the_agency_only(personas, periode):
    periode.status = Periode.Status.PERENCANAAN
    periode.save(update_fields=["status"])
    services.move_stage(periode, to=Periode.Status.PELAKSANAAN, by=personas.admin,
                        version=periode.version)  # fmt: skip
    texts = told(Jenis.PERIODE_TAHAP)
    assert set(texts) == {personas.pegawai.pk, personas.atasan.pk, personas.rekan.pk,
                          personas.pimpinan.pk, personas.auditor.pk}  # fmt: skip
    assert texts[personas.pegawai.pk] == "Periode penilaian 2026 memasuki tahap Pelaksanaan."


def test_a_complaint_forwarded_tells_the_officer_only(personas, with_emails):
    layanan = make_layanan(personas.instansi, personas.pegawai_pegawai.unit)
    aduan = submit_complaint(personas.instansi, layanan=layanan, isi="Loket tutup.", ip_hash="a")
    aduan = move_complaint(aduan, ke="diverifikasi", by=personas.admin)
    assert not Notifikasi.objects.exists()
    move_complaint(aduan, ke="diteruskan", by=personas.admin, petugas=personas.rekan_pegawai)
    texts = told(Jenis.ADUAN_DITERUSKAN)
    assert set(texts) == {personas.rekan.pk}
    assert texts[personas.rekan.pk].startswith(f"Aduan {aduan.kode_lacak} (")
    assert "diteruskan kepada Anda" in texts[personas.rekan.pk]
    assert [m.to for m in mail.outbox] == [[personas.rekan.email]]


def test_an_objection_tells_the_decider_and_rater_then_the_employee(personas, closed):
    hasil = annual(closed.skp["siti"])
    k = followup.file_objection(hasil, by=personas.pegawai, alasan=REASON,
                                today=followup_queries.shown_on(closed.periode)
                                + timedelta(days=1))  # fmt: skip
    assert set(told(Jenis.KEBERATAN_DIAJUKAN)) == {closed.kepala_user.pk, personas.atasan.pk}
    followup.request_explanation(
        k, by=closed.kepala_user, isi="Mohon penjelasan tertulis atas penilaian ini."
    )
    assert set(told(Jenis.KEBERATAN_PENJELASAN)) == {personas.atasan.pk, personas.pegawai.pk}
    Notifikasi.objects.all().delete()
    followup.explain_objection(k, by=personas.atasan, isi="Bukti belum diunggah tepat waktu.")
    assert set(told(Jenis.KEBERATAN_PENJELASAN)) == {closed.kepala_user.pk}
    k.refresh_from_db()
    followup.decide_objection(k, by=closed.kepala_user, putusan="ditolak", alasan=REASON)
    assert set(told(Jenis.KEBERATAN_DIPUTUSKAN)) == {personas.pegawai.pk, personas.atasan.pk}
    assert Notifikasi.objects.filter(penerima=personas.rekan).count() == 0
    assert all(n.url == reverse("followup_keberatan", args=[k.pk])
               for n in Notifikasi.objects.all())  # fmt: skip


def test_a_failure_in_telling_never_undoes_the_action(personas, realisasi, monkeypatch):
    from kinerja.notify import events

    monkeypatch.setitem(events.HANDLERS, "realisasi.verifikasi",
                        lambda *a: (_ for _ in ()).throw(RuntimeError("rusak")))  # fmt: skip
    done = services.verify_realisasi(realisasi, by=personas.atasan, version=realisasi.version)
    done.refresh_from_db()
    assert done.status == "diverifikasi"
    assert not Notifikasi.objects.filter(jenis=Jenis.REALISASI_DIVERIFIKASI).exists()


def test_a_360_request_tells_each_respondent_with_their_own_link(personas, skp, periode):
    from kinerja.skp.models import Permintaan360
    from tests.factories import PegawaiFactory, UserFactory

    peer = PegawaiFactory(instansi=personas.instansi, atasan=personas.atasan_pegawai)
    peer_user = UserFactory(pegawai=peer)
    bagian = periode.bagian.get(nomor=1)
    services.request_360(skp, bagian=bagian, responden=[peer, personas.rekan_pegawai],
                         by=personas.atasan)  # fmt: skip
    texts = told(Jenis.MINTA_360)
    assert set(texts) == {peer_user.pk, personas.rekan.pk}  # not Siti, not Budi
    assert texts[peer_user.pk] == (
        "Budi Atasan meminta masukan Anda tentang perilaku kerja Siti Pegawai (bagian 1, SKP 2026)."
    )
    for note in Notifikasi.objects.filter(jenis=Jenis.MINTA_360):
        asked = Permintaan360.objects.get(responden__akun=note.penerima_id)
        assert note.url == reverse("skp_jawab_360", args=[asked.pk])


def test_a_stage_change_leaves_the_agency_fan_out_to_a_task(personas, periode):
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    queue = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    periode.status = Periode.Status.PERENCANAAN
    periode.save(update_fields=["status"])
    with override_settings(TASKS=queue):
        services.move_stage(periode, to=Periode.Status.PELAKSANAAN, by=personas.admin,
                            version=periode.version)  # fmt: skip
    assert not Notifikasi.objects.exists()  # nothing written in the request
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "kinerja.notify.events.tell_agency"
    assert queued.args_kwargs["args"][0] == personas.instansi.pk


def test_computed_results_tell_each_rater_how_many_wait_for_them(personas, with_emails):
    """Issue 20's "results ready for the rater's decision": HR computes a slice; each rater
    with results of it waiting is told their own count with the link to their team page;
    the employees, HR who computed, and another agency's people are not; computing again
    with nothing changed tells nobody again."""
    from kinerja.scoring import services as scoring
    from tests.factories import PegawaiFactory, UserFactory
    from tests.scoring.conftest import simple_skp
    from tests.skp.factories import PeriodeFactory

    periode = PeriodeFactory(instansi=personas.instansi, tahun=2026,
                             status=Periode.Status.PENILAIAN)  # fmt: skip
    simple_skp(personas.pegawai_pegawai, periode)
    simple_skp(personas.rekan_pegawai, periode)
    kepala = PegawaiFactory(instansi=personas.instansi, unit=personas.pegawai_pegawai.unit,
                            nama="Kepala Lain")  # fmt: skip
    kepala_user = UserFactory(pegawai=kepala, email="kepala@contoh.go.id")
    staf = PegawaiFactory(instansi=personas.instansi, unit=kepala.unit, atasan=kepala)
    simple_skp(staf, periode)
    other = PeriodeFactory(instansi=personas.outsider.instansi, tahun=2026,
                           status=Periode.Status.PENILAIAN)  # fmt: skip
    simple_skp(PegawaiFactory(instansi=other.instansi, atasan=personas.outsider_pegawai), other)
    mail.outbox.clear()

    scoring.compute_results(periode, by=personas.admin, bagian=periode.bagian.get(nomor=2))
    texts = told(Jenis.HASIL_SIAP)
    assert set(texts) == {personas.atasan.pk, kepala_user.pk}
    assert texts[personas.atasan.pk] == (
        "Hasil bagian 2 periode 2026 sudah dihitung: 2 hasil pegawai yang Anda nilai menunggu "
        "keputusan Anda (konfirmasi atau ubah)."
    )
    assert texts[kepala_user.pk].startswith("Hasil bagian 2 periode 2026 sudah dihitung: 1 hasil")
    assert {n.url for n in Notifikasi.objects.all()} == {
        reverse("scoring_tim") + "?periode=2026&bagian=2"
    }
    assert sorted(m.to for m in mail.outbox) == sorted(
        [["kepala@contoh.go.id"], [personas.atasan.email]]
    )
    scoring.compute_results(periode, by=personas.admin, bagian=periode.bagian.get(nomor=2))
    assert Notifikasi.objects.count() == 2  # nothing new: nobody told twice
    scoring.compute_results(periode, by=personas.admin)  # the year
    year = Notifikasi.objects.get(penerima=personas.atasan, teks__startswith="Hasil tahunan")
    assert year.teks.startswith("Hasil tahunan periode 2026 sudah dihitung: 2 hasil")
    assert year.url == reverse("scoring_tim") + "?periode=2026&bagian=tahunan"
    assert not Notifikasi.objects.exclude(penerima__in=[personas.atasan, kepala_user]).exists()
