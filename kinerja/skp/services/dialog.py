"""The performance dialogue: messages, feedback and agreed next steps, with read receipts."""

from django.db import transaction
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.errors import DomainError, NotAllowed
from kinerja.skp.models import BagianPeriode, DialogKinerja, Skp
from kinerja.skp.permissions import can_write_dialog, is_owner, is_rater
from kinerja.skp.services.common import ensure_open


@transaction.atomic
def post_message(
    skp: Skp, *, bagian: BagianPeriode, isi: str, by, jenis: str = DialogKinerja.Jenis.PESAN
) -> DialogKinerja:
    ensure_open(skp.periode)
    if not can_write_dialog(by, skp):
        raise NotAllowed("Dialog kinerja hanya antara pegawai dan pejabat penilainya.")
    if not (isi or "").strip():
        raise DomainError("Tulis isi pesan terlebih dahulu.", kolom="isi")
    if jenis not in DialogKinerja.Jenis.values:
        raise DomainError("Jenis pesan tidak dikenal.", kolom="jenis")
    if jenis == DialogKinerja.Jenis.UMPAN_BALIK and not is_rater(by, skp):
        raise NotAllowed("Umpan balik ditulis oleh pejabat penilai.")
    message = DialogKinerja.objects.create(
        instansi_id=skp.instansi_id,
        skp=skp,
        bagian=bagian,
        jenis=jenis,
        isi=isi.strip(),
        penulis_id=by.pegawai_id or skp.penilai_id,
    )
    # Feedback and agreements shape the rating: logged with their text. A plain message is
    # logged without it (it stays between the two), so the other party can be told of it.
    after = {"bagian": bagian.nomor}
    if jenis != DialogKinerja.Jenis.PESAN:
        after["isi"] = message.isi
    audit.record(skp.instansi, actor=by, action=f"dialog.{jenis}", obj=message, after=after)
    return message


def mark_read(skp: Skp, *, bagian: BagianPeriode, by) -> int:
    """The reader marks the other party's messages read; returns how many were new.

    Only the two parties of the dialogue leave read receipts; a supervisor further up or
    HR reading the thread does not.
    """
    if not by.pegawai_id or not (is_owner(by, skp) or is_rater(by, skp)):
        return 0
    return (
        DialogKinerja.objects.filter(skp=skp, bagian=bagian, dibaca_pada__isnull=True)
        .exclude(penulis_id=by.pegawai_id)
        .update(dibaca_pada=timezone.now())
    )
