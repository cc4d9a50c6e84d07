"""The audit chain: appended in order, tamper-evident, never forked."""

import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kinerja.core import audit
from kinerja.core.models import AuditEntry, AuditHead
from kinerja.org import services


def test_changing_a_supervisor_writes_who_what_before_and_after(personas):
    pegawai = personas.pegawai_pegawai
    services.set_atasan(pegawai, atasan=personas.rekan_pegawai, by=personas.admin, version=1)
    entry = AuditEntry.objects.get(action="pegawai.ubah_atasan")
    assert entry.actor == personas.admin
    assert entry.instansi == personas.instansi
    assert entry.before["atasan_id"] == personas.atasan_pegawai.pk
    assert entry.after["atasan_id"] == personas.rekan_pegawai.pk
    assert entry.object_id == str(pegawai.pk)


def _three_entries(personas):
    for n in range(3):
        audit.record(personas.instansi, actor=personas.admin, action=f"uji.{n}", after={"n": n})


def test_an_untouched_chain_verifies(personas):
    _three_entries(personas)
    assert audit.verify_chain(personas.instansi.pk) is None
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == [1, 2, 3]


def test_editing_an_entry_is_detected_at_that_entry(personas):
    _three_entries(personas)
    AuditEntry.objects.filter(seq=2).update(after={"n": 99})
    broken = audit.verify_chain(personas.instansi.pk)
    assert broken.seq == 2 and "isi entri berubah" in broken.reason


def test_deleting_an_entry_is_detected(personas):
    _three_entries(personas)
    AuditEntry.objects.filter(seq=2).delete()
    assert audit.verify_chain(personas.instansi.pk).seq == 2


def test_deleting_the_last_entry_is_detected_by_the_head(personas):
    _three_entries(personas)
    AuditEntry.objects.filter(seq=3).delete()
    assert audit.verify_chain(personas.instansi.pk).seq == 3


def test_rehashing_an_edited_entry_breaks_the_next_link(personas):
    _three_entries(personas)
    entry = AuditEntry.objects.get(seq=2)
    entry.after = {"n": 42}
    entry.hash = audit.entry_hash(
        prev_hash=entry.prev_hash, seq=entry.seq, at=entry.at, actor_label=entry.actor_label,
        action=entry.action, object_type=entry.object_type, object_id=entry.object_id,
        object_repr=entry.object_repr, before=entry.before, after=entry.after,
        key_id=entry.key_id,
    )  # fmt: skip
    entry.save()
    broken = audit.verify_chain(personas.instansi.pk)
    assert broken.seq == 3 and "rantai terputus" in broken.reason


def test_each_agency_has_its_own_chain(personas):
    _three_entries(personas)
    other = personas.outsider_pegawai.instansi
    entry = audit.record(other, actor=personas.outsider, action="uji.lain")
    assert entry.seq == 1
    assert AuditHead.objects.get(instansi=personas.instansi).seq == 3


def test_verify_audit_command_reports_the_first_broken_link(personas, capsys):
    _three_entries(personas)
    call_command("verify_audit")
    assert "KOTA: utuh (3 entri)" in capsys.readouterr().out
    AuditEntry.objects.filter(seq=1).update(action="dipalsukan")
    with pytest.raises(CommandError, match="1 rantai audit rusak"):
        call_command("verify_audit", instansi="KOTA")
    assert "RUSAK pada entri 1" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_queue_instead_of_forking_the_chain(personas):
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(10):
                audit.record(personas.instansi, actor=None, action=f"paralel.{n}.{i}")
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seqs = list(
        AuditEntry.objects.filter(instansi=personas.instansi).order_by("seq")
        .values_list("seq", flat=True)
    )  # fmt: skip
    assert seqs == list(range(1, 41))
    assert audit.verify_chain(personas.instansi.pk) is None
