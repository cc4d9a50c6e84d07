"""Backup and restore round-trip every table and every uploaded file."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from kinerja.core import audit
from kinerja.core.backup import BackupError, restore_snapshot, write_snapshot

pytestmark = pytest.mark.django_db(transaction=True)


def _everything() -> dict:
    tables = {}
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "contenttypes", "admin"}:
            continue
        tables[model._meta.label] = list(model.objects.order_by("pk").values())
    return tables


def _files(root) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "bukti" / "1").mkdir(parents=True)
    (settings.MEDIA_ROOT / "bukti" / "1" / "laporan.pdf").write_bytes(b"%PDF-1.4 isi uji\n")
    return settings.MEDIA_ROOT


def test_a_snapshot_restores_every_table_and_file(personas, media, tmp_path):
    audit.record(personas.instansi, actor=personas.admin, action="uji.cadangan", after={"a": 1})
    before_tables, before_files = _everything(), _files(media)
    assert before_tables["org.Pegawai"]

    snapshot = write_snapshot(tmp_path / "cadangan.tar.gz")
    assert snapshot.files == 1 and (tmp_path / "cadangan.tar.gz.sha256").exists()

    call_command("flush", interactive=False)
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    assert not apps.get_model("org", "Pegawai").objects.exists()

    restore_snapshot(tmp_path / "cadangan.tar.gz")
    assert _everything() == before_tables
    assert _files(media) == before_files
    assert audit.verify_chain(personas.instansi.pk) is None


def test_restore_refuses_a_damaged_archive_and_changes_nothing(personas, media, tmp_path):
    path = write_snapshot(tmp_path / "c.tar.gz").path
    call_command("flush", interactive=False)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="Checksum cadangan tidak cocok"):
        restore_snapshot(path)
    assert not apps.get_model("org", "Instansi").objects.exists()


def test_restore_refuses_an_installation_that_has_data(personas, media, tmp_path):
    path = write_snapshot(tmp_path / "c.tar.gz").path
    with pytest.raises(CommandError, match="sudah berisi data instansi"):
        call_command("restore", str(path))


def test_the_backup_command_names_the_file_and_its_checksum(personas, media, tmp_path, capsys):
    call_command("backup", output=str(tmp_path / "x.tar.gz"))
    out = capsys.readouterr().out
    assert "Cadangan ditulis" in out and "SHA-256:" in out
