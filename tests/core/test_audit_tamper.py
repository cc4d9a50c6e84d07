"""The audit chain cannot be cut or rewritten quietly (issue 23): HMAC keyed with a secret
outside the database, checkpoints in the operator's file, and verification against them."""

import hashlib
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kinerja.core import audit
from kinerja.core.models import AuditEntry, AuditHead


def _entries(personas, n=5):
    for i in range(n):
        audit.record(personas.instansi, actor=personas.admin, action=f"uji.{i}", after={"n": i})


class _attacker_key:
    """Settings as on the attacker's machine: SECRET_KEY and audit key unknown."""

    def __init__(self, settings):
        self.settings = settings

    def __enter__(self):
        self.saved = self.settings.SECRET_KEY, self.settings.KINERJA_AUDIT_KEY
        self.settings.SECRET_KEY = "tebakan-penyerang-" * 4
        return self

    def __exit__(self, *exc):
        self.settings.SECRET_KEY, self.settings.KINERJA_AUDIT_KEY = self.saved


def _rehash_from(instansi_id, seq, *, key_id=None):
    """What an attacker with database access does: recompute every link from ``seq`` on
    with the project's own function, and move the head."""
    entries = list(AuditEntry.objects.filter(instansi_id=instansi_id).order_by("seq"))
    prev = entries[seq - 2].hash if seq > 1 else audit.GENESIS
    for entry in entries[seq - 1 :]:
        entry.prev_hash = prev
        if key_id is not None:
            entry.key_id = key_id
        try:
            entry.hash = audit.entry_hash(
                prev_hash=prev, seq=entry.seq, at=entry.at, actor_label=entry.actor_label,
                action=entry.action, object_type=entry.object_type, object_id=entry.object_id,
                object_repr=entry.object_repr, before=entry.before, after=entry.after,
                key_id=entry.key_id,
            )  # fmt: skip
        except audit.UnknownKey:
            entry.hash = "0" * 64
        entry.save()
        prev = entry.hash
    AuditHead.objects.filter(instansi_id=instansi_id).update(seq=entries[-1].seq, hash=prev)


def test_new_entries_are_keyed_and_the_key_is_not_in_the_database(personas, settings):
    settings.KINERJA_AUDIT_KEY, settings.KINERJA_AUDIT_KEY_ID = "rahasia-operator-" * 3, "k7"
    _entries(personas, 2)
    entry = AuditEntry.objects.order_by("seq").last()
    assert entry.key_id == "k7"
    payload_hash_without_key = audit.entry_hash(
        prev_hash=entry.prev_hash, seq=entry.seq, at=entry.at, actor_label=entry.actor_label,
        action=entry.action, object_type=entry.object_type, object_id=entry.object_id,
        object_repr=entry.object_repr, before=entry.before, after=entry.after,
    )  # fmt: skip
    assert entry.hash != payload_hash_without_key
    assert audit.verify_chain(personas.instansi.pk) is None


def test_cutting_the_newest_entries_and_moving_the_head_is_reported(personas, capsys):
    _entries(personas, 5)
    call_command("audit_checkpoint")
    # The attack: delete the two newest entries and move the head back to entry 3.
    third = AuditEntry.objects.get(instansi=personas.instansi, seq=3)
    AuditEntry.objects.filter(instansi=personas.instansi, seq__gt=3).delete()
    AuditHead.objects.filter(instansi=personas.instansi).update(seq=3, hash=third.hash)
    broken = audit.verify_chain(personas.instansi.pk)
    assert broken.kind == "terpotong" and broken.checkpoint.seq == 5
    assert "mencatat 5 entri, kini hanya 3" in broken.reason
    with pytest.raises(CommandError):
        call_command("verify_audit")
    assert "RUSAK" in capsys.readouterr().out


def test_rewriting_an_entry_and_rehashing_the_rest_is_reported(personas, settings):
    _entries(personas, 5)
    AuditEntry.objects.filter(instansi=personas.instansi, seq=2).update(after={"n": 999})
    # The attacker runs the project's own function, in their own environment: the
    # database, but not the server's key (the same key id, a secret of their own).
    with _attacker_key(settings):
        _rehash_from(personas.instansi.pk, 2)
    broken = audit.verify_chain(personas.instansi.pk)
    assert broken is not None and broken.seq == 2
    assert "isi entri berubah" in broken.reason


def test_rewriting_with_the_key_is_still_caught_by_the_checkpoint(personas):
    """Even someone who also stole the key (and re-hashes with it) cannot pass through the
    hash the operator's file recorded."""
    _entries(personas, 5)
    call_command("audit_checkpoint")
    AuditEntry.objects.filter(instansi=personas.instansi, seq=2).update(after={"n": 999})
    _rehash_from(personas.instansi.pk, 2)  # with the server's own key: every link holds
    broken = audit.verify_chain(personas.instansi.pk)
    assert broken.kind == "ditulis_ulang" and broken.seq == 5


