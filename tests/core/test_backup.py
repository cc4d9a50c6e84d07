"""Backup and restore round-trip every table and every uploaded file."""

import hashlib
import io
import os
import sqlite3
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from kinerja.core import audit
from kinerja.core.backup import BackupError, restore_snapshot, write_snapshot

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


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


def test_the_snapshot_and_its_checksum_are_readable_by_their_owner_only(personas, media, tmp_path):
    before = os.umask(0o022)  # the usual umask, which would leave 0644
    try:
        path = write_snapshot(tmp_path / "c.tar.gz").path
    finally:
        os.umask(before)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "c.tar.gz.sha256").stat().st_mode) == 0o600


def test_the_backup_command_keeps_its_folder_private(personas, media, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    call_command("backup")
    folder = tmp_path / "var" / "cadangan"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    (snapshot,) = folder.glob("kinerja-*.tar.gz")
    assert stat.S_IMODE(snapshot.stat().st_mode) == 0o600


def _with_extra_member(path: Path, name: str, data: bytes) -> None:
    """Copy the archive with one more member, and a matching .sha256 beside it."""
    copy = path.with_name("dengan-tambahan.tar.gz")
    with tarfile.open(path, "r:gz") as source, tarfile.open(copy, "w:gz") as target:
        for member in source.getmembers():
            target.addfile(member, source.extractfile(member))
        info = tarfile.TarInfo(name)
        info.size = len(data)
        target.addfile(info, io.BytesIO(data))
    copy.replace(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    path.with_name(path.name + ".sha256").write_text(f"{digest}  {path.name}\n")


def test_restore_refuses_a_member_not_in_the_manifest_and_writes_nothing(personas, media, tmp_path):
    path = write_snapshot(tmp_path / "c.tar.gz").path
    _with_extra_member(path, "media/bukti/1/sisipan.html", b"<script>alert(1)</script>")
    call_command("flush", interactive=False)
    for file in media.rglob("*"):
        if file.is_file():
            file.unlink()
    with pytest.raises(CommandError) as error:
        call_command("restore", str(path))
    assert "tidak tercantum di manifesnya: media/bukti/1/sisipan.html" in str(error.value)
    assert not apps.get_model("org", "Instansi").objects.exists()
    assert _files(media) == {}


def test_restore_into_an_unmigrated_database_says_so_and_writes_nothing(personas, media, tmp_path):
    path = write_snapshot(tmp_path / "c.tar.gz").path
    fresh = tmp_path / "baru"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "KINERJA_ENV"}}
    env["KINERJA_VAR_DIR"] = str(fresh)
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Basis data tujuan belum dimigrasi" in result.stderr
    assert "python manage.py migrate" in result.stderr
    tables = sqlite3.connect(fresh / "kinerja.sqlite3").execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'"
    )
    assert [name for (name,) in tables] == []
    assert not (fresh / "media").exists() or not any((fresh / "media").rglob("*"))
