"""Complaints (aduan): receiving them from the public and moving them through their
statuses (spec §5), each step time-stamped in TransisiAduan and written to the audit log."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kinerja.citizen import directory, libur, protection
from kinerja.citizen.errors import Refused
from kinerja.citizen.libur import holidays_of
from kinerja.citizen.models import (
    DEFAULT_TENGGAT_RESPONS,
    DEFAULT_TENGGAT_SELESAI,
    DEFAULT_TENGGAT_VERIFIKASI,
    Aduan,
    Layanan,
    TransisiAduan,
)
from kinerja.citizen.workdays import add_working_days
from kinerja.core import audit, formatting, uploads

S = Aduan.Status
ALLOWED: dict[str, frozenset[str]] = {
    S.DITERIMA: frozenset({S.DIVERIFIKASI, S.DITOLAK}),
    S.DIVERIFIKASI: frozenset({S.DITERUSKAN, S.DITOLAK}),
    S.DITERUSKAN: frozenset({S.DITERUSKAN, S.DIRESPONS}),
    S.DIRESPONS: frozenset({S.SELESAI}),
    S.SELESAI: frozenset(),
    S.DITOLAK: frozenset(),
}
"""diterima → diverifikasi → diteruskan (to an officer; again to reassign) → direspons →
selesai; diterima or diverifikasi → ditolak with a reason."""

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ATTACHMENT_KINDS = frozenset({"pdf", "jpeg", "png"})


def attachment_max_bytes() -> int:
    return getattr(settings, "KINERJA_ADUAN_LAMPIRAN_MAX_BYTES", 5 * 1024 * 1024)


def new_tracking_code() -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"ADU-{body[:4]}-{body[4:]}"


def check_attachment(upload) -> None:
    """Only PDF, JPG and PNG up to the size limit; the content must match the extension."""
    if upload is None:
        return
    if upload.size > attachment_max_bytes():
        mb = attachment_max_bytes() // (1024 * 1024)
        raise Refused(
            "lampiran_terlalu_besar",
            f"Lampiran terlalu besar; maksimal {mb} MB. Kecilkan foto atau kirim tanpa lampiran.",
            kolom="lampiran",
        )
    if not uploads.sniff(upload.name, upload, ATTACHMENT_KINDS).genuine:
        raise Refused(
            "lampiran_tidak_didukung",
            "Lampiran harus berkas PDF, JPG atau PNG yang utuh.",
            kolom="lampiran",
        )


def submit_complaint(
    instansi,
    *,
    isi: str,
    ip_hash: str,
    layanan: Layanan | None = None,
    unit=None,
    nama_pelapor: str = "",
    kontak_pelapor: str = "",
    lampiran=None,
    saluran: str = "web",
    now: datetime | None = None,
) -> Aduan:
    """Receive a complaint and give it a tracking code (unique across agencies, through the
    code directory) and its three due dates."""
    isi = (isi or "").strip()
    if len(isi) < 10:
        raise Refused(
            "isi_terlalu_pendek", "Ceritakan aduan Anda minimal 10 karakter.", kolom="isi"
        )
    if layanan is None and unit is None:
        raise Refused("layanan_wajib", "Pilih layanan yang Anda adukan.", kolom="layanan")
    check_attachment(lampiran)
    now = now or timezone.now()
    unit_id = layanan.unit_id if layanan is not None else unit.pk
    days = (
        (layanan.tenggat_verifikasi, layanan.tenggat_respons, layanan.tenggat_selesai)
        if layanan is not None
        else (DEFAULT_TENGGAT_VERIFIKASI, DEFAULT_TENGGAT_RESPONS, DEFAULT_TENGGAT_SELESAI)
    )
    received = libur.agency_today(instansi, now)
    libur.ensure_years(instansi, {received.year})
    holidays = holidays_of(instansi.pk)
    verifikasi, respons, selesai = (add_working_days(received, d, holidays) for d in days)
    if selesai.year > received.year:  # the deadlines run into a year not filled yet
        libur.ensure_years(instansi, range(received.year + 1, selesai.year + 1))
        holidays = holidays_of(instansi.pk)
        verifikasi, respons, selesai = (add_working_days(received, d, holidays) for d in days)
    per_address = protection.complaint_ip_limit()
    with transaction.atomic():
        protection.lock_network(ip_hash)
        recent = Aduan.objects.filter(ip_hash=ip_hash, diterima_pada__gte=now - per_address.window)
        if ip_hash and recent.count() >= per_address.count:
            raise Refused(
                "terlalu_sering",
                "Terlalu banyak aduan dari jaringan ini. Silakan coba lagi satu jam lagi.",
                status=429,
            )
        kode_lacak = directory.claim(
            instansi.pk, directory.Jenis.ADUAN, iter(new_tracking_code, None)
        )
        aduan = Aduan.objects.create(
            instansi=instansi, kode_lacak=kode_lacak, layanan=layanan, unit_id=unit_id,
            nama_pelapor=nama_pelapor.strip(), kontak_pelapor=kontak_pelapor.strip(), isi=isi,
            lampiran=lampiran or "", diterima_pada=now, tenggat_verifikasi=verifikasi,
            tenggat_respons=respons, tenggat_selesai=selesai, ip_hash=ip_hash, saluran=saluran,
        )  # fmt: skip
        TransisiAduan.objects.create(
            instansi=instansi, aduan=aduan, dari="", ke=S.DITERIMA, pada=now
        )
    return aduan


def move_complaint(
    aduan: Aduan,
    *,
    ke: str,
    by,
    catatan: str = "",
    petugas=None,
    tanggapan: str = "",
    alasan: str = "",
    version: int | None = None,
    now: datetime | None = None,
) -> Aduan:
    """Move a complaint to its next status, refusing steps the machine does not allow.

    ``diteruskan`` needs the officer; ``direspons`` needs the answer the reporter will
    read; ``ditolak`` needs the reason. ``version`` (from the form) detects a colleague's
    change made in between.
    """
    now = now or timezone.now()
    with transaction.atomic():
        row = Aduan.objects.select_for_update().get(pk=aduan.pk)
        if version is not None and row.version != version:
            raise Refused(
                "sudah_berubah",
                "Aduan ini baru saja diubah orang lain. Muat ulang halaman lalu ulangi.",
                status=409,
            )
        if ke not in ALLOWED.get(row.status, ()):
            raise Refused(
                "transisi_tidak_boleh",
                f"Aduan berstatus {row.get_status_display()} tidak dapat diubah menjadi "
                f"{S(ke).label if ke in S.values else ke}.",
                kolom="ke",
                status=409,
            )
        before = {"status": row.status, "petugas": row.petugas_id}
        if ke == S.DITERUSKAN:
            if petugas is None:
                raise Refused("petugas_wajib", "Pilih petugas yang menangani.", kolom="petugas")
            if petugas.instansi_id != row.instansi_id or not petugas.aktif:
                raise Refused(
                    "petugas_wajib", "Petugas tidak ditemukan atau sudah tidak aktif.",
                    kolom="petugas",
                )  # fmt: skip
            row.petugas = petugas
        elif ke == S.DIRESPONS:
            if not tanggapan.strip():
                raise Refused(
                    "tanggapan_wajib", "Tulis tanggapan untuk pelapor.", kolom="tanggapan"
                )
            row.tanggapan = tanggapan.strip()
            if row.direspons_pada is None:  # the first response counts (§5), not a later one
                row.direspons_pada = now
        elif ke == S.SELESAI:
            row.selesai_pada = now
        elif ke == S.DITOLAK:
            if not alasan.strip():
                raise Refused("alasan_wajib", "Tulis alasan penolakan.", kolom="alasan")
            row.alasan_tolak = alasan.strip()
        row.status = ke
        row.version += 1
        row.save()
        TransisiAduan.objects.create(
            instansi_id=row.instansi_id, aduan=row, dari=before["status"], ke=ke, pada=now,
            oleh=by, catatan=(catatan or alasan or tanggapan).strip()[:2000],
        )  # fmt: skip
        audit.record(
            row.unit.instansi, actor=by, action=f"citizen.aduan.{ke}", obj=row,
            before=before, after={"status": ke, "petugas": row.petugas_id, "catatan": catatan},
        )  # fmt: skip
    return row


RESOLVED = (S.DIRESPONS, S.SELESAI)
"""A complaint the reporter may rate or reopen: answered, or answered and closed."""


def reopen_window_days() -> int:
    """Days after the answer (or the closing) within which the reporter may reopen."""
    return getattr(settings, "KINERJA_ADUAN_BUKA_ULANG_HARI", 14)


def reopen_until(aduan: Aduan) -> datetime | None:
    """The last moment the reporter may reopen ``aduan``; None when it is not resolved."""
    if aduan.status not in RESOLVED:
        return None
    resolved = aduan.selesai_pada if aduan.status == S.SELESAI else aduan.direspons_pada
    resolved = resolved or aduan.direspons_pada
    return resolved + timedelta(days=reopen_window_days()) if resolved else None


def rate_complaint(
    aduan: Aduan, *, nilai: int | None, komentar: str = "", now: datetime | None = None
) -> Aduan:
    """The reporter's rating (1–5, with an optional comment) of the answer they received;
    once per resolution (reopening clears it so the next answer can be rated)."""
    now = now or timezone.now()
    if nilai not in {1, 2, 3, 4, 5}:
        raise Refused(
            "nilai_wajib", "Pilih nilai 1 sampai 5 untuk penyelesaian aduan ini.",
            kolom="nilai",
        )  # fmt: skip
    komentar = (komentar or "").strip()
    if len(komentar) > 2000:
        raise Refused(
            "komentar_terlalu_panjang",
            f"Komentar paling banyak 2000 karakter; tertulis {len(komentar)}.",
            kolom="komentar",
        )
    with transaction.atomic():
        row = (
            Aduan.objects.select_for_update(of=("self",))
            .select_related("instansi")
            .get(pk=aduan.pk)
        )
        if row.status not in RESOLVED:
            raise Refused(
                "belum_ditanggapi", "Aduan dapat dinilai setelah ditanggapi petugas.", status=409
            )
        if row.penilaian is not None:
            raise Refused(
                "sudah_dinilai", "Penyelesaian aduan ini sudah Anda nilai. Terima kasih.",
                status=409,
            )  # fmt: skip
        row.penilaian, row.komentar_penilaian, row.dinilai_pada = nilai, komentar, now
        row.version += 1
        row.save(update_fields=["penilaian", "komentar_penilaian", "dinilai_pada", "version"])
        audit.record(
            row.instansi, actor=None, action="citizen.aduan.dinilai", obj=row,
            after={"penilaian": nilai, "komentar": komentar},
        )  # fmt: skip
    return row


def reopen_complaint(aduan: Aduan, *, alasan: str, now: datetime | None = None) -> Aduan:
    """The reporter reopens an answered complaint within the window: it goes back to the
    officer who answered it (or to verification when there is none), with new due dates
    for the answer and the resolution counted from today in working days."""
    now = now or timezone.now()
    alasan = (alasan or "").strip()
    if len(alasan) < 10:
        raise Refused(
            "alasan_terlalu_pendek",
            "Tulis alasan membuka kembali aduan minimal 10 karakter: apa yang belum selesai?",
            kolom="alasan",
        )
    with transaction.atomic():
        row = (
            Aduan.objects.select_for_update(of=("self",))
            .select_related("instansi", "layanan", "petugas")
            .get(pk=aduan.pk)
        )
        until = reopen_until(row)
        if until is None:
            raise Refused(
                "belum_ditanggapi", "Aduan dapat dibuka kembali setelah ditanggapi petugas.",
                status=409,
            )  # fmt: skip
        if now > until:
            local = timezone.localtime(until, libur.agency_zone(row.instansi))
            raise Refused(
                "lewat_batas_buka_ulang",
                "Batas membuka kembali aduan ini sudah lewat "
                f"({formatting.tanggal_id(local, 'j F Y H.i')} {row.instansi.zona_label}). "
                "Silakan sampaikan aduan baru.",
                status=409,
            )
        before = {
            "status": row.status, "petugas": row.petugas_id, "penilaian": row.penilaian,
            "tenggat_respons": row.tenggat_respons.isoformat(),
            "tenggat_selesai": row.tenggat_selesai.isoformat(),
        }  # fmt: skip
        officer_active = row.petugas is not None and row.petugas.aktif
        target = S.DITERUSKAN if officer_active else S.DIVERIFIKASI
        layanan = row.layanan
        respons_days = layanan.tenggat_respons if layanan else DEFAULT_TENGGAT_RESPONS
        selesai_days = layanan.tenggat_selesai if layanan else DEFAULT_TENGGAT_SELESAI
        today = libur.agency_today(row.instansi, now)
        libur.ensure_years(row.instansi, {today.year})
        holidays = holidays_of(row.instansi_id)
        row.tenggat_respons = add_working_days(today, respons_days, holidays)
        row.tenggat_selesai = add_working_days(today, selesai_days, holidays)
        row.status = target
        row.selesai_pada = None
        row.penilaian, row.komentar_penilaian, row.dinilai_pada = None, "", None
        row.dibuka_ulang_pada = now
        row.jumlah_dibuka_ulang += 1
        row.version += 1
        row.save()
        TransisiAduan.objects.create(
            instansi_id=row.instansi_id, aduan=row, dari=before["status"], ke=target, pada=now,
            catatan=f"Dibuka kembali oleh pelapor: {alasan}"[:2000],
        )  # fmt: skip
        audit.record(
            row.instansi, actor=None, action="citizen.aduan.dibuka_ulang", obj=row,
            before=before,
            after={
                "status": target, "petugas": row.petugas_id, "alasan": alasan,
                "tenggat_respons": row.tenggat_respons.isoformat(),
                "tenggat_selesai": row.tenggat_selesai.isoformat(),
            },
        )  # fmt: skip
    return row
