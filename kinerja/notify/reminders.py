"""The daily run: deadline reminders, complaints near or past their deadline, and the daily
digest.

Reminders follow each open period's own dates: planning (``tenggat_perencanaan``), each
slice's realisation (the slice's last day), verification (``tenggat_pelaksanaan``) and
rating (``tenggat_penilaian``). From :data:`REMIND_DAYS` days before a deadline until the
day itself, the people who still have something to do are reminded once a day.

"Once a day" is a unique key per person, reminder and day (:class:`Terkirim`): the run
inserts the keys of a batch skipping those that exist, and tells exactly the people whose
key it inserted, so a second run on the same day (or two at once) tells nobody twice.
Recipients are read in batches of :data:`BATCH` accounts; each batch costs the same few
queries whatever its size.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.core import mail
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from kinerja.core import formatting
from kinerja.core.tasks import retried_task
from kinerja.notify.models import Jenis, Notifikasi, Preferensi, Terkirim
from kinerja.notify.services import (
    BATCH,
    digest_due,
    digest_email,
    enqueue_immediate_email,
)

REMIND_DAYS = 7
DIGEST = "ringkasan"


@dataclass(frozen=True)
class Reminder:
    instansi_id: int
    kunci: str
    teks: str
    url: str
    users: QuerySet  # of org.User: who still has something to do


def _tanggal(day: date) -> str:
    return formatting.tanggal_id(day)


def _when(deadline: date, today: date) -> str:
    left = (deadline - today).days
    return "hari ini" if left == 0 else f"{left} hari lagi"


def _in_window(deadline: date | None, today: date) -> bool:
    return deadline is not None and 0 <= (deadline - today).days <= REMIND_DAYS


def due_reminders(today: date) -> Iterator[Reminder]:
    """Every reminder due today, over all agencies' open periods."""
    from kinerja.org.models import User
    from kinerja.skp.models import PenilaianPerilaku, Periode, Realisasi, Skp

    S = Periode.Status
    periods = Periode.objects.exclude(status=S.DITUTUP).prefetch_related("bagian")
    for periode in periods.order_by("instansi_id", "tahun"):
        accounts = User.objects.filter(instansi_id=periode.instansi_id, is_active=True,
                                       pegawai__isnull=False, pegawai__aktif=True)  # fmt: skip
        skp = Skp.objects.filter(periode=periode)
        tahun = periode.tahun
        if periode.status == S.PERENCANAAN and _in_window(periode.tenggat_perencanaan, today):
            deadline = periode.tenggat_perencanaan
            sent = [Skp.Status.DIAJUKAN, Skp.Status.DISETUJUI]
            planned = skp.filter(pegawai_id=OuterRef("pegawai_id"), status__in=sent)
            yield Reminder(periode.instansi_id, f"perencanaan:{periode.pk}",
                           f"Tenggat perencanaan SKP {tahun}: {_tanggal(deadline)} "
                           f"({_when(deadline, today)}). Lengkapi dan ajukan SKP Anda.",
                           reverse("skp_saya"), accounts.filter(~Exists(planned)))  # fmt: skip
            waiting = skp.filter(penilai_id=OuterRef("pegawai_id"), status=Skp.Status.DIAJUKAN)
            yield Reminder(periode.instansi_id, f"persetujuan:{periode.pk}",
                           f"Tenggat perencanaan SKP {tahun}: {_tanggal(deadline)} "
                           f"({_when(deadline, today)}). Ada SKP yang menunggu persetujuan Anda.",
                           reverse("skp_menunggu"), accounts.filter(Exists(waiting)))  # fmt: skip
        if periode.status == S.PELAKSANAAN:
            approved = skp.filter(disetujui_pada__isnull=False)
            for bagian in periode.bagian.all():
                if not _in_window(bagian.selesai, today):
                    continue
                done = Realisasi.objects.filter(
                    skp__pegawai_id=OuterRef("pegawai_id"), skp__periode=periode, bagian=bagian,
                    status__in=[Realisasi.Status.DIAJUKAN, Realisasi.Status.DIVERIFIKASI],
                )  # fmt: skip
                mine = approved.filter(pegawai_id=OuterRef("pegawai_id"))
                yield Reminder(periode.instansi_id, f"realisasi:{bagian.pk}",
                               f"Bagian {bagian.nomor} periode {tahun} berakhir "
                               f"{_tanggal(bagian.selesai)} ({_when(bagian.selesai, today)}). "
                               "Isi dan ajukan realisasi Anda.", reverse("skp_saya"),
                               accounts.filter(Exists(mine), ~Exists(done)))  # fmt: skip
        if periode.status in (S.PELAKSANAAN, S.PENILAIAN) and _in_window(
            periode.tenggat_pelaksanaan, today
        ):
            deadline = periode.tenggat_pelaksanaan
            pending = Realisasi.objects.filter(skp__periode=periode,
                                               skp__penilai_id=OuterRef("pegawai_id"),
                                               status=Realisasi.Status.DIAJUKAN)  # fmt: skip
            yield Reminder(periode.instansi_id, f"verifikasi:{periode.pk}",
                           f"Tenggat verifikasi realisasi {tahun}: {_tanggal(deadline)} "
                           f"({_when(deadline, today)}). Ada realisasi yang menunggu "
                           "verifikasi Anda.", reverse("skp_menunggu"),
                           accounts.filter(Exists(pending)))  # fmt: skip
        if periode.status == S.PENILAIAN and _in_window(periode.tenggat_penilaian, today):
            deadline = periode.tenggat_penilaian
            last = max((b for b in periode.bagian.all()), key=lambda b: b.nomor, default=None)
            rated = PenilaianPerilaku.objects.filter(skp=OuterRef("pk"), bagian=last)
            unrated = skp.filter(disetujui_pada__isnull=False, penilai_id=OuterRef("pegawai_id"))
            unrated = unrated.filter(~Exists(rated))
            yield Reminder(periode.instansi_id, f"penilaian:{periode.pk}",
                           f"Tenggat penilaian {tahun}: {_tanggal(deadline)} "
                           f"({_when(deadline, today)}). Nilai perilaku kerja bawahan Anda.",
                           reverse("skp_tim"), accounts.filter(Exists(unrated)))  # fmt: skip


