"""Realisations per slice, their evidence, and the rater's verification."""

import hashlib
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from urllib.parse import urlparse

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kinerja.core import audit, uploads
from kinerja.core.errors import DomainError, NotAllowed
from kinerja.core.formatting import ukuran_berkas
from kinerja.core.versioning import bump
from kinerja.skp.models import BagianPeriode, BuktiDukung, Indikator, Periode, Realisasi, Skp
from kinerja.skp.permissions import can_record_realisasi, can_review_skp, is_owner
from kinerja.skp.services.common import ensure_open, results_follow

MAX_BYTES_DEFAULT = 10 * 1024 * 1024
REALISASI_STAGES = (Periode.Status.PELAKSANAAN, Periode.Status.PENILAIAN)


def max_bytes() -> int:
    return getattr(settings, "KINERJA_BUKTI_MAX_BYTES", MAX_BYTES_DEFAULT)


def parse_nilai(value) -> Decimal:
    """A realisation's value as typed (a decimal comma allowed); a finite number, 0 or more."""
    try:
        number = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, TypeError):
        raise DomainError(
            "Realisasi harus berupa angka, mis. 12 atau 87,5.", kolom="nilai"
        ) from None
    if not number.is_finite() or number < 0:
        raise DomainError("Realisasi harus angka 0 atau lebih.", kolom="nilai")
    return number


def ensure_recordable(skp: Skp, bagian: BagianPeriode, by) -> None:
    """Refuses unless ``by`` owns ``skp``, the plan is approved, its period is open in a stage
    that takes realisations, and ``bagian`` is a slice of that period."""
    ensure_open(skp.periode)
    if not is_owner(by, skp):
        raise NotAllowed("Hanya pemilik SKP yang dapat mengisi realisasinya.")
    if not can_record_realisasi(by, skp):
        raise DomainError("Realisasi baru dapat diisi setelah SKP disetujui pejabat penilai.")
    if skp.periode.status not in REALISASI_STAGES:
        raise DomainError("Realisasi diisi pada tahap pelaksanaan dan penilaian periode.")
    if bagian.periode_id != skp.periode_id:
        raise DomainError("Bagian periode tidak sesuai dengan periode SKP.")


@transaction.atomic
def record_realisasi(
    indikator: Indikator,
    *,
    bagian: BagianPeriode,
    nilai,
    by,
    catatan: str = "",
    version: int | None = None,
    ajukan: bool = False,
    kunci_eksternal: str | None = None,
) -> Realisasi:
    """Create or update the employee's realised value of one indicator in one slice."""
    skp = indikator.rhk.skp
    ensure_recordable(skp, bagian, by)
    if indikator.sumber != Indikator.Sumber.MANUAL:
        raise DomainError("Realisasi indikator ini dihitung sistem dari data layanan publik.")
    number = parse_nilai(nilai)
    status = Realisasi.Status.DIAJUKAN if ajukan else Realisasi.Status.DRAF
    realisasi = Realisasi.objects.filter(indikator=indikator, bagian=bagian).first()
    changes = {"nilai": number, "catatan": (catatan or "").strip(), "status": status}
    if ajukan:
        changes["diajukan_pada"] = timezone.now()
    if realisasi is None:
        realisasi = Realisasi.objects.create(
            instansi_id=skp.instansi_id,
            skp=skp,
            indikator=indikator,
            bagian=bagian,
            kunci_eksternal=kunci_eksternal or None,
            **changes,
        )
        before = None
    else:
        if not realisasi.dapat_diubah:
            raise DomainError(
                f"Realisasi berstatus {realisasi.get_status_display()} tidak dapat diubah"
                + (
                    "; yang sudah diverifikasi terkunci."
                    if realisasi.status == "diverifikasi"
                    else "; tunggu pemeriksaan penilai."
                )
            )
        before = {
            "nilai": realisasi.nilai,
            "catatan": realisasi.catatan,
            "status": realisasi.status,
        }
        bump(realisasi, version=version, what="Realisasi", **changes)
    audit.record(
        skp.instansi,
        actor=by,
        action="realisasi.simpan",
        obj=realisasi,
        before=before,
        after={"nilai": number, "status": status, "bagian": bagian.nomor},
    )
    return realisasi


