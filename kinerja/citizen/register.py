"""HR's register of public services: service points, their officers and the agency's
holidays. Each action checks that the actor is the agency's HR, runs atomically and
writes its audit entry; a refusal names the field at fault and writes nothing."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import date

from django.db import IntegrityError, transaction

from kinerja.citizen import directory
from kinerja.citizen.errors import Refused
from kinerja.citizen.models import HariLibur, Layanan, PetugasLayanan
from kinerja.core import audit, formatting
from kinerja.core.permissions import Peran, has_role
from kinerja.org.models import Instansi, Pegawai, UnitKerja

LAYANAN_FIELDS = (
    "unit_id", "nama", "kode", "populasi", "tenggat_verifikasi", "tenggat_respons",
    "tenggat_selesai", "wajib_token", "aktif",
)  # fmt: skip


def _require_hr(by, instansi_id: int) -> None:
    if not has_role(by, Peran.ADMIN) or by.instansi_id != instansi_id:
        raise Refused(
            "bukan_admin", "Hanya admin kepegawaian instansi ini yang dapat melakukannya.",
            status=403,
        )  # fmt: skip


def _snapshot(layanan: Layanan) -> dict:
    return {name: getattr(layanan, name) for name in LAYANAN_FIELDS}


def _check_layanan(instansi: Instansi, values: dict, *, pk: int | None) -> None:
    if not UnitKerja.objects.filter(instansi_id=instansi.pk, pk=values["unit_id"]).exists():
        raise Refused("unit_tidak_dikenal", "Pilih unit kerja instansi ini.", kolom="unit")
    same_code = Layanan.objects.filter(instansi_id=instansi.pk, kode=values["kode"])
    if same_code.exclude(pk=pk).exists():
        raise Refused(
            "kode_terpakai",
            f"Kode {values['kode']} sudah dipakai layanan lain; pilih kode lain.",
            kolom="kode",
        )
    verifikasi, respons, selesai = (
        values["tenggat_verifikasi"], values["tenggat_respons"], values["tenggat_selesai"]
    )  # fmt: skip
    if verifikasi < 1:
        raise Refused("tenggat", "Tenggat verifikasi paling sedikit 1 hari kerja.",
                      kolom="tenggat_verifikasi")  # fmt: skip
    if respons < verifikasi:
        raise Refused(
            "tenggat",
            "Tenggat tanggapan tidak boleh kurang dari tenggat "
            f"verifikasi ({verifikasi} hari kerja).",
            kolom="tenggat_respons",
        )
    if selesai < respons:
        raise Refused(
            "tenggat",
            "Tenggat penyelesaian tidak boleh kurang dari tenggat "
            f"tanggapan ({respons} hari kerja).",
            kolom="tenggat_selesai",
        )


def _public_code_candidates(instansi: Instansi, kode: str) -> Iterator[str]:
    base = f"{instansi.kode.lower()}-{kode}"[:56]
    yield base
    while True:
        yield f"{base}-{secrets.token_hex(3)}"


def claim_public_code(instansi: Instansi, kode: str) -> str:
    """A new service's public code, entered in the directory: ``<agency>-<service>``, with
    a random tail in the rare case another agency's code is already that. Call it in the
    transaction that stores the service."""
    return directory.claim(
        instansi.pk, directory.Jenis.LAYANAN, _public_code_candidates(instansi, kode)
    )


def save_layanan(
    instansi: Instansi, *, by, values: dict, layanan: Layanan | None = None,
    version: int | None = None,
) -> Layanan:  # fmt: skip
    """Create a service (``layanan`` None) or change one. ``values`` holds
    :data:`LAYANAN_FIELDS`; the public code is made once at creation and never changes,
    because it is printed on the QR cards. ``version`` guards against a concurrent edit."""
    _require_hr(by, instansi.pk)
    values = {name: values[name] for name in LAYANAN_FIELDS}
    with transaction.atomic():
        if layanan is None:
            _check_layanan(instansi, values, pk=None)
            row = Layanan(
                instansi=instansi, kode_publik=claim_public_code(instansi, values["kode"])
            )
            before = None
            action = "citizen.layanan.buat"
        else:
            row = Layanan.objects.select_for_update().get(pk=layanan.pk, instansi=instansi)
            if version is not None and row.version != version:
                raise Refused(
                    "versi_berubah",
                    "Layanan ini baru saja diubah orang lain. Muat ulang halaman lalu ulangi.",
                    status=409,
                )
            _check_layanan(instansi, values, pk=row.pk)
            before = _snapshot(row)
            if before == values:
                return row
            row.version += 1
            action = "citizen.layanan.ubah"
        for name, value in values.items():
            setattr(row, name, value)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError as exc:  # a concurrent save took the code
            raise Refused("kode_terpakai", "Kode layanan sudah dipakai; pilih kode lain.",
                          kolom="kode") from exc  # fmt: skip
        audit.record(instansi, actor=by, action=action, obj=row, before=before,
                     after=_snapshot(row))  # fmt: skip
    return row


def _next_officer_code(layanan: Layanan) -> str:
    taken = set(PetugasLayanan.objects.filter(layanan=layanan).values_list("kode", flat=True))
    number = 1
    while f"p{number:02d}" in taken:
        number += 1
    return f"p{number:02d}"


def add_officer(layanan: Layanan, *, nip: str, by, kode: str = "") -> PetugasLayanan:
    """Assign an active employee of the service's agency, found by NIP, as an officer with
    a card code (``p01``, ``p02`` … when none is given). A removed officer comes back with
    their old code, so cards already printed keep pointing at them."""
    _require_hr(by, layanan.instansi_id)
    nip = nip.strip()
    kode = kode.strip().lower()
    if len(nip) != 18 or not nip.isdigit():
        raise Refused("nip_tidak_sah", f"NIP harus 18 digit angka; isian berisi {len(nip)} "
                      "karakter.", kolom="nip")  # fmt: skip
    pegawai = Pegawai.objects.filter(instansi_id=layanan.instansi_id, nip=nip).first()
    if pegawai is None:
        raise Refused("nip_tidak_dikenal", f"Tidak ada pegawai instansi ini dengan NIP {nip}.",
                      kolom="nip")  # fmt: skip
    if not pegawai.aktif:
        raise Refused("pegawai_nonaktif", f"{pegawai.nama} tidak aktif; pilih pegawai aktif.",
                      kolom="nip")  # fmt: skip
    with transaction.atomic():
        existing = (
            PetugasLayanan.objects.select_for_update()
            .filter(layanan=layanan, pegawai=pegawai)
            .first()
        )
        if existing is not None and existing.aktif:
            raise Refused("sudah_petugas", f"{pegawai.nama} sudah menjadi petugas layanan ini.",
                          kolom="nip")  # fmt: skip
        if kode:
            clash = PetugasLayanan.objects.filter(layanan=layanan, kode=kode)
            if existing is not None:
                clash = clash.exclude(pk=existing.pk)
            if clash.exists():
                raise Refused("kode_terpakai", f"Kode petugas {kode} sudah dipakai di layanan "
                              "ini; kosongkan agar dibuat otomatis.", kolom="kode")  # fmt: skip
        if existing is not None:
            existing.aktif = True
            existing.kode = kode or existing.kode
            existing.save(update_fields=["aktif", "kode"])
            officer = existing
        else:
            officer = PetugasLayanan(
                instansi_id=layanan.instansi_id, layanan=layanan, pegawai=pegawai,
                kode=kode or _next_officer_code(layanan),
            )  # fmt: skip
            try:
                with transaction.atomic():
                    officer.save()
            except IntegrityError as exc:
                raise Refused("kode_terpakai", "Kode petugas baru saja dipakai; ulangi.",
                              kolom="kode") from exc  # fmt: skip
        audit.record(
            layanan.instansi, actor=by, action="citizen.petugas.tambah", obj=officer,
            after={"layanan": layanan.kode, "nip": nip, "kode": officer.kode},
            object_repr=f"{layanan} · {pegawai.nama} ({officer.kode})",
        )  # fmt: skip
    return officer


def remove_officer(officer: PetugasLayanan, *, by) -> PetugasLayanan:
    """Take an officer off a service. The assignment is kept inactive (not deleted) so that
    their card code is never reused for someone else: answers from a card already printed
    must not be credited to another person."""
    _require_hr(by, officer.instansi_id)
    with transaction.atomic():
        row = PetugasLayanan.objects.select_for_update().select_related("layanan", "pegawai")
        row = row.get(pk=officer.pk)
        if not row.aktif:
            return row
        row.aktif = False
        row.save(update_fields=["aktif"])
        audit.record(
            row.layanan.instansi, actor=by, action="citizen.petugas.hapus", obj=row,
            before={"layanan": row.layanan.kode, "nip": row.pegawai.nip, "kode": row.kode},
            object_repr=f"{row.layanan} · {row.pegawai.nama} ({row.kode})",
        )  # fmt: skip
    return row


def add_holiday(instansi: Instansi, *, tanggal: date, nama: str, by) -> HariLibur:
    """Enter a day the agency is closed. Due dates of complaints already received stay as
    they were set at receipt; new complaints skip the day."""
    _require_hr(by, instansi.pk)
    nama = nama.strip()
    if not nama:
        raise Refused("keterangan_kosong", "Isi keterangan hari libur, misalnya "
                      "'Cuti bersama Idulfitri'.", kolom="nama")  # fmt: skip
    if HariLibur.objects.filter(instansi_id=instansi.pk, tanggal=tanggal).exists():
        raise Refused("tanggal_terpakai", f"{formatting.tanggal_id(tanggal)} sudah tercatat "
                      "sebagai hari libur.", kolom="tanggal")  # fmt: skip
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = HariLibur.objects.create(instansi=instansi, tanggal=tanggal, nama=nama)
        except IntegrityError as exc:
            raise Refused("tanggal_terpakai", "Tanggal ini sudah tercatat sebagai hari libur.",
                          kolom="tanggal") from exc  # fmt: skip
        audit.record(instansi, actor=by, action="citizen.libur.tambah", obj=row,
                     after={"tanggal": tanggal.isoformat(), "nama": nama})  # fmt: skip
    return row


def remove_holiday(holiday: HariLibur, *, by) -> None:
    _require_hr(by, holiday.instansi_id)
    with transaction.atomic():
        audit.record(
            holiday.instansi, actor=by, action="citizen.libur.hapus", obj=holiday,
            before={"tanggal": holiday.tanggal.isoformat(), "nama": holiday.nama},
        )  # fmt: skip
        holiday.delete()
