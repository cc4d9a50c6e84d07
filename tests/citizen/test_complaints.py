"""Complaints: the status machine, due dates in working days and the audit trail."""

from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kinerja.citizen.complaints import move_complaint, submit_complaint
from kinerja.citizen.errors import Refused
from kinerja.citizen.models import Aduan, HariLibur
from kinerja.citizen.workdays import add_working_days, working_days_between
from kinerja.core.models import AuditEntry

FRIDAY = date(2025, 3, 7)


def test_working_days_skip_weekends_and_holidays():
    assert add_working_days(FRIDAY, 3, set()) == date(2025, 3, 12)  # Mon, Tue, Wed
    assert add_working_days(FRIDAY, 3, {date(2025, 3, 10)}) == date(2025, 3, 13)
    assert add_working_days(date(2025, 3, 8), 1, set()) == date(2025, 3, 10)  # Saturday → Mon
    assert working_days_between(FRIDAY, date(2025, 3, 12), set()) == 3
    assert working_days_between(FRIDAY, FRIDAY, set()) == 0


def _submit(layanan, **extra):
    return submit_complaint(
        layanan.instansi, layanan=layanan, isi="Antrean terlalu lama, loket tutup.",
        ip_hash="a", **extra,
    )  # fmt: skip


def test_due_dates_use_the_agencys_holidays(layanan):
    HariLibur.objects.create(instansi=layanan.instansi, tanggal=date(2025, 3, 10), nama="Libur")
    received = timezone.make_aware(datetime(2025, 3, 7, 15, 0))
    aduan = _submit(layanan, now=received)
    assert aduan.tenggat_verifikasi == date(2025, 3, 13)
    assert aduan.tenggat_respons == date(2025, 3, 17)
    # The 2025 calendar is filled on the first complaint: joint leave for Nyepi on 28 March,
    # Idulfitri on 31 March-1 April and its joint leave on 2-4 and 7 April are skipped.
    assert aduan.tenggat_selesai == date(2025, 4, 8)
    assert aduan.kode_lacak.startswith("ADU-")
    assert aduan.transisi.get().ke == "diterima"


def test_full_journey_to_resolved_is_time_stamped_and_audited(personas, layanan):
    aduan = _submit(layanan)
    for step, extra in [
        ("diverifikasi", {}),
        ("diteruskan", {"petugas": personas.pegawai_pegawai}),
        ("direspons", {"tanggapan": "Loket dibuka pukul 08.00."}),
        ("selesai", {}),
    ]:
        aduan = move_complaint(aduan, ke=step, by=personas.admin, **extra)
    assert aduan.status == "selesai"
    assert aduan.direspons_pada and aduan.selesai_pada
    assert list(aduan.transisi.values_list("ke", flat=True)) == [
        "diterima", "diverifikasi", "diteruskan", "direspons", "selesai",
    ]  # fmt: skip
    assert AuditEntry.objects.filter(action__startswith="citizen.aduan.").count() == 4


@pytest.mark.parametrize(
    ("start", "target"),
    [("diterima", "direspons"), ("diterima", "selesai"), ("selesai", "diverifikasi"),
     ("ditolak", "diverifikasi"), ("direspons", "ditolak")],
)  # fmt: skip
def test_refused_transitions(personas, layanan, start, target):
    aduan = _submit(layanan)
    Aduan.objects.filter(pk=aduan.pk).update(status=start, alasan_tolak="x")
    with pytest.raises(Refused) as refused:
        move_complaint(aduan, ke=target, by=personas.admin, tanggapan="t", alasan="a")
    assert refused.value.kode == "transisi_tidak_boleh"
    aduan.refresh_from_db()
    assert aduan.status == start


def test_rejection_needs_a_reason(personas, layanan):
    aduan = _submit(layanan)
    with pytest.raises(Refused):
        move_complaint(aduan, ke="ditolak", by=personas.admin)
    aduan = move_complaint(aduan, ke="ditolak", by=personas.admin, alasan="Bukan kewenangan")
    assert aduan.alasan_tolak == "Bukan kewenangan"


def test_stale_version_is_refused(personas, layanan):
    aduan = _submit(layanan)
    move_complaint(aduan, ke="diverifikasi", by=personas.admin, version=1)
    with pytest.raises(Refused) as refused:
        move_complaint(aduan, ke="ditolak", by=personas.admin, alasan="x", version=1)
    assert refused.value.kode == "sudah_berubah"


def test_attachment_type_and_size_are_checked(settings, layanan):
    fake = SimpleUploadedFile("foto.jpg", b"MZ-not-a-jpeg", content_type="image/jpeg")
    with pytest.raises(Refused) as refused:
        _submit(layanan, lampiran=fake)
    assert refused.value.kolom == "lampiran"
    settings.KINERJA_ADUAN_LAMPIRAN_MAX_BYTES = 10
    big = SimpleUploadedFile("a.pdf", b"%PDF-1.4" + b"x" * 100, content_type="application/pdf")
    with pytest.raises(Refused) as too_big:
        _submit(layanan, lampiran=big)
    assert too_big.value.kode == "lampiran_terlalu_besar"
    assert not Aduan.objects.exists()


def test_overdue_when_the_awaited_step_is_late(layanan):
    aduan = _submit(layanan, now=timezone.make_aware(datetime(2025, 3, 7, 9)))
    assert not aduan.lewat_tenggat(date(2025, 3, 12))
    assert aduan.lewat_tenggat(date(2025, 3, 13))


def test_complaint_rate_limit_per_address(settings, layanan):
    settings.KINERJA_ADUAN_BATAS_ALAMAT = (2, 3600)
    _submit(layanan)
    _submit(layanan)
    with pytest.raises(Refused) as refused:
        _submit(layanan)
    assert refused.value.status == 429
