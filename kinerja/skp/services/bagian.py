"""A whole slice at once: the employee saves or submits every indicator of a slice in one
form, the rater verifies or returns several realisations in one go.

Both are all or nothing: every entry is checked first and every error is collected per
indicator (or per realisation) and field, so the page can show each one beside its field;
if any entry fails nothing is written, and evidence files already stored by this attempt
are removed again.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from kinerja.core.errors import DomainError
from kinerja.skp.models import BagianPeriode, Indikator, Realisasi, Skp
from kinerja.skp.services.realisasi import (
    add_bukti_file,
    add_bukti_tautan,
    check_tautan,
    check_upload,
    ensure_recordable,
    parse_nilai,
    record_realisasi,
    return_realisasi,
    submit_realisasi,
    verify_realisasi,
)


class SliceRejected(DomainError):
    """Some entries of a slice form are wrong; ``errors`` maps an indicator (or realisation)
    id to {field: message}. Nothing was saved."""

    def __init__(self, errors: dict[int, dict[str, str]], *, what: str = "indikator"):
        self.errors = errors
        count = len(errors)
        super().__init__(
            f"{count} {what} perlu diperbaiki; belum ada yang disimpan. "
            "Periksa pesan di samping kolom yang ditandai, lalu kirim lagi."
        )


@dataclass(slots=True)
class SliceEntry:
    """What the form holds for one indicator."""

    indikator: Indikator
    nilai: str = ""
    catatan: str = ""
    berkas: object | None = None  # an UploadedFile
    tautan: str = ""
    version: int | None = None


@dataclass(slots=True)
class SliceSaved:
    disimpan: int = 0
    diajukan: int = 0
    kosong: list[Indikator] = field(default_factory=list)


@dataclass(slots=True)
class _Plan:
    entry: SliceEntry
    number: Decimal | None
    realisasi: Realisasi | None
    write: bool
    submit: bool


def _plan_entry(entry: SliceEntry, realisasi: Realisasi | None, *, ajukan: bool) -> _Plan | None:
    """Check one indicator's entry without writing; None when there is nothing to do."""
    nilai = (entry.nilai or "").strip()
    catatan = (entry.catatan or "").strip()
    tautan = (entry.tautan or "").strip()
    if entry.indikator.sumber != Indikator.Sumber.MANUAL:
        raise DomainError("Realisasi indikator ini dihitung sistem dari data layanan publik.")
    if realisasi is not None and not realisasi.dapat_diubah:
        same = not nilai or parse_nilai(nilai) == realisasi.nilai
        if same and entry.berkas is None and not tautan:
            return None
        raise DomainError(
            f"Realisasi ini sudah {realisasi.get_status_display().lower()} dan tidak dapat "
            "diubah lagi.",
            kolom="nilai",
        )
    if not nilai:
        if realisasi is not None:
            raise DomainError(
                "Realisasi yang sudah tersimpan tidak dapat dikosongkan; isi angkanya.",
                kolom="nilai",
            )
        if catatan or tautan or entry.berkas is not None:
            raise DomainError(
                "Isi angka realisasi sebelum menambah catatan atau bukti.", kolom="nilai"
            )
        return None
    number = parse_nilai(nilai)
    if entry.berkas is not None:
        check_upload(entry.berkas)
    if tautan:
        check_tautan(tautan)
    write = (
        realisasi is None
        or number != realisasi.nilai
        or catatan != realisasi.catatan
        or entry.berkas is not None
        or bool(tautan)
    )
    submit = ajukan and (realisasi is None or realisasi.status != Realisasi.Status.DIAJUKAN)
    if not write and not submit:
        return None
    return _Plan(entry, number, realisasi, write, submit)


def _field_of(exc: DomainError) -> str:
    return exc.kolom if exc.kolom in ("nilai", "catatan", "berkas", "tautan") else "nilai"


