"""How far a background task is, for the page that started it.

A request starts work with :func:`start`: it writes a :class:`~kinerja.core.models.ProgresTugas`
row (who, what, for which object) and enqueues the task with ``progres_id`` added to its
keyword arguments. The task reports with :func:`begin`, :func:`report` (or a rate-limited
:class:`Reporter`), and ends with :func:`finish`, :func:`fail` or :func:`retrying`. The page
includes ``core/_progres.html`` with the row; the fragment polls ``core_progres`` (htmx,
every 2 s) until the task ends, so it survives a reload and a web-server restart (the state
is in the database, not in the web process).

Work that runs inside one long transaction (the period close) still shows its steps: a
progress write made inside a transaction goes around it, on PostgreSQL through a second
connection in autocommit, on SQLite (one writer at a time: the transaction holds the write
lock) to a small file beside the database, ``VAR_DIR/progres/<id>.json``, which the reader
lays over the row (:func:`snapshot`). A progress write never fails the task."""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from kinerja.core.models import ProgresTugas

log = logging.getLogger(__name__)

Status = ProgresTugas.Status
POLL_SECONDS = 2
WAITING_HINT_AFTER = timedelta(seconds=60)
SILENT_HINT_AFTER = timedelta(minutes=5)
LIVE_FIELDS = ("status", "selesai", "jumlah", "langkah", "diperbarui")


class SedangBerjalan(Exception):
    """The same work for the same object is already queued or running."""

    def __init__(self, row: ProgresTugas | None):
        self.row = row
        super().__init__(
            f"{row.judul if row else 'Pekerjaan ini'} sudah berjalan; tunggu sampai selesai "
            "(kemajuannya tampil di halaman ini)."
        )


def active(instansi_id: int, objek: str) -> ProgresTugas | None:
    """The queued or running work on ``objek`` of this agency, if any."""
    return ProgresTugas.objects.filter(instansi_id=instansi_id, objek=objek, aktif=True).first()


def latest(instansi_id: int, objek: str, jenis: str | None = None) -> ProgresTugas | None:
    qs = ProgresTugas.objects.filter(instansi_id=instansi_id, objek=objek)
    if jenis:
        qs = qs.filter(jenis=jenis)
    return qs.order_by("-dibuat").first()


def start(
    task, *args, by, instansi_id: int, jenis: str, judul: str, objek: str = "",
    peran: Iterable[str] = (), hasil_url: str = "", alihkan: bool = False, **kwargs,
) -> ProgresTugas:  # fmt: skip
    """Write the progress row, then enqueue ``task(*args, progres_id=..., **kwargs)``.

    Raises :class:`SedangBerjalan` when ``objek`` already has active work in the agency
    (a database rule, so two clicks at once start it once). With the immediate backend the
    task has run when this returns; the row is returned as it stands then."""
    row_id = uuid.uuid4()
    # One transaction, one commit (the row, the queued task and its id): a worker sees the
    # task only with its row.
    with transaction.atomic():
        try:
            with transaction.atomic():
                ProgresTugas.objects.create(
                    id=row_id, instansi_id=instansi_id, oleh=by, peran=",".join(peran),
                    jenis=jenis, judul=judul, objek=objek, hasil_url=hasil_url,
                    alihkan=alihkan, langkah="Menunggu giliran pekerja latar.",
                )  # fmt: skip
        except IntegrityError:
            raise SedangBerjalan(active(instansi_id, objek)) from None
        result = task.enqueue(*args, progres_id=str(row_id), **kwargs)
        ProgresTugas.objects.filter(pk=row_id, tugas_id="").update(tugas_id=str(result.id))
    return ProgresTugas.objects.get(pk=row_id)


def begin(progres_id: str | None, *, langkah: str = "Dimulai.", jumlah: int | None = None):
    """The task has started (again, after a retry or a lost worker)."""
    fields = {"status": Status.BERJALAN, "langkah": langkah, "mulai": timezone.now()}
    if jumlah is not None:
        fields["jumlah"] = jumlah
    _write(progres_id, fields)


def report(progres_id: str | None, *, langkah: str | None = None, selesai: int | None = None,
           jumlah: int | None = None) -> None:  # fmt: skip
    fields: dict = {"status": Status.BERJALAN}
    if langkah is not None:
        fields["langkah"] = langkah
    if selesai is not None:
        fields["selesai"] = selesai
    if jumlah is not None:
        fields["jumlah"] = jumlah
    _write(progres_id, fields)


class Reporter:
    """``reporter(langkah, selesai, jumlah)``: :func:`report`, written when the step changes
    and otherwise at most once per ``every`` seconds (a close reports per batch)."""

    def __init__(self, progres_id: str | None, every: float = 1.0):
        self.progres_id = progres_id
        self.every = every
        self._last = 0.0
        self._langkah: str | None = None

    def __call__(self, langkah: str, selesai: int | None = None, jumlah: int | None = None):
        if self.progres_id is None:
            return
        now = time.monotonic()
        if langkah == self._langkah and now - self._last < self.every:
            return
        self._last, self._langkah = now, langkah
        report(self.progres_id, langkah=langkah, selesai=selesai, jumlah=jumlah)


def finish(progres_id: str | None, *, langkah: str = "Selesai.", hasil_url: str | None = None,
           hasil_teks: str | None = None) -> None:  # fmt: skip
    fields = {"status": Status.SELESAI, "aktif": False, "langkah": langkah, "galat": "",
              "saran": "", "selesai_pada": timezone.now()}  # fmt: skip
    if hasil_url is not None:
        fields["hasil_url"] = hasil_url
    if hasil_teks is not None:
        fields["hasil_teks"] = hasil_teks
    _write(progres_id, {**fields, "selesai": _ALL}, final=True)


