"""Consistent, compressed, checksummed snapshots of the whole installation.

A snapshot is one ``.tar.gz`` holding the database (SQLite: the online backup API,
so writers may go on; PostgreSQL: ``pg_dump -Fc``), the uploaded files under
MEDIA_ROOT, and ``manifest.json`` with the SHA-256 of every member. A ``.sha256``
file beside it covers the archive itself. Both are written readable by their owner only
(0600): they hold every employee's data.

Restore checks everything before touching the installation, and writes nothing when it
refuses: a checksum that does not match, a member the manifest does not name, a target
database that is not migrated, a snapshot of another database engine, or a target that
already holds agencies (unless told to replace).
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

FORMAT = 1
DB_SQLITE = "db.sqlite3"
DB_POSTGRES = "db.pgdump"
MANIFEST = "manifest.json"
PRIVATE = 0o600


class BackupError(Exception):
    """A snapshot cannot be written or restored; the message says why, in Indonesian."""


@dataclass(frozen=True)
class Snapshot:
    path: Path
    sha256: str
    files: int


def _open_private(path: Path):
    """A new file (replacing any old one) that only its owner may read or write."""
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    os.fchmod(fd, PRIVATE)  # whatever the process's umask
    return os.fdopen(fd, "wb")


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} tidak ditemukan; pasang paket postgresql-client.")
    return path


def _pg_env(cfg: dict) -> tuple[list[str], dict]:
    args = ["-h", cfg["HOST"] or "127.0.0.1", "-p", str(cfg["PORT"] or 5432)]
    if cfg["USER"]:
        args += ["-U", cfg["USER"]]
    env = {**os.environ}
    if cfg["PASSWORD"]:
        env["PGPASSWORD"] = cfg["PASSWORD"]
    return args, env


def _dump_database(workdir: Path) -> str:
    if connection.vendor == "sqlite":
        target = workdir / DB_SQLITE
        connection.ensure_connection()
        dest = sqlite3.connect(target)
        try:
            connection.connection.backup(dest)
        finally:
            dest.close()
        return DB_SQLITE
    if connection.vendor == "postgresql":
        cfg = connection.settings_dict
        args, env = _pg_env(cfg)
        target = workdir / DB_POSTGRES
        result = subprocess.run(  # noqa: S603 - fixed program, our own arguments
            [_program("pg_dump"), "-Fc", "--no-owner", "-f", str(target), *args, cfg["NAME"]],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode:
            raise BackupError(f"pg_dump gagal: {result.stderr.strip()}")
        return DB_POSTGRES
    raise BackupError(f"Basis data {connection.vendor} belum didukung untuk cadangan.")


def write_snapshot(output: Path) -> Snapshot:
    """Write the snapshot to ``output`` (and ``output.sha256``)."""
    output = Path(output)
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        db_name = _dump_database(workdir)
        members = {db_name: _sha256_file(workdir / db_name)}
        media_files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
        for path in media_files:
            members[f"media/{path.relative_to(media).as_posix()}"] = _sha256_file(path)
        manifest = {
            "format": FORMAT,
            "dibuat": timezone.now().isoformat(),
            "basis_data": connection.vendor,
            "anggota": members,
        }
        partial = output.with_name(output.name + ".sebagian")
        with _open_private(partial) as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(workdir / db_name, arcname=db_name)
            for path in media_files:
                archive.add(path, arcname=f"media/{path.relative_to(media).as_posix()}")
        partial.replace(output)
    digest = _sha256_file(output)
    with _open_private(output.with_name(output.name + ".sha256")) as sums:
        sums.write(f"{digest}  {output.name}\n".encode())
    return Snapshot(path=output, sha256=digest, files=len(media_files))


def _check_archive(archive_path: Path) -> None:
    sums = archive_path.with_name(archive_path.name + ".sha256")
    if not sums.exists():
        raise BackupError(f"Berkas checksum {sums.name} tidak ada di samping cadangan.")
    expected = sums.read_text().split()[0]
    if _sha256_file(archive_path) != expected:
        raise BackupError("Checksum cadangan tidak cocok: berkas rusak atau diubah.")


def _read_manifest(archive: tarfile.TarFile) -> dict:
    """The manifest, after checking the archive holds exactly the files it names."""
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, AttributeError, ValueError) as exc:
        raise BackupError("Cadangan tidak berisi manifest.json yang dapat dibaca.") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError("Format cadangan tidak dikenal oleh versi Kinerja ini.")
    named = set(manifest["anggota"]) | {MANIFEST}
    extra = sorted(m.name for m in archive.getmembers() if m.name not in named or not m.isfile())
    if extra:
        shown = ", ".join(extra[:5]) + (f" dan {len(extra) - 5} lainnya" if len(extra) > 5 else "")
        raise BackupError(
            f"Cadangan berisi berkas yang tidak tercantum di manifesnya: {shown}. Berkas ini "
            "bukan cadangan asli dari `manage.py backup`; tidak ada yang dipulihkan."
        )
    missing = sorted(named - {m.name for m in archive.getmembers()})
    if missing:
        raise BackupError(f"Cadangan tidak lengkap: {', '.join(missing[:5])} tidak ada.")
    return manifest


def _check_migrated() -> None:
    """The target database has this version's tables (restore fills, it does not create)."""
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise BackupError(
            f"Basis data tujuan belum dimigrasi ({len(pending)} migrasi belum dijalankan). "
            "Jalankan `python manage.py migrate` dulu, lalu ulangi pemulihan; "
            "tidak ada yang diubah."
        )


def _installation_is_empty() -> bool:
    return not apps.get_model("org", "Instansi").objects.exists()


def restore_snapshot(archive_path: Path, *, replace: bool = False) -> dict:
    """Restore a snapshot into this installation (empty unless ``replace``)."""
    archive_path = Path(archive_path)
    if not archive_path.exists():
        raise BackupError(f"Berkas cadangan {archive_path} tidak ada.")
    _check_archive(archive_path)
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive_path, "r:gz") as archive:
        manifest = _read_manifest(archive)
        _check_migrated()
        if manifest["basis_data"] != connection.vendor:
            raise BackupError(
                f"Cadangan ini dari {manifest['basis_data']}; instalasi ini memakai "
                f"{connection.vendor}. Pulihkan ke basis data yang sejenis."
            )
        if not replace and not _installation_is_empty():
            raise BackupError(
                "Instalasi tujuan sudah berisi data instansi. Pulihkan ke instalasi kosong, "
                "atau pakai --ganti untuk menimpanya."
            )
        archive.extractall(tmp, filter="data")
        workdir = Path(tmp)
        for name, digest in manifest["anggota"].items():
            if _sha256_file(workdir / name) != digest:
                raise BackupError(f"Isi cadangan rusak: {name} tidak cocok dengan manifes.")
        _load_database(workdir)
        media = Path(settings.MEDIA_ROOT)
        if (workdir / "media").exists():
            media.mkdir(parents=True, exist_ok=True)
            shutil.copytree(workdir / "media", media, dirs_exist_ok=True)
    return manifest


def _load_database(workdir: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(workdir / DB_SQLITE)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    cfg = connection.settings_dict
    args, env = _pg_env(cfg)
    connection.close()
    result = subprocess.run(  # noqa: S603 - fixed program, our own arguments
        [_program("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
         *args, "-d", cfg["NAME"], str(workdir / DB_POSTGRES)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode:
        raise BackupError(f"pg_restore gagal: {result.stderr.strip()}")
