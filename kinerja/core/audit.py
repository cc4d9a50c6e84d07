"""Writing and verifying the audit chain.

Each agency has its own chain. An entry's hash covers its content and the
previous entry's hash, so changing, removing or reordering any entry breaks
every link after it. Appends lock the agency's AuditHead row, so two requests
writing at once queue instead of forking the chain.

Someone who can write the database could still rewrite an entry and re-hash every
entry after it, or delete the newest entries and move the head back. So (issue 23):

- each entry's hash is an HMAC keyed with a secret that is not in the database
  (``KINERJA_AUDIT_KEY`` from the environment); the entry stores the key's id
  (``key_id``), so keys can be rotated: old keys stay listed for verification
  (``KINERJA_AUDIT_KEYS_LAMA``). Entries written before keys existed have an empty
  ``key_id`` and are verified with the plain SHA-256 they were written with; an unkeyed
  entry after a keyed one is a rewrite;
- checkpoints of each chain's head (count + hash) are appended to a file under the
  operator's control (``KINERJA_AUDIT_CHECKPOINT_FILE``, by ``manage.py audit_checkpoint``
  on a timer) and can be printed from the auditor's page; :func:`verify_chain` compares the
  chain with the last checkpoint, so a cut or a re-hash before it is reported.
"""

import hashlib
import hmac
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
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


def audit_keys() -> tuple[str, dict[str, bytes]]:
    """The id of the key new entries are keyed with, and every key known by id.

    Without ``KINERJA_AUDIT_KEY`` the key is derived from SECRET_KEY (id ``sk``), which is
    not in the database either; production should set its own key (docs/operasi.md)."""
    keys: dict[str, bytes] = {}
    for item in settings.KINERJA_AUDIT_KEYS_LAMA:
        key_id, _, secret = item.partition("=")
        if key_id and secret:
            keys[key_id.strip()] = secret.strip().encode()
    if settings.KINERJA_AUDIT_KEY:
        current = settings.KINERJA_AUDIT_KEY_ID
        keys[current] = settings.KINERJA_AUDIT_KEY.encode()
    else:
        current = "sk"
        keys[current] = hmac.new(
            settings.SECRET_KEY.encode(), b"kinerja-audit", hashlib.sha256
        ).digest()
    return current, keys


class UnknownKey(Exception):
    """An entry or checkpoint names a key this server does not hold."""