@transaction.atomic
def submit_realisasi(realisasi: Realisasi, *, by, version: int) -> Realisasi:
    ensure_recordable(realisasi.skp, realisasi.bagian, by)
    if not realisasi.dapat_diubah:
        raise DomainError(f"Realisasi sudah {realisasi.get_status_display().lower()}.")
    bump(
        realisasi,
        version=version,
        what="Realisasi",
        status=Realisasi.Status.DIAJUKAN,
        diajukan_pada=timezone.now(),
    )
    audit.record(
        realisasi.skp.instansi,
        actor=by,
        action="realisasi.ajukan",
        obj=realisasi,
        after={"status": realisasi.status},
    )
    return realisasi


def _ensure_verifiable(realisasi: Realisasi, by) -> None:
    ensure_open(realisasi.skp.periode)
    if not can_review_skp(by, realisasi.skp):
        raise NotAllowed("Hanya pejabat penilai yang dapat memverifikasi realisasi ini.")
    if realisasi.status != Realisasi.Status.DIAJUKAN:
        raise DomainError(
            f"Realisasi berstatus {realisasi.get_status_display()}; hanya yang diajukan "
            "dapat diverifikasi atau dikembalikan."
        )


@transaction.atomic
def verify_realisasi(realisasi: Realisasi, *, by, version: int) -> Realisasi:
    """The rater accepts the value; from now on it is locked."""
    _ensure_verifiable(realisasi, by)
    bump(
        realisasi,
        version=version,
        what="Realisasi",
        status=Realisasi.Status.DIVERIFIKASI,
        diverifikasi_pada=timezone.now(),
        diverifikasi_oleh=by,
        komentar_penilai="",
    )
    audit.record(
        realisasi.skp.instansi,
        actor=by,
        action="realisasi.verifikasi",
        obj=realisasi,
        before={"status": "diajukan"},
        after={"status": realisasi.status, "nilai": realisasi.nilai},
    )
    results_follow(realisasi.skp_id)
    return realisasi


@transaction.atomic
def return_realisasi(realisasi: Realisasi, *, by, version: int, komentar: str) -> Realisasi:
    _ensure_verifiable(realisasi, by)
    if not (komentar or "").strip():
        raise DomainError(
            "Tulis alasan pengembalian agar pegawai tahu apa yang harus diperbaiki.",
            kolom="komentar",
        )
    bump(
        realisasi,
        version=version,
        what="Realisasi",
        status=Realisasi.Status.DIKEMBALIKAN,
        komentar_penilai=komentar.strip(),
    )
    audit.record(
        realisasi.skp.instansi,
        actor=by,
        action="realisasi.kembalikan",
        obj=realisasi,
        after={"status": realisasi.status, "komentar": realisasi.komentar_penilai},
    )
    results_follow(realisasi.skp_id)
    return realisasi


@transaction.atomic
def verify_all_submitted(skp: Skp, *, bagian: BagianPeriode, by) -> int:
    """One click in 'Tim saya': verify every submitted realisation of an SKP in a slice."""
    ensure_open(skp.periode)
    if not can_review_skp(by, skp):
        raise NotAllowed("Hanya pejabat penilai yang dapat memverifikasi realisasi ini.")
    count = 0
    for realisasi in Realisasi.objects.filter(skp=skp, bagian=bagian, status="diajukan"):
        realisasi.skp = skp
        verify_realisasi(realisasi, by=by, version=realisasi.version)
        count += 1
    return count


@transaction.atomic
def record_system_value(
    indikator: Indikator, *, bagian: BagianPeriode, nilai, penjelasan: dict, by=None
) -> Realisasi:
    """For apps that compute a value (citizen surveys, complaints): stored as verified data.

    ``penjelasan`` says how it was computed (source code, counts, formula) and is shown.
    """
    skp = indikator.rhk.skp
    ensure_open(skp.periode)
    if indikator.sumber == Indikator.Sumber.MANUAL:
        raise DomainError("Indikator ini diisi pegawai, bukan dihitung sistem.")
    number = parse_nilai(nilai)
    realisasi, created = Realisasi.objects.get_or_create(
        indikator=indikator,
        bagian=bagian,
        defaults={
            "instansi_id": skp.instansi_id,
            "skp": skp,
            "nilai": number,
            "status": Realisasi.Status.DIVERIFIKASI,
            "dihitung_sistem": True,
            "penjelasan_sistem": penjelasan,
            "diverifikasi_pada": timezone.now(),
        },
    )
    before = None
    if not created:
        before = {"nilai": realisasi.nilai, "penjelasan": realisasi.penjelasan_sistem}
        bump(
            realisasi,
            version=None,
            what="Realisasi",
            nilai=number,
            penjelasan_sistem=penjelasan,
            dihitung_sistem=True,
            status=Realisasi.Status.DIVERIFIKASI,
        )
    audit.record(
        skp.instansi,
        actor=by,
        action="realisasi.hitung_sistem",
        obj=realisasi,
        before=before,
        after={"nilai": number, "penjelasan": penjelasan},
    )
    return realisasi


