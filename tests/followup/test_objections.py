"""Objections: the window, the decider, the deadline, the audit and the original result."""

from datetime import timedelta

import pytest

from kinerja.core.errors import DomainError, NotAllowed
from kinerja.core.models import AuditEntry
from kinerja.followup import queries, services
from kinerja.followup.models import Keberatan, LampiranKeberatan
from kinerja.followup.services import penghargaan
from kinerja.scoring.models import Hasil
from tests.dates import in_words
from tests.followup.conftest import annual

REASON = "Realisasi triwulan empat belum diverifikasi padahal bukti sudah lengkap."


def shown(closed):
    return queries.shown_on(closed.periode)


def test_day_14_after_the_result_is_shown_is_allowed(personas, closed):
    hasil = annual(closed.skp["siti"])
    k = services.file_objection(hasil, by=personas.pegawai, alasan=REASON,
                                today=shown(closed) + timedelta(days=14))  # fmt: skip
    assert k.pemutus == closed.kepala and k.penilai == personas.atasan_pegawai
    assert k.semula_predikat == "baik"
    assert k.tenggat_putusan == shown(closed) + timedelta(days=28)


def test_day_15_is_refused_with_the_last_day_named(personas, closed):
    hasil = annual(closed.skp["siti"])
    last = shown(closed) + timedelta(days=14)
    with pytest.raises(DomainError, match=in_words(last)):
        services.file_objection(hasil, by=personas.pegawai, alasan=REASON,
                                today=shown(closed) + timedelta(days=15))  # fmt: skip
    assert not Keberatan.objects.exists()


def test_open_period_slice_results_and_other_peoples_results_are_refused(personas, closed):
    slice_result = closed.skp["siti"].hasil.get(bagian__nomor=1)
    with pytest.raises(DomainError, match="tahunan"):
        services.file_objection(slice_result, by=personas.pegawai, alasan=REASON)
    with pytest.raises(NotAllowed):
        services.file_objection(annual(closed.skp["rina"]), by=personas.pegawai, alasan=REASON)
    with pytest.raises(DomainError, match="minimal"):
        services.file_objection(annual(closed.skp["siti"]), by=personas.pegawai, alasan="tidak")


def test_a_second_objection_on_the_same_result_is_refused(personas, closed):
    hasil = annual(closed.skp["siti"])
    services.file_objection(hasil, by=personas.pegawai, alasan=REASON)
    with pytest.raises(DomainError, match="sudah diajukan"):
        services.file_objection(hasil, by=personas.pegawai, alasan=REASON)


def test_decision_deadline_follows_the_period_setting_and_shows_overdue(personas, closed):
    penghargaan.set_period_settings(closed.periode, by=personas.admin,
                                    hari_keputusan_keberatan=7)  # fmt: skip
    day = shown(closed)
    k = services.file_objection(annual(closed.skp["siti"]), by=personas.pegawai, alasan=REASON,
                                today=day)  # fmt: skip
    assert k.tenggat_putusan == day + timedelta(days=7)
    assert not queries.overdue(k, today=day + timedelta(days=7))
    assert queries.overdue(k, today=day + timedelta(days=8))


def test_only_the_raters_supervisor_decides(personas, closed):
    k = services.file_objection(annual(closed.skp["siti"]), by=personas.pegawai, alasan=REASON)
    for user in (personas.atasan, personas.pegawai, personas.admin, personas.rekan,
                 personas.outsider):  # fmt: skip
        with pytest.raises(NotAllowed):
            services.decide_objection(k, by=user, putusan="ditolak", alasan=REASON)
    services.decide_objection(k, by=closed.kepala_user, putusan="ditolak", alasan=REASON)
    k.refresh_from_db()
    assert k.putusan == "ditolak" and k.diputuskan
    with pytest.raises(DomainError, match="final"):
        services.decide_objection(k, by=closed.kepala_user, putusan="dikabulkan", alasan=REASON,
                                  hasil_kerja="di_atas", perilaku="di_atas")  # fmt: skip


