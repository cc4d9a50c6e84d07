"""Writing and verifying the audit chain.

Each agency has its own chain. An entry's hash covers its content and the
previous entry's hash, so changing, removing or reordering any entry breaks
every link after it. Appends lock the agency's AuditHead row, so two requests
writing at once queue instead of forking the chain.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from kinerja.core.models import AuditEntry, AuditHead

GENESIS = "0" * 64

# Sent inside the caller's transaction once an entry is appended, with ``entry`` and the
# audited ``obj``: later apps react to what happened (notify tells the people concerned)
# without the services that act knowing about them.
entry_recorded = Signal()


def _canonical(value: Any) -> Any:
    """JSON-safe form, identical before storage and after reading back."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))


def entry_hash(
    *,
    prev_hash: str,
    seq: int,
    at: datetime,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    before: Any,
    after: Any,
) -> str:
    payload = json.dumps(
        {
            "prev": prev_hash,
            "seq": seq,
            "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": actor_label,
            "action": action,
            "type": object_type,
            "id": object_id,
            "repr": object_repr,
            "before": before,
            "after": after,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def record(
    instansi,
    *,
    actor,
    action: str,
    obj=None,
    before: dict | None = None,
    after: dict | None = None,
    object_repr: str | None = None,
) -> AuditEntry:
    """Append one entry to the agency's chain, inside the caller's transaction."""
    before, after = _canonical(before), _canonical(after)
    actor_label = _actor_label(actor)
    object_type = obj._meta.label_lower if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    object_repr = (object_repr if object_repr is not None else str(obj or ""))[:300]
    with transaction.atomic():
        head, _ = AuditHead.objects.get_or_create(instansi_id=instansi.pk)
        head = AuditHead.objects.select_for_update().get(pk=head.pk)
        seq = head.seq + 1
        prev_hash = head.hash or GENESIS
        at = timezone.now()
        digest = entry_hash(
            prev_hash=prev_hash, seq=seq, at=at, actor_label=actor_label, action=action,
            object_type=object_type, object_id=object_id, object_repr=object_repr,
            before=before, after=after,
        )  # fmt: skip
        entry = AuditEntry.objects.create(
            instansi_id=instansi.pk, seq=seq, at=at,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=actor_label, action=action, object_type=object_type,
            object_id=object_id, object_repr=object_repr, before=before, after=after,
            prev_hash=prev_hash, hash=digest,
        )  # fmt: skip
        AuditHead.objects.filter(pk=head.pk).update(seq=seq, hash=digest)
    entry_recorded.send(sender=AuditEntry, entry=entry, obj=obj, actor=actor)
    return entry


def _actor_label(actor) -> str:
    if actor is None:
        return "sistem"
    if isinstance(actor, str):
        return actor
    return f"{actor.username} ({actor})" if str(actor) != actor.username else actor.username


@dataclass(frozen=True)
class BrokenLink:
    instansi_id: int
    seq: int
    reason: str


def verify_chain(instansi_id: int) -> BrokenLink | None:
    """Return the first broken link of an agency's chain, or None when it is whole."""
    expected_prev = GENESIS
    expected_seq = 1
    for entry in _entries(instansi_id):
        if entry.seq != expected_seq:
            return BrokenLink(
                instansi_id, expected_seq, f"entri nomor {expected_seq} hilang atau berpindah"
            )
        if entry.prev_hash != expected_prev:
            return BrokenLink(
                instansi_id, entry.seq, "hash entri sebelumnya tidak cocok (rantai terputus)"
            )
        digest = entry_hash(
            prev_hash=entry.prev_hash, seq=entry.seq, at=entry.at,
            actor_label=entry.actor_label, action=entry.action,
            object_type=entry.object_type, object_id=entry.object_id,
            object_repr=entry.object_repr, before=entry.before, after=entry.after,
        )  # fmt: skip
        if digest != entry.hash:
            return BrokenLink(instansi_id, entry.seq, "isi entri berubah setelah dicatat")
        expected_prev = entry.hash
        expected_seq += 1
    head = AuditHead.objects.filter(instansi_id=instansi_id).first()
    if head is not None and (
        head.seq != expected_seq - 1 or (head.seq and head.hash != expected_prev)
    ):
        return BrokenLink(
            instansi_id, expected_seq, "entri terakhir rantai hilang (kepala rantai tidak cocok)"
        )
    return None


def _entries(instansi_id: int) -> Iterator[AuditEntry]:
    return (
        AuditEntry.objects.filter(instansi_id=instansi_id).order_by("seq").iterator(chunk_size=2000)
    )