def _batches(users: QuerySet) -> Iterator[list[int]]:
    """The accounts' ids, BATCH at a time, by key (no OFFSET)."""
    last = 0
    while True:
        ids = list(users.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            return
        yield ids
        last = ids[-1]


def _claim(instansi_id: int, user_ids: list[int], jenis: str, kunci: str, today: date) -> list[int]:
    """Insert the once-a-day keys, skipping those that exist; the ids whose key this call
    inserted (2 queries)."""
    token = uuid.uuid4().hex
    Terkirim.objects.bulk_create(
        [Terkirim(instansi_id=instansi_id, pengguna_id=pk, jenis=jenis, kunci=kunci,
                  tanggal=today, proses=token) for pk in user_ids],
        ignore_conflicts=True,
    )  # fmt: skip
    return list(
        Terkirim.objects.filter(pengguna_id__in=user_ids, proses=token).values_list(
            "pengguna_id", flat=True
        )
    )


def send_reminders(today: date | None = None) -> int:
    """Write today's reminders (and enqueue their immediate emails); returns how many
    people were reminded. Run it once a day; a second run the same day adds nothing."""
    today = today or timezone.localdate()
    told = 0
    for reminder in due_reminders(today):
        for user_ids in _batches(reminder.users):
            with transaction.atomic():
                fresh = _claim(reminder.instansi_id, user_ids, Jenis.PENGINGAT, reminder.kunci,
                               today)  # fmt: skip
                rows = Notifikasi.objects.bulk_create(
                    [Notifikasi(instansi_id=reminder.instansi_id, penerima_id=pk,
                                jenis=Jenis.PENGINGAT, teks=reminder.teks, url=reminder.url)
                     for pk in fresh]
                )  # fmt: skip
                enqueue_immediate_email(rows, Jenis.PENGINGAT)
            told += len(rows)
    return told


def complaint_reminders(today: date) -> QuerySet:
    """The open complaints forwarded to an officer that await a response due tomorrow at
    the latest (or overdue), with the officer's account (``akun``) in the same agency."""
    from kinerja.citizen.models import Aduan
    from kinerja.org.models import User

    account = User.objects.filter(
        pegawai_id=OuterRef("petugas_id"), instansi_id=OuterRef("instansi_id"), is_active=True
    ).values("pk")[:1]
    return (
        Aduan.objects.filter(status__in=Aduan.BELUM_DIRESPONS, petugas__isnull=False,
                             tenggat_respons__lte=today + timedelta(days=1))
        .annotate(akun=Subquery(account)).filter(akun__isnull=False)
        .select_related("layanan").order_by("pk")
    )  # fmt: skip


def send_complaint_reminders(today: date | None = None) -> int:
    """Remind each officer of every complaint of theirs due tomorrow, today or overdue,
    once a day per complaint; in batches of BATCH complaints (constant queries each)."""
    today = today or timezone.localdate()
    told = 0
    last = 0
    while True:
        batch = list(complaint_reminders(today).filter(pk__gt=last)[:BATCH])
        if not batch:
            return told
        last = batch[-1].pk
        with transaction.atomic():
            token = uuid.uuid4().hex
            Terkirim.objects.bulk_create(
                [Terkirim(instansi_id=a.instansi_id, pengguna_id=a.akun, jenis=Jenis.ADUAN_TENGGAT,
                          kunci=f"aduan:{a.pk}", tanggal=today, proses=token) for a in batch],
                ignore_conflicts=True,
            )  # fmt: skip
            fresh = set(Terkirim.objects.filter(proses=token).values_list("kunci", flat=True))
            rows = Notifikasi.objects.bulk_create(
                [Notifikasi(instansi_id=a.instansi_id, penerima_id=a.akun,
                            jenis=Jenis.ADUAN_TENGGAT, teks=_complaint_text(a, today),
                            url=reverse("citizen_complaint_detail", args=[a.kode_lacak]))
                 for a in batch if f"aduan:{a.pk}" in fresh]
            )  # fmt: skip
            enqueue_immediate_email(rows, Jenis.ADUAN_TENGGAT)
        told += len(rows)


def _complaint_text(aduan, today: date) -> str:
    due = aduan.tenggat_respons
    if due < today:
        when = f"melewati tenggat tanggapan {_tanggal(due)} ({(today - due).days} hari)"
    else:
        when = f"harus ditanggapi paling lambat {_tanggal(due)} ({_when(due, today)})"
    return f"Aduan {aduan.kode_lacak} ({aduan.layanan}) {when}. Tanggapi pelapor."


def send_digests(today: date | None = None) -> int:
    """Email each person who chose a daily digest for some kind the notifications waiting
    for it, once a day; returns how many digests went out."""
    from kinerja.org.models import User

    today = today or timezone.localdate()
    wanting = User.objects.filter(is_active=True, instansi__isnull=False).exclude(email="")
    wanting = wanting.filter(
        Exists(Preferensi.objects.filter(pengguna_id=OuterRef("pk"), cara=Preferensi.Cara.HARIAN))
    )
    sent = 0
    for user_ids in _batches(wanting):
        waiting = digest_due(user_ids)
        if not waiting:
            continue
        found = User.objects.filter(pk__in=list(waiting)).select_related("pegawai")
        users = {u.pk: u for u in found}
        by_agency: dict[int, list[int]] = {}
        for pk in waiting:
            by_agency.setdefault(users[pk].instansi_id, []).append(pk)
        fresh: list[int] = []
        for instansi_id, ids in by_agency.items():
            fresh += _claim(instansi_id, ids, DIGEST, "", today)
        messages = [digest_email(users[pk], waiting[pk], today) for pk in sorted(fresh)]
        if messages:
            with mail.get_connection() as connection:
                connection.send_messages(messages)
            Notifikasi.objects.filter(
                pk__in=[row.pk for pk in fresh for row in waiting[pk]]
            ).update(dikirim_pada=timezone.now())
        sent += len(messages)
    return sent


@retried_task(attempts=3, backoff=300)
def daily_run(today: str | None = None) -> dict:
    """The daily task: reminders first (so today's reminders reach today's digest), then
    the digests; last, the expired files of background jobs (``core.jobs.purge_expired``).
    ``today`` as ISO date (default: the local date when it runs)."""
    from kinerja.core.jobs import purge_expired

    day = date.fromisoformat(today) if today else timezone.localdate()
    return {
        "pengingat": send_reminders(day),
        "aduan": send_complaint_reminders(day),
        "ringkasan": send_digests(day),
        "berkas_dihapus": purge_expired(),
    }