def detect_type(name: str, stream) -> str:
    """The evidence type from its extension, confirmed by the file's own bytes."""
    found = uploads.sniff(name, stream)
    allowed = "PDF, PNG, JPEG, DOCX, XLSX atau ODT"
    if found.kind is None:
        raise DomainError(
            f"Jenis berkas {found.extension or '(tanpa ekstensi)'} tidak diterima; "
            f"unggah {allowed}.",
            kolom="berkas",
        )
    if not found.genuine:
        raise DomainError(
            f"Isi berkas '{name}' tidak sesuai dengan ekstensinya {found.extension}; berkas "
            f"mungkin rusak atau berganti nama. Unggah {allowed} yang asli.",
            kolom="berkas",
        )
    return found.kind


def check_upload(upload) -> str:
    """An evidence file's type, or DomainError (kolom "berkas") when too large or not genuine."""
    limit = max_bytes()
    if upload.size > limit:
        raise DomainError(
            f"Berkas {ukuran_berkas(upload.size)} melebihi batas {ukuran_berkas(limit)}; "
            "perkecil atau pecah berkasnya, atau kirim tautan.",
            kolom="berkas",
        )
    kind = detect_type(upload.name, upload)
    upload.seek(0)
    return kind


def check_tautan(url: str):
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or len(url) > 500:
        raise DomainError(
            "Tautan harus alamat lengkap yang diawali http:// atau https://.", kolom="tautan"
        )
    return parsed


def _ensure_evidence_editable(realisasi: Realisasi, by) -> None:
    ensure_recordable(realisasi.skp, realisasi.bagian, by)
    if not realisasi.dapat_diubah:
        raise DomainError(
            "Bukti hanya dapat ditambah atau dihapus selama realisasi belum diajukan "
            "atau setelah dikembalikan."
        )


@transaction.atomic
def add_bukti_file(realisasi: Realisasi, *, upload, by) -> BuktiDukung:
    """Store an evidence file with its SHA-256; a file seen before in the agency is flagged."""
    _ensure_evidence_editable(realisasi, by)
    kind = check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    sha = digest.hexdigest()
    duplicate = BuktiDukung.objects.filter(instansi_id=realisasi.instansi_id, sha256=sha).exists()
    bukti = BuktiDukung(
        instansi_id=realisasi.instansi_id,
        realisasi=realisasi,
        nama=PurePath(upload.name).name[:200],
        ukuran=upload.size,
        tipe=kind,
        sha256=sha,
        duplikat=duplicate,
        diunggah_oleh=by,
    )
    bukti.berkas.save(
        f"{kind}-{sha[:12]}{PurePath(upload.name).suffix.lower()}", upload, save=False
    )
    bukti.save()
    audit.record(
        realisasi.skp.instansi,
        actor=by,
        action="bukti.unggah",
        obj=bukti,
        after={
            "realisasi": realisasi.pk,
            "sha256": sha,
            "duplikat": duplicate,
            "ukuran": upload.size,
        },
    )
    return bukti


@transaction.atomic
def add_bukti_tautan(realisasi: Realisasi, *, url: str, by, nama: str = "") -> BuktiDukung:
    _ensure_evidence_editable(realisasi, by)
    url = (url or "").strip()
    parsed = check_tautan(url)
    bukti = BuktiDukung.objects.create(
        instansi_id=realisasi.instansi_id,
        realisasi=realisasi,
        tautan=url,
        nama=(nama or parsed.netloc)[:200],
        diunggah_oleh=by,
    )
    audit.record(
        realisasi.skp.instansi,
        actor=by,
        action="bukti.tautan",
        obj=bukti,
        after={"realisasi": realisasi.pk, "tautan": url},
    )
    return bukti


@transaction.atomic
def remove_bukti(bukti: BuktiDukung, *, by) -> None:
    _ensure_evidence_editable(bukti.realisasi, by)
    before = {"nama": bukti.nama, "sha256": bukti.sha256, "tautan": bukti.tautan}
    bukti.delete()
    audit.record(
        bukti.realisasi.skp.instansi,
        actor=by,
        action="bukti.hapus",
        obj=None,
        before=before,
        object_repr=bukti.nama,
    )
