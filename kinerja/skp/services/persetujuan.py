"""The SKP plan's approval workflow: the employee submits a complete plan, the rater approves or
returns it with a comment, and an approved plan is reopened as a new revision."""

from django.db import transaction
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.errors import DomainError, NotAllowed
from kinerja.core.versioning import bump
from kinerja.skp.models import Rhk, Skp, SkpRevisi
from kinerja.skp.permissions import can_review_skp, is_owner
from kinerja.skp.services.common import ensure_open
from kinerja.skp.services.rencana import ensure_editable, snapshot


def _check_complete(skp: Skp) -> None:
    rhk = list(skp.rhk.prefetch_related("indikator"))
    utama = [r for r in rhk if r.jenis == Rhk.Jenis.UTAMA]
    if not utama:
        raise DomainError("Tambahkan minimal satu RHK utama sebelum mengajukan SKP.")
    for r in rhk:
        if not r.indikator.all():
            raise DomainError(f"RHK '{r.uraian[:60]}' belum memiliki indikator; tambahkan dahulu.")
    if skp.jenis == Skp.Jenis.NON_JPT and skp.penilai_id:
        for r in utama:
            if r.intervensi_id is None:
                raise DomainError(
                    f"RHK '{r.uraian[:60]}' belum memilih RHK atasan yang diintervensi."
                )


@transaction.atomic
def submit_skp(skp: Skp, *, by, version: int) -> Skp:
    """Owner sends a draft or returned SKP to the rater."""
    ensure_editable(skp, by)
    _check_complete(skp)
    before = skp.status
    bump(skp, version=version, what="SKP", status=Skp.Status.DIAJUKAN, diajukan_pada=timezone.now())
    audit.record(
        skp.instansi,
        actor=by,
        action="skp.ajukan",
        obj=skp,
        before={"status": before},
        after={"status": skp.status},
    )
    return skp


def _ensure_reviewable(skp: Skp, by) -> None:
    ensure_open(skp.periode)
    if not can_review_skp(by, skp):
        raise NotAllowed("Hanya pejabat penilai SKP ini yang dapat menyetujui atau mengembalikan.")
    if skp.status != Skp.Status.DIAJUKAN:
        raise DomainError(
            f"SKP berstatus {skp.get_status_display()}; hanya SKP yang diajukan dapat diperiksa."
        )


@transaction.atomic
def approve_skp(skp: Skp, *, by, version: int, komentar: str = "") -> Skp:
    """The rater approves; the approved content is frozen as a readable revision."""
    _ensure_reviewable(skp, by)
    now = timezone.now()
    bump(
        skp,
        version=version,
        what="SKP",
        status=Skp.Status.DISETUJUI,
        disetujui_pada=now,
        komentar=(komentar or "").strip(),
    )
    content = snapshot(skp)
    SkpRevisi.objects.create(
        instansi_id=skp.instansi_id,
        skp=skp,
        nomor=skp.revisi,
        isi=audit._canonical(content),
        disetujui_pada=now,
        disetujui_oleh=by,
    )
    audit.record(
        skp.instansi,
        actor=by,
        action="skp.setujui",
        obj=skp,
        before={"status": Skp.Status.DIAJUKAN},
        after=content,
    )
    return skp


@transaction.atomic
def return_skp(skp: Skp, *, by, version: int, komentar: str) -> Skp:
    """The rater sends the SKP back with a comment saying what to fix."""
    _ensure_reviewable(skp, by)
    if not (komentar or "").strip():
        raise DomainError(
            "Tulis komentar yang menjelaskan apa yang perlu diperbaiki sebelum mengembalikan SKP.",
            kolom="komentar",
        )
    bump(
        skp, version=version, what="SKP", status=Skp.Status.DIKEMBALIKAN, komentar=komentar.strip()
    )
    audit.record(
        skp.instansi,
        actor=by,
        action="skp.kembalikan",
        obj=skp,
        before={"status": Skp.Status.DIAJUKAN},
        after={"status": skp.status, "komentar": skp.komentar},
    )
    return skp


@transaction.atomic
def start_revision(skp: Skp, *, by, version: int) -> Skp:
    """Reopen an approved SKP as a draft of the next revision; the approved one stays stored."""
    ensure_open(skp.periode)
    if not is_owner(by, skp):
        raise NotAllowed("Hanya pemilik SKP yang dapat memulai revisi.")
    if skp.status != Skp.Status.DISETUJUI:
        raise DomainError("Revisi hanya untuk SKP yang sudah disetujui.")
    bump(
        skp, version=version, what="SKP", status=Skp.Status.DRAF, revisi=skp.revisi + 1, komentar=""
    )
    audit.record(
        skp.instansi, actor=by, action="skp.mulai_revisi", obj=skp, after={"revisi": skp.revisi}
    )
    return skp