def test_upheld_objection_changes_the_final_rating_keeps_the_original_and_is_audited(
    personas, closed
):
    hasil = annual(closed.skp["siti"])
    original = (hasil.usulan_predikat, hasil.status, hasil.version)
    k = services.file_objection(hasil, by=personas.pegawai, alasan=REASON)
    services.request_explanation(k, by=closed.kepala_user, isi="Mohon penjelasan kedua pihak.")
    services.explain_objection(k, by=personas.atasan, isi="Realisasi terlambat diajukan pegawai.")
    services.explain_objection(k, by=personas.pegawai, isi="Bukti diunggah tepat waktu, lihat.")
    with pytest.raises(NotAllowed):
        services.explain_objection(k, by=personas.rekan, isi="Saya ikut memberi penjelasan.")
    services.decide_objection(
        k, by=closed.kepala_user, putusan="dikabulkan", alasan="Bukti lengkap dan tepat waktu.",
        hasil_kerja="di_atas", perilaku="di_atas",
    )  # fmt: skip
    hasil.refresh_from_db()
    assert (hasil.usulan_predikat, hasil.status, hasil.version) == original
    final = queries.annual_results(closed.periode).get(pk=hasil.pk)
    assert final.predikat_akhir == "sangat_baik" and final.hasil_kerja_akhir == "di_atas"
    entry = AuditEntry.objects.get(action="penilaian.ubah_keberatan")
    assert entry.object_id == str(hasil.pk) and entry.object_type == "scoring.hasil"
    assert entry.before["predikat"] == "baik" and entry.after["predikat"] == "sangat_baik"
    assert k.catatan.count() == 3
    assert Hasil.objects.get(pk=hasil.pk).final_predikat == "baik"


def test_upheld_objection_must_change_something(personas, closed):
    k = services.file_objection(annual(closed.skp["siti"]), by=personas.pegawai, alasan=REASON)
    with pytest.raises(DomainError, match="berbeda"):
        services.decide_objection(
            k, by=closed.kepala_user, putusan="dikabulkan_sebagian", alasan=REASON,
            hasil_kerja="sesuai", perilaku="sesuai",
        )  # fmt: skip


def test_attachment_is_checked_like_evidence(personas, closed, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("bukti.pdf", b"bukan pdf sama sekali", "application/pdf")
    with pytest.raises(DomainError, match="tidak sesuai"):
        services.file_objection(annual(closed.skp["siti"]), by=personas.pegawai, alasan=REASON,
                                lampiran=[fake])  # fmt: skip
    assert not Keberatan.objects.exists()
    real = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 isi", "application/pdf")
    k = services.file_objection(annual(closed.skp["siti"]), by=personas.pegawai, alasan=REASON,
                                lampiran=[real])  # fmt: skip
    assert LampiranKeberatan.objects.get(keberatan=k).tipe == "pdf"


def test_upholding_without_a_new_rating_is_a_sentence_beside_the_field(personas, closed, login):
    # Before: "hasil_kerja '' tidak dikenal; gunakan salah satu: di_atas (Di Atas Ekspektasi),
    # ..." at the top of the page, the choices and the reason typed lost.
    k = services.file_objection(annual(closed.skp["siti"]), by=personas.pegawai, alasan=REASON)
    client = login(closed.kepala_user)
    response = client.post(f"/tindak-lanjut/keberatan/{k.pk}/", {
        "aksi": "putus", "putusan": "dikabulkan", "alasan": "Bukti lengkap dan tepat waktu.",
        "hasil_kerja": "", "perilaku": "di_atas", "version": k.version,
    })  # fmt: skip
    text = response.content.decode()
    assert response.status_code == 400
    assert (
        "pilih hasil kerja yang baru (Di Atas Ekspektasi, Sesuai Ekspektasi atau Di Bawah "
        "Ekspektasi), atau putuskan ditolak." in text
    )
    assert "tidak dikenal" not in text and "''" not in text and "di_atas (" not in text
    assert 'id="hasil_kerja" name="hasil_kerja" aria-invalid="true"' in text
    assert '<option value="di_atas" selected>' in text  # the behaviour choice is kept
    assert "Bukti lengkap dan tepat waktu.</textarea>" in text
    assert not Keberatan.objects.get(pk=k.pk).diputuskan


def test_an_unknown_rating_names_the_choices_not_the_codes(personas, closed):
    k = services.file_objection(annual(closed.skp["siti"]), by=personas.pegawai, alasan=REASON)
    with pytest.raises(DomainError) as error:
        services.decide_objection(
            k, by=closed.kepala_user, putusan="dikabulkan", alasan=REASON,
            hasil_kerja="luar_biasa", perilaku="sesuai",
        )  # fmt: skip
    assert str(error.value) == (
        "Pilihan hasil kerja tidak dikenal; pilih salah satu: Di Atas Ekspektasi, Sesuai "
        "Ekspektasi atau Di Bawah Ekspektasi."
    )
    assert error.value.kolom == "hasil_kerja"