def fail(progres_id: str | None, galat: str, saran: str) -> None:
    """The task ended without doing its work: why (``galat``) and what to do (``saran``),
    both for the person who started it, in Indonesian."""
    _write(progres_id, {"status": Status.GAGAL, "aktif": False, "galat": galat[:2000],
                        "saran": saran, "langkah": "Gagal.",
                        "selesai_pada": timezone.now()}, final=True)  # fmt: skip


def retrying(progres_id: str | None, galat: str) -> None:
    """A failed attempt that will be tried again by itself."""
    _write(progres_id, {"status": Status.ANTRE, "galat": galat[:2000],
                        "langkah": "Gagal sementara; dicoba lagi otomatis."})  # fmt: skip


def snapshot(row: ProgresTugas) -> ProgresTugas:
    """``row`` with what the task wrote around its transaction (SQLite's file) laid over."""
    if not row.aktif:
        return row
    data = _read_file(row.pk)
    if data is None:
        return row
    stamp = datetime.fromisoformat(data["diperbarui"])
    if row.diperbarui is None or stamp > row.diperbarui:
        for name in LIVE_FIELDS:
            if name in data:
                setattr(row, name, stamp if name == "diperbarui" else data[name])
    return row


def hint(row: ProgresTugas) -> str:
    """A word for the person waiting when nothing seems to move."""
    if not row.aktif:
        return ""
    now = timezone.now()
    if row.status == Status.ANTRE and row.mulai is None and now - row.dibuat > WAITING_HINT_AFTER:
        return (
            "Belum ada pekerja latar yang mengambil tugas ini. Pastikan layanan pekerja "
            "(manage.py db_worker, docs/tugas-latar.md) berjalan; tugas akan dimulai begitu "
            "pekerja aktif, tanpa perlu diulang."
        )
    seen = row.diperbarui or row.mulai
    if row.status == Status.BERJALAN and seen and now - seen > SILENT_HINT_AFTER:
        return (
            "Belum ada kabar dari pekerja latar selama beberapa menit. Bila pekerjanya "
            "berhenti, tugas ini diambil lagi oleh pekerja lain secara otomatis."
        )
    return ""


def visible_to(row: ProgresTugas, user) -> bool:
    """Its starter, or a role of the same agency it names; nobody of another agency."""
    from kinerja.core.permissions import Peran, has_role

    if row.instansi_id != getattr(user, "instansi_id", None):
        return False
    if row.oleh_id is not None and row.oleh_id == user.pk:
        return True
    wanted = [Peran(p) for p in row.peran.split(",") if p in Peran._value2member_map_]
    return bool(wanted) and has_role(user, *wanted)


# --- writing around a transaction ---------------------------------------------------------

_side = threading.local()
_ALL = object()  # finish(): done = the total
_live: dict[str, dict] = {}  # this process's last progress per task, until it ends


def _write(progres_id: str | None, fields: dict, *, final: bool = False) -> None:
    if not progres_id:
        return
    fields = {**fields, "diperbarui": timezone.now()}
    key = str(progres_id)
    if final:  # what was written around a transaction ends up in the row
        fields = {**_live.pop(key, {}), **fields}
        if fields.get("selesai") is _ALL:
            fields["selesai"] = fields["jumlah"] if "jumlah" in fields else F("jumlah")
    else:
        _live.setdefault(key, {}).update(
            (k, v) for k, v in fields.items() if k in LIVE_FIELDS and k != "status"
        )
    try:
        # The end is written with the work (inside its transaction, if any), so "selesai"
        # is never seen before the work is committed.
        if final or not connection.in_atomic_block:
            ProgresTugas.objects.filter(pk=progres_id).update(**fields)
            _drop_file(progres_id)
        elif connection.vendor == "postgresql":
            _write_beside(progres_id, fields)
        else:
            _write_file(progres_id, fields)
        if final:
            _close_side()
    except Exception:  # noqa: BLE001 - progress is for people to read; never fail the work
        log.warning("progres tugas %s tidak tertulis", progres_id, exc_info=True)


def _write_beside(progres_id: str, fields: dict) -> None:
    """UPDATE the row through a second connection in autocommit (PostgreSQL), which the
    page sees at once while the task's own transaction is still open. The task's connection
    never writes the row inside a transaction, so the two never wait for each other; a lock
    timeout guards anyway."""
    side = getattr(_side, "connection", None)
    if side is None:
        side = connection.copy()
        side.ensure_connection()
        side.set_autocommit(True)
        with side.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        _side.connection = side
    table = connection.ops.quote_name(ProgresTugas._meta.db_table)
    names = list(fields)
    assignments = ", ".join(
        f"{connection.ops.quote_name(ProgresTugas._meta.get_field(n).column)} = %s" for n in names
    )
    with side.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {assignments} WHERE id = %s",  # noqa: S608 (column names only)
            [fields[n] for n in names] + [uuid.UUID(str(progres_id))],
        )


def _close_side() -> None:
    side = getattr(_side, "connection", None)
    if side is not None:
        _side.connection = None
        side.close()


def _file(progres_id) -> Path:
    return Path(settings.VAR_DIR) / "progres" / f"{uuid.UUID(str(progres_id))}.json"


def _write_file(progres_id: str, fields: dict) -> None:
    path = _file(progres_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {k: v for k, v in fields.items() if k in LIVE_FIELDS}
    data["diperbarui"] = fields["diperbarui"].isoformat()
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps(data), encoding="utf-8")
    os.replace(temporary, path)


def _read_file(progres_id) -> dict | None:
    try:
        return json.loads(_file(progres_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _drop_file(progres_id) -> None:
    _file(progres_id).unlink(missing_ok=True)