def _mac(key_id: str, payload: bytes) -> str:
    if not key_id:
        return hashlib.sha256(payload).hexdigest()
    keys = audit_keys()[1]
    if key_id not in keys:
        raise UnknownKey(key_id)
    return hmac.new(keys[key_id], payload, hashlib.sha256).hexdigest()


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
    key_id: str = "",
) -> str:
    """The entry's link: HMAC-SHA-256 with the key ``key_id``, or for an entry written
    before keys existed (``key_id`` empty) the plain SHA-256 it was written with."""
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
    return _mac(key_id, payload.encode())


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
        key_id = audit_keys()[0]
        digest = entry_hash(
            prev_hash=prev_hash, seq=seq, at=at, actor_label=actor_label, action=action,
            object_type=object_type, object_id=object_id, object_repr=object_repr,
            before=before, after=after, key_id=key_id,
        )  # fmt: skip
        entry = AuditEntry.objects.create(
            instansi_id=instansi.pk, seq=seq, at=at,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=actor_label, action=action, object_type=object_type,
            object_id=object_id, object_repr=object_repr, before=before, after=after,
            prev_hash=prev_hash, hash=digest, key_id=key_id,
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
class Checkpoint:
    """A chain's head as it was written to the operator's checkpoint file."""

    instansi_id: int
    seq: int
    hash: str
    at: str
    key_id: str


@dataclass(frozen=True)
class BrokenLink:
    """Where and why a chain is not whole. ``kind``: ``rusak`` (a link does not match),
    ``terpotong`` (entries up to the last checkpoint are missing) or ``ditulis_ulang`` (the
    chain no longer passes through the last checkpoint's hash); ``checkpoint`` is the
    checkpoint it was compared with, if any."""

    instansi_id: int
    seq: int
    reason: str
    kind: str = "rusak"
    checkpoint: Checkpoint | None = None


def verify_chain(instansi_id: int) -> BrokenLink | None:
    """Return the first broken link of an agency's chain, or None when it is whole: every
    link recomputed (with its key), the head, and the last checkpoint in the operator's
    file (a chain cut below it, or re-hashed through it, is broken)."""
    expected_prev = GENESIS
    expected_seq = 1
    keyed_seen = False
    checkpoint = last_checkpoint(instansi_id)
    at_checkpoint = None
    for entry in _entries(instansi_id):
        if entry.seq != expected_seq:
            return BrokenLink(
                instansi_id, expected_seq, f"entri nomor {expected_seq} hilang atau berpindah"
            )
        if entry.prev_hash != expected_prev:
            return BrokenLink(
                instansi_id, entry.seq, "hash entri sebelumnya tidak cocok (rantai terputus)"
            )
        if not entry.key_id and keyed_seen:
            return BrokenLink(
                instansi_id, entry.seq,
                "entri tanpa kunci HMAC sesudah entri berkunci: rantai ditulis ulang",
            )  # fmt: skip
        keyed_seen = keyed_seen or bool(entry.key_id)
        try:
            digest = entry_hash(
                prev_hash=entry.prev_hash, seq=entry.seq, at=entry.at,
                actor_label=entry.actor_label, action=entry.action,
                object_type=entry.object_type, object_id=entry.object_id,
                object_repr=entry.object_repr, before=entry.before, after=entry.after,
                key_id=entry.key_id,
            )  # fmt: skip
        except UnknownKey:
            return BrokenLink(
                instansi_id, entry.seq,
                f"kunci audit '{entry.key_id}' tidak dikenal server ini; pasang di "
                "KINERJA_AUDIT_KEYS_LAMA untuk memeriksanya",
            )  # fmt: skip
        if digest != entry.hash:
            return BrokenLink(instansi_id, entry.seq, "isi entri berubah setelah dicatat")
        if checkpoint is not None and entry.seq == checkpoint.seq:
            at_checkpoint = entry.hash
        expected_prev = entry.hash
        expected_seq += 1
    head = AuditHead.objects.filter(instansi_id=instansi_id).first()
    if head is not None and (
        head.seq != expected_seq - 1 or (head.seq and head.hash != expected_prev)
    ):
        return BrokenLink(
            instansi_id, expected_seq, "entri terakhir rantai hilang (kepala rantai tidak cocok)"
        )
    if checkpoint is None:
        return None
    if expected_seq - 1 < checkpoint.seq:
        return BrokenLink(
            instansi_id, expected_seq,
            f"rantai terpotong: titik periksa {checkpoint.at} mencatat {checkpoint.seq} entri, "
            f"kini hanya {expected_seq - 1}",
            kind="terpotong", checkpoint=checkpoint,
        )  # fmt: skip
    if at_checkpoint != checkpoint.hash:
        return BrokenLink(
            instansi_id, checkpoint.seq,
            f"rantai ditulis ulang: hash entri {checkpoint.seq} tidak sama dengan titik "
            f"periksa {checkpoint.at}",
            kind="ditulis_ulang", checkpoint=checkpoint,
        )  # fmt: skip
    return None


def _entries(instansi_id: int) -> Iterator[AuditEntry]:
    return (
        AuditEntry.objects.filter(instansi_id=instansi_id).order_by("seq").iterator(chunk_size=2000)
    )


# --- checkpoints ---------------------------------------------------------------------------


def checkpoint_path():
    return settings.KINERJA_AUDIT_CHECKPOINT_FILE


def _checkpoint_payload(instansi_id: int, seq: int, digest: str, at: str) -> bytes:
    return f"{instansi_id}|{seq}|{digest}|{at}".encode()


def head_checkpoint(instansi_id: int) -> Checkpoint:
    """The chain's head now (what a checkpoint records)."""
    head = AuditHead.objects.filter(instansi_id=instansi_id).first()
    key_id = audit_keys()[0]
    at = timezone.now().astimezone(UTC).isoformat(timespec="seconds")
    return Checkpoint(
        instansi_id, head.seq if head else 0, head.hash if head else GENESIS, at, key_id
    )


def checkpoint_mac(point: Checkpoint) -> str:
    """A checkpoint's own HMAC: a line typed into the file without the key does not count."""
    return _mac(
        point.key_id, _checkpoint_payload(point.instansi_id, point.seq, point.hash, point.at)
    )


def write_checkpoints(instansi_ids) -> list[Checkpoint]:
    """Append each chain's head to the checkpoint file (created 0600 with its folder)."""
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    written = []
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as out:
        for instansi_id in instansi_ids:
            point = head_checkpoint(instansi_id)
            line = {
                "instansi": point.instansi_id, "seq": point.seq, "hash": point.hash,
                "at": point.at, "key_id": point.key_id, "mac": checkpoint_mac(point),
            }  # fmt: skip
            out.write(json.dumps(line, sort_keys=True) + "\n")
            written.append(point)
        out.flush()
        os.fsync(out.fileno())
    return written


def last_checkpoint(instansi_id: int) -> Checkpoint | None:
    """The agency's last checkpoint in the file whose HMAC holds (None without a file)."""
    path = checkpoint_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    found = None
    for raw in text.splitlines():
        try:
            line = json.loads(raw)
            if line.get("instansi") != instansi_id:
                continue
            point = Checkpoint(
                line["instansi"], int(line["seq"]), line["hash"], line["at"], line["key_id"]
            )
            if hmac.compare_digest(checkpoint_mac(point), line["mac"]):
                found = point
        except (ValueError, KeyError, TypeError, UnknownKey):
            continue
    return found