def test_downgrading_entries_to_unkeyed_hashes_is_reported(personas):
    _entries(personas, 4)
    AuditEntry.objects.filter(instansi=personas.instansi, seq=3).update(after={"n": 7})
    _rehash_from(personas.instansi.pk, 3, key_id="")  # plain SHA-256 needs no key
    broken = audit.verify_chain(personas.instansi.pk)
    assert broken.seq == 3 and "tanpa kunci HMAC sesudah entri berkunci" in broken.reason


def test_a_forged_checkpoint_line_is_ignored(personas, settings):
    _entries(personas, 3)
    path = settings.KINERJA_AUDIT_CHECKPOINT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    forged = {"instansi": personas.instansi.pk, "seq": 99, "hash": "f" * 64, "at": "x",
              "key_id": "sk", "mac": "0" * 64}  # fmt: skip
    path.write_text(json.dumps(forged) + "\n")
    assert audit.last_checkpoint(personas.instansi.pk) is None
    assert audit.verify_chain(personas.instansi.pk) is None


def test_old_unkeyed_chains_still_verify_and_continue_keyed(personas, settings):
    """Migration path: entries hashed before keys existed (plain SHA-256, empty key id)
    verify as they are; new entries are keyed; a checkpoint then seals the old ones."""
    prev = audit.GENESIS
    from django.utils import timezone

    for seq in (1, 2, 3):
        at = timezone.now()
        payload = json.dumps(
            {"prev": prev, "seq": seq, "at": at.astimezone(audit.UTC).isoformat(
                timespec="microseconds"), "actor": "lama", "action": f"lama.{seq}", "type": "",
             "id": "", "repr": "", "before": None, "after": {"n": seq}},
            sort_keys=True, ensure_ascii=False, separators=(",", ":"),
        )  # fmt: skip  # exactly what the old entry_hash wrote
        digest = hashlib.sha256(payload.encode()).hexdigest()
        AuditEntry.objects.create(
            instansi=personas.instansi, seq=seq, at=at, actor_label="lama",
            action=f"lama.{seq}", after={"n": seq}, prev_hash=prev, hash=digest,
        )  # fmt: skip
        prev = digest
    AuditHead.objects.create(instansi=personas.instansi, seq=3, hash=prev)
    assert audit.verify_chain(personas.instansi.pk) is None
    _entries(personas, 2)
    keys = list(AuditEntry.objects.order_by("seq").values_list("key_id", flat=True))
    assert keys == ["", "", "", "sk", "sk"]
    assert audit.verify_chain(personas.instansi.pk) is None
    call_command("audit_checkpoint")
    # Rewriting an old (unkeyed) entry and re-hashing the whole chain unkeyed is now caught
    # by the checkpoint.
    AuditEntry.objects.filter(instansi=personas.instansi, seq=2).update(after={"n": 0})
    _rehash_from(personas.instansi.pk, 2, key_id="")
    assert audit.verify_chain(personas.instansi.pk).kind == "ditulis_ulang"


def test_rotating_the_key_keeps_old_entries_verifiable(personas, settings):
    settings.KINERJA_AUDIT_KEY, settings.KINERJA_AUDIT_KEY_ID = "kunci-pertama-" * 4, "k1"
    _entries(personas, 2)
    settings.KINERJA_AUDIT_KEY, settings.KINERJA_AUDIT_KEY_ID = "kunci-kedua-" * 4, "k2"
    settings.KINERJA_AUDIT_KEYS_LAMA = ["k1=" + "kunci-pertama-" * 4]
    _entries(personas, 2)
    assert list(AuditEntry.objects.order_by("seq").values_list("key_id", flat=True)) == [
        "k1", "k1", "k2", "k2",
    ]  # fmt: skip
    assert audit.verify_chain(personas.instansi.pk) is None
    settings.KINERJA_AUDIT_KEYS_LAMA = []
    broken = audit.verify_chain(personas.instansi.pk)
    assert broken.seq == 1 and "KINERJA_AUDIT_KEYS_LAMA" in broken.reason


def test_the_auditor_prints_a_checkpoint_and_sees_a_cut_chain(personas, client):
    _entries(personas, 4)
    call_command("audit_checkpoint")
    client.force_login(personas.auditor)
    page = client.get("/audit/titik-periksa/").content.decode()
    head = AuditHead.objects.get(instansi=personas.instansi)
    assert head.hash in page and "Rantai utuh" in page and "Cocok dengan titik periksa" in page
    third = AuditEntry.objects.get(instansi=personas.instansi, seq=3)
    AuditEntry.objects.filter(instansi=personas.instansi, seq=4).delete()
    AuditHead.objects.filter(instansi=personas.instansi).update(seq=3, hash=third.hash)
    page = client.get("/audit/titik-periksa/").content.decode()
    assert "Rantai RUSAK" in page and "rantai terpotong" in page
