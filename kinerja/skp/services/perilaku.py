"""Behaviour ratings on the seven BerAKHLAK core values, and anonymous 360 input."""

from django.db import transaction

from kinerja.core import audit
from kinerja.core.errors import DomainError, NotAllowed
from kinerja.core.versioning import bump
from kinerja.org.models import Pegawai
from kinerja.skp.models import (
    NILAI_INTI,
    BagianPeriode,
    Masukan360,
    Penilaian,
    PenilaianPerilaku,
    Permintaan360,
    Skp,
)
from kinerja.skp.permissions import can_review_skp
from kinerja.skp.services.common import ensure_open, results_follow

MIN_JAWABAN_360 = 3
"""Answers are shown only from this many on, so no single answer can be singled out."""


def clean_nilai(nilai: dict) -> dict:
    clean = {}
    for code in NILAI_INTI:
        value = nilai.get(code)
        if value not in Penilaian.values:
            label = code.replace("_", " ").capitalize()
            raise DomainError(f"Pilih penilaian untuk nilai {label}.", kolom=code)
        clean[code] = value
    return clean


def _ensure_rater(skp: Skp, bagian: BagianPeriode, by) -> None:
    ensure_open(skp.periode)
    if not can_review_skp(by, skp):
        raise NotAllowed("Hanya pejabat penilai yang dapat menilai perilaku kerja pegawai ini.")
    if bagian.periode_id != skp.periode_id:
        raise DomainError("Bagian periode tidak sesuai dengan periode SKP.")


@transaction.atomic
def rate_perilaku(
    skp: Skp,
    *,
    bagian: BagianPeriode,
    nilai: dict,
    by,
    catatan: dict | None = None,
    version: int | None = None,
) -> PenilaianPerilaku:
    """The rater's rating per core value; a rating 'di bawah' needs a written note."""
    _ensure_rater(skp, bagian, by)
    clean = clean_nilai(nilai)
    notes = {f"catatan_{c}": ((catatan or {}).get(c) or "").strip() for c in NILAI_INTI}
    for code in NILAI_INTI:
        if clean[code] == Penilaian.DI_BAWAH and not notes[f"catatan_{code}"]:
            raise DomainError(
                "Penilaian 'Di Bawah Ekspektasi' wajib disertai catatan yang menjelaskan "
                "perilaku yang perlu diperbaiki.",
                kolom=f"catatan_{code}",
            )
    row = PenilaianPerilaku.objects.filter(skp=skp, bagian=bagian).first()
    if row is None:
        row = PenilaianPerilaku.objects.create(
            instansi_id=skp.instansi_id,
            skp=skp,
            bagian=bagian,
            penilai_id=by.pegawai_id,
            **clean,
            **notes,
        )
        before = None
    else:
        before = {c: getattr(row, c) for c in NILAI_INTI}
        bump(
            row,
            version=version,
            what="Penilaian perilaku",
            penilai_id=by.pegawai_id,
            **clean,
            **notes,
        )
    audit.record(
        skp.instansi,
        actor=by,
        action="perilaku.nilai",
        obj=row,
        before=before,
        after={"bagian": bagian.nomor, **clean},
    )
    results_follow(skp.pk)
    return row


@transaction.atomic
def request_360(skp: Skp, *, bagian: BagianPeriode, responden: list[Pegawai], by) -> int:
    """Ask peers or subordinates of the employee for anonymous input; returns how many new."""
    _ensure_rater(skp, bagian, by)
    created = 0
    for person in responden:
        if person.instansi_id != skp.instansi_id or person.pk == skp.pegawai_id:
            raise DomainError(f"{person.nama} tidak dapat diminta memberi masukan untuk SKP ini.")
        if person.atasan_id == skp.pegawai_id:
            hubungan = Permintaan360.Hubungan.BAWAHAN
        elif person.atasan_id == skp.pegawai.atasan_id:
            hubungan = Permintaan360.Hubungan.REKAN
        else:
            raise DomainError(f"{person.nama} bukan rekan satu atasan atau bawahan pegawai ini.")
        _, new = Permintaan360.objects.get_or_create(
            skp=skp,
            bagian=bagian,
            responden=person,
            defaults={"instansi_id": skp.instansi_id, "hubungan": hubungan},
        )
        created += new
    if created:
        audit.record(
            skp.instansi,
            actor=by,
            action="perilaku.minta_360",
            obj=skp,
            after={"bagian": bagian.nomor, "jumlah": created},
        )
    return created


@transaction.atomic
def answer_360(permintaan: Permintaan360, *, nilai: dict, by, catatan: str = "") -> Masukan360:
    """Store the answer without any link to who gave it; the request is marked answered."""
    if by.pegawai_id != permintaan.responden_id:
        raise NotAllowed("Permintaan masukan ini ditujukan kepada orang lain.")
    ensure_open(permintaan.skp.periode)
    clean = clean_nilai(nilai)
    marked = Permintaan360.objects.filter(pk=permintaan.pk, dijawab=False).update(dijawab=True)
    if not marked:
        raise DomainError("Masukan untuk permintaan ini sudah Anda kirim.")
    return Masukan360.objects.create(
        instansi_id=permintaan.instansi_id,
        skp_id=permintaan.skp_id,
        bagian_id=permintaan.bagian_id,
        hubungan=permintaan.hubungan,
        catatan=(catatan or "").strip(),
        **clean,
    )
