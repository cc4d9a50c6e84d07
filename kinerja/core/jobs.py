"""Background work a person starts from a page, with its progress: one model
(:class:`~kinerja.core.models.PekerjaanLatar`), one module, one status page.

A request starts work with :func:`start`: it stores the row (who, what, for which object,
which roles may follow it, the upload if any) and enqueues the task with ``progres_id`` (the
row's id) added to its keyword arguments, in one commit. Two ways to write the task:

- work with a file in and/or out (imports, exports, account slips): the task calls
  :func:`run` with the work itself, a function of the row and a :class:`Progress`;
  :func:`run` claims the row (waiting → running, so a finished job is never run again), and
  when the work returns marks it finished (the work may call :func:`finish` itself with its
  ``hasil`` and ``keluaran``). A failure that will be retried puts the row back to waiting
  with the reason; the last one marks it failed with what to do, in Indonesian.
- work that reports by itself (the period close): :func:`begin`, :func:`report` (or a
  rate-limited :class:`Reporter`), and :func:`finish`, :func:`fail` or :func:`retrying`.

Progress written inside a transaction goes around it, so work that runs inside one long
transaction (the period close) still shows its steps: on PostgreSQL through a second
connection in autocommit, on SQLite (one writer at a time: the transaction holds the write
lock) to a small file beside the database, ``VAR_DIR/progres/<id>.json``, which the reader
lays over the row (:func:`snapshot`). A progress write never fails the work; the end is
written with the work, so "selesai" is never seen before the work is committed.

``objek`` (e.g. ``periode:12``) makes a second start of the same work refused while the first
is queued or running (:class:`SedangBerjalan`, a database rule). The status page
(``/pekerjaan/<id>/``, :mod:`kinerja.core.job_views`) polls the row by htmx while it runs, so a
reload or a restart of the web server loses nothing; once finished it shows the kind's result
template, the download of the produced file, or opens ``hasil_url`` (``alihkan``). Its starter,
and the roles of the same agency named in ``peran``, may open it. Uploads are deleted once the
work has read them; produced files ``KINERJA_PEKERJAAN_SIMPAN_JAM`` hours after the job
finished (:func:`purge_expired`, run by the daily task and by the status page).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path, PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from kinerja.core.models import PekerjaanLatar
from kinerja.core.tasks import current_attempt, last_attempt

log = logging.getLogger(__name__)

Status = PekerjaanLatar.Status
POLL_SECONDS = 2
WAITING_HINT_AFTER = timedelta(seconds=60)
SILENT_HINT_AFTER = timedelta(minutes=5)
WAITING_TEXT = "Menunggu pekerja latar mengambil pekerjaan ini."
LIVE_FIELDS = ("status", "selesai", "jumlah", "langkah", "diperbarui")


# The result shown once a job is finished, by kind (templates of the app that owns the work).
RESULT_TEMPLATES = {
    PekerjaanLatar.Jenis.IMPOR_UNIT: "org/_impor_hasil.html",
    PekerjaanLatar.Jenis.IMPOR_PEGAWAI: "org/_impor_hasil.html",
    PekerjaanLatar.Jenis.SLIP_AKUN: "org/_akun_hasil.html",
    PekerjaanLatar.Jenis.IMPOR_POTENSI: "followup/_potensi_hasil.html",
}

BACK_LABELS = {
    PekerjaanLatar.Jenis.TUTUP_PERIODE: "Kembali ke penutupan periode",
    PekerjaanLatar.Jenis.IMPOR_UNIT: "Kembali ke halaman impor",
    PekerjaanLatar.Jenis.IMPOR_PEGAWAI: "Kembali ke halaman impor",
    PekerjaanLatar.Jenis.SLIP_AKUN: "Kembali ke daftar akun",
    PekerjaanLatar.Jenis.IMPOR_POTENSI: "Kembali ke nilai potensial",
    PekerjaanLatar.Jenis.EKSPOR_IKM: "Kembali ke IKM",
    PekerjaanLatar.Jenis.KARTU_QR: "Kembali ke daftar layanan",
}

FAILED_TEXT = (
    "Pekerjaan ini gagal setelah {n} kali dicoba. Tidak ada data yang berubah karenanya. "
    "Mulai lagi dari halaman asalnya; bila gagal lagi, sampaikan nomor pekerjaan #{pk} "
    "kepada pengelola sistem."
)


def keep_hours() -> int:
    return getattr(settings, "KINERJA_PEKERJAAN_SIMPAN_JAM", 24)


class SedangBerjalan(Exception):
    """The same work for the same object is already queued or running."""

    def __init__(self, row: PekerjaanLatar | None):
        self.row = row
        super().__init__(
            f"{row.judul if row else 'Pekerjaan ini'} sudah berjalan; tunggu sampai selesai "
            "(kemajuannya tampil di halaman ini)."
        )


def active(instansi_id: int, objek: str) -> PekerjaanLatar | None:
    """The queued or running work on ``objek`` of this agency, if any."""
    return PekerjaanLatar.objects.filter(instansi_id=instansi_id, objek=objek, aktif=True).first()


def latest(instansi_id: int, objek: str, jenis: str | None = None) -> PekerjaanLatar | None:
    qs = PekerjaanLatar.objects.filter(instansi_id=instansi_id, objek=objek)
    if jenis:
        qs = qs.filter(jenis=jenis)
    return qs.order_by("-dibuat").first()


def start(
    task, *args, by, jenis: str, instansi_id: int | None = None, judul: str = "",
    objek: str = "", peran: Iterable[str] = (), hasil_url: str = "", alihkan: bool = False,
    parameter: dict | None = None, masukan: tuple[str, bytes] | None = None,
    satuan: str = "", jumlah: int = 0, langkah: str = WAITING_TEXT, **kwargs,
) -> PekerjaanLatar:  # fmt: skip
    """Store the row for ``by`` in their agency (or ``instansi_id``; with ``masukan`` = (file
    name, content) saved under MEDIA_ROOT), then enqueue ``task(*args, progres_id=..., **kwargs)``.

    Raises :class:`SedangBerjalan` when ``objek`` already has active work in the agency
    (a database rule, so two clicks at once start it once). With the immediate backend the
    task has run when this returns; the row is returned as it stands then."""
    if instansi_id is None:
        instansi_id = by.instansi_id
    # One transaction, one commit (the row, the queued task and its id): a worker sees the
    # task only with its row.
    with transaction.atomic():
        try:
            with transaction.atomic():
                job = PekerjaanLatar.objects.create(
                    instansi_id=instansi_id, dibuat_oleh=by, peran=",".join(peran),
                    jenis=jenis, judul=judul, objek=objek, hasil_url=hasil_url,
                    alihkan=alihkan, parameter=parameter or {}, satuan=satuan,
                    jumlah=jumlah, langkah=langkah,
                )  # fmt: skip
        except IntegrityError:
            raise SedangBerjalan(active(instansi_id, objek)) from None
        if masukan is not None:
            name, content = masukan
            suffix = PurePath(name).suffix.lower()[:10]
            job.masukan.save(f"masukan-{job.pk}{suffix}", ContentFile(content), save=False)
            PekerjaanLatar.objects.filter(pk=job.pk).update(masukan=job.masukan.name)
        result = task.enqueue(*args, progres_id=str(job.pk), **kwargs)
        PekerjaanLatar.objects.filter(pk=job.pk, tugas_id="").update(tugas_id=str(result.id))
    return PekerjaanLatar.objects.get(pk=job.pk)


class Progress:
    """Tell the page how far a job is: ``progress(step, done=, total=)`` (:func:`report`,
    written at once, around any transaction of the work)."""

    def __init__(self, job: PekerjaanLatar):
        self.job = job

    def __call__(self, langkah: str, *, done: int | None = None, total: int | None = None):
        report(self.job.pk, langkah=langkah[:300], selesai=done, jumlah=total)
        for name, value in (("langkah", langkah[:300]), ("selesai", done), ("jumlah", total)):
            if value is not None:
                setattr(self.job, name, value)


def run(progres_id, work: Callable[[PekerjaanLatar, Progress], None]) -> PekerjaanLatar:
    """Run ``work`` for the job once: claimed atomically, finished when it returns (unless
    it finished the job itself), failed with an Indonesian message on the last attempt."""
    job_id = int(progres_id)
    claimed = PekerjaanLatar.objects.filter(
        pk=job_id, status__in=[Status.ANTRE, Status.BERJALAN]
    ).update(status=Status.BERJALAN, mulai=timezone.now(), selesai=0, diperbarui=timezone.now())
    job = PekerjaanLatar.objects.select_related("instansi", "dibuat_oleh").get(pk=job_id)
    if not claimed:
        return job
    try:
        work(job, Progress(job))
        job.refresh_from_db()
        if job.status != Status.SELESAI:
            finish(job)
    except Exception as error:
        technical = f"{type(error).__name__}: {error}"[:2000]
        if not last_attempt():
            retrying(job_id, technical)
            raise
        log.exception("pekerjaan latar #%s (%s) gagal", job_id, job.jenis)
        fail(job_id, technical, "", langkah=FAILED_TEXT.format(n=current_attempt(), pk=job_id))
        job.refresh_from_db()
    finally:
        _drop_input(job_id)
    return job


def begin(progres_id, *, langkah: str = "Dimulai.", jumlah: int | None = None):
    """The task has started (again, after a retry or a lost worker)."""
    fields = {"status": Status.BERJALAN, "langkah": langkah, "mulai": timezone.now()}
    if jumlah is not None:
        fields["jumlah"] = jumlah
    _write(progres_id, fields)


def report(progres_id, *, langkah: str | None = None, selesai: int | None = None,
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


def finish(
    job, *, langkah: str = "Selesai.", hasil: dict | None = None,
    keluaran: tuple[str, bytes] | None = None, hasil_url: str | None = None,
    hasil_teks: str | None = None,
) -> None:  # fmt: skip
    """Mark the job (a row or its id) finished with its result: ``hasil`` for the result
    template, ``keluaran`` = (file name offered, content) saved under MEDIA_ROOT for the
    download, ``hasil_url`` for a page to open. May be called by the work itself, inside its
    own transaction, so that the job is finished exactly when the work is committed."""
    fields = {"status": Status.SELESAI, "aktif": False, "langkah": langkah, "galat": "",
              "saran": "", "selesai_pada": timezone.now()}  # fmt: skip
    if keluaran is not None:
        if not isinstance(job, PekerjaanLatar):
            job = PekerjaanLatar.objects.get(pk=job)
        offered, content = keluaran
        suffix = PurePath(offered).suffix.lower()[:10]
        job.keluaran.save(f"keluaran-{job.pk}{suffix}", ContentFile(content), save=False)
        fields["keluaran"] = job.keluaran.name
        fields["nama_keluaran"] = offered[:200]
    if hasil is not None:
        fields["hasil"] = hasil
    if hasil_url is not None:
        fields["hasil_url"] = hasil_url
    if hasil_teks is not None:
        fields["hasil_teks"] = hasil_teks
    progres_id = job.pk if isinstance(job, PekerjaanLatar) else job
    _write(progres_id, {**fields, "selesai": _ALL}, final=True)
    if isinstance(job, PekerjaanLatar):
        job.refresh_from_db()


def fail(progres_id, galat: str, saran: str, *, langkah: str = "Gagal.") -> None:
    """The task ended without doing its work: why (``galat``) and what to do (``saran``,
    or in ``langkah``), both for the person who started it, in Indonesian."""
    _write(progres_id, {"status": Status.GAGAL, "aktif": False, "galat": galat[:2000],
                        "saran": saran, "langkah": langkah[:300],
                        "selesai_pada": timezone.now()}, final=True)  # fmt: skip


def retrying(progres_id, galat: str) -> None:
    """A failed attempt that will be tried again by itself."""
    _write(progres_id, {"status": Status.ANTRE, "galat": galat[:2000],
                        "langkah": "Gagal sementara; dicoba lagi otomatis."})  # fmt: skip


def snapshot(row: PekerjaanLatar) -> PekerjaanLatar:
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


def hint(row: PekerjaanLatar) -> str:
    """A word for the person waiting when nothing seems to move."""
    if not row.aktif:
        return ""
    now = timezone.now()
    if row.status == Status.ANTRE and row.mulai is None and now - row.dibuat > WAITING_HINT_AFTER:
        return (
            "Belum ada pekerja latar yang mengambil tugas ini. Bila tidak berubah, minta "
            "pengelola sistem memastikan layanan pekerja (manage.py db_worker, "
            "docs/tugas-latar.md) berjalan; tugas akan dimulai begitu pekerja aktif, tanpa "
            "perlu diulang."
        )
    seen = row.diperbarui or row.mulai
    if row.status == Status.BERJALAN and seen and now - seen > SILENT_HINT_AFTER:
        return (
            "Belum ada kabar dari pekerja latar selama beberapa menit. Bila pekerjanya "
            "berhenti, tugas ini diambil lagi oleh pekerja lain secara otomatis."
        )
    return ""


def visible_to(row: PekerjaanLatar, user) -> bool:
    """Its starter, or a role of the same agency it names; nobody of another agency."""
    from kinerja.core.permissions import Peran, has_role

    if row.instansi_id != getattr(user, "instansi_id", None):
        return False
    if row.dibuat_oleh_id is not None and row.dibuat_oleh_id == user.pk:
        return True
    wanted = [Peran(p) for p in row.peran.split(",") if p in Peran._value2member_map_]
    return bool(wanted) and has_role(user, *wanted)


def _drop_input(job_id: int) -> None:
    """The upload is read once; it holds personal data, so it goes as soon as the job has
    finished or failed for good (a job waiting for a retry keeps it)."""
    job = PekerjaanLatar.objects.get(pk=job_id)
    if job.masukan and not job.aktif:
        job.masukan.delete(save=False)
        PekerjaanLatar.objects.filter(pk=job_id).update(masukan="")


def read_input(job: PekerjaanLatar) -> bytes:
    with job.masukan.open("rb") as stream:
        return stream.read()


def for_user(user):
    """The jobs this person started, in their agency."""
    return PekerjaanLatar.objects.filter(instansi_id=user.instansi_id, dibuat_oleh=user)


def available_until(job: PekerjaanLatar):
    if not job.selesai_pada or not job.keluaran:
        return None
    return job.selesai_pada + timedelta(hours=keep_hours())


def purge_expired(*, now=None, queryset=None) -> int:
    """Delete the produced files of jobs finished more than the keeping time ago; returns
    how many were deleted. Account slips hold initial passwords: they must not linger."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=keep_hours())
    expired = (queryset if queryset is not None else PekerjaanLatar.objects.all()).filter(
        selesai_pada__lt=cutoff
    )
    count = 0
    for job in expired.exclude(keluaran="").only("pk", "keluaran"):
        drop_output(job)
        count += 1
    return count


@transaction.atomic
def drop_output(job: PekerjaanLatar) -> None:
    """Forget the job's file, and delete it once that is committed (a rolled-back request
    leaves both)."""
    storage, name = job.keluaran.storage, job.keluaran.name
    PekerjaanLatar.objects.filter(pk=job.pk).update(keluaran="")
    job.keluaran.name = ""
    transaction.on_commit(lambda: storage.delete(name))


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
            PekerjaanLatar.objects.filter(pk=progres_id).update(**fields)
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
    table = connection.ops.quote_name(PekerjaanLatar._meta.db_table)
    names = list(fields)
    assignments = ", ".join(
        f"{connection.ops.quote_name(PekerjaanLatar._meta.get_field(n).column)} = %s" for n in names
    )
    with side.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {assignments} WHERE id = %s",  # noqa: S608 (column names only)
            [fields[n] for n in names] + [int(progres_id)],
        )


def _close_side() -> None:
    side = getattr(_side, "connection", None)
    if side is not None:
        _side.connection = None
        side.close()


def _file(progres_id) -> Path:
    return Path(settings.VAR_DIR) / "progres" / f"{int(progres_id)}.json"


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