def record_slice(
    skp: Skp, *, bagian: BagianPeriode, entries: list[SliceEntry], by, ajukan: bool = False
) -> SliceSaved:
    """Save (``ajukan``: and submit) every filled indicator of one slice, all or nothing.

    An indicator left empty is skipped and reported in ``kosong``; an unchanged one is not
    written again. Raises SliceRejected with every error per indicator and field.
    """
    ensure_recordable(skp, bagian, by)
    existing = {r.indikator_id: r for r in Realisasi.objects.filter(skp=skp, bagian=bagian)}
    errors: dict[int, dict[str, str]] = {}
    plans: list[_Plan] = []
    result = SliceSaved()
    for entry in entries:
        if entry.indikator.rhk.skp_id != skp.pk:
            raise DomainError("Indikator ini bukan bagian dari SKP yang sedang diisi.")
        try:
            plan = _plan_entry(entry, existing.get(entry.indikator.pk), ajukan=ajukan)
        except DomainError as exc:
            errors.setdefault(entry.indikator.pk, {})[_field_of(exc)] = str(exc)
            continue
        if plan is not None:
            plans.append(plan)
        elif not (entry.nilai or "").strip() and entry.indikator.pk not in existing:
            result.kosong.append(entry.indikator)
    if errors:
        raise SliceRejected(errors)
    stored: list = []
    try:
        with transaction.atomic():
            for plan in plans:
                try:
                    with transaction.atomic():
                        _apply(plan, bagian=bagian, by=by, stored=stored)
                except DomainError as exc:
                    errors.setdefault(plan.entry.indikator.pk, {})[_field_of(exc)] = str(exc)
                    continue
                result.disimpan += plan.write
                result.diajukan += plan.submit
            if errors:
                raise SliceRejected(errors)
    except BaseException:
        for stored_file in stored:
            stored_file.storage.delete(stored_file.name)
        raise
    return result


def _apply(plan: _Plan, *, bagian: BagianPeriode, by, stored: list) -> None:
    entry = plan.entry
    realisasi = plan.realisasi
    if plan.write:
        realisasi = record_realisasi(
            entry.indikator,
            bagian=bagian,
            nilai=plan.number,
            by=by,
            catatan=entry.catatan,
            version=entry.version,
        )
        if entry.berkas is not None:
            stored.append(add_bukti_file(realisasi, upload=entry.berkas, by=by).berkas)
        if (entry.tautan or "").strip():
            add_bukti_tautan(realisasi, url=entry.tautan, by=by)
    if plan.submit:
        version = realisasi.version if plan.write else entry.version
        submit_realisasi(realisasi, by=by, version=version)


@dataclass(slots=True)
class Decision:
    realisasi: Realisasi
    version: int | None = None
    komentar: str = ""


def review_slice(decisions: list[Decision], *, aksi: str, by) -> int:
    """Verify (``aksi="verifikasi"``) or return (``"kembalikan"``, a note per item required)
    the chosen realisations, all or nothing. Raises SliceRejected keyed by realisation id."""
    if aksi not in ("verifikasi", "kembalikan"):
        raise DomainError("Pilih Verifikasi terpilih atau Kembalikan terpilih.")
    if not decisions:
        raise DomainError(
            "Belum ada realisasi yang dipilih; centang realisasi yang akan "
            + ("diverifikasi." if aksi == "verifikasi" else "dikembalikan."),
            kolom="pilih",
        )
    errors: dict[int, dict[str, str]] = {}
    if aksi == "kembalikan":
        for d in decisions:
            if not (d.komentar or "").strip():
                errors[d.realisasi.pk] = {
                    "komentar": "Tulis alasan pengembalian agar pegawai tahu apa yang harus "
                    "diperbaiki."
                }
        if errors:
            raise SliceRejected(errors, what="realisasi")
    with transaction.atomic():
        for d in decisions:
            try:
                with transaction.atomic():
                    if aksi == "verifikasi":
                        verify_realisasi(d.realisasi, by=by, version=d.version)
                    else:
                        return_realisasi(d.realisasi, by=by, version=d.version, komentar=d.komentar)
            except DomainError as exc:
                errors[d.realisasi.pk] = {"komentar": str(exc)}
        if errors:
            raise SliceRejected(errors, what="realisasi")
    return len(decisions)
