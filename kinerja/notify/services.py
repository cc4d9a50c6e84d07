"""Telling people: inbox rows written with the action that caused them, email sent by tasks.

:func:`notify` is the one way in: it writes the notifications in bulk (in the caller's
transaction, so a rolled-back action tells nobody) and enqueues one task that emails those
who chose "email segera". Nothing here sends mail inside a request.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core import mail
from django.db.models import Exists, OuterRef
from django.utils import timezone

from kinerja.core import formatting
from kinerja.core.tasks import retried_task
from kinerja.notify.models import DEFAULT_CARA, Jenis, Notifikasi, Preferensi

log = logging.getLogger(__name__)
BATCH = 1000
SUBJECT_PREFIX = "[Kinerja] "


def notify(
    instansi_id: int, user_ids: Iterable[int], *, jenis: str, teks: str, url: str,
    skip_unread_duplicates: bool = True,
) -> list[Notifikasi]:  # fmt: skip
    """Tell each account of ``user_ids`` in agency ``instansi_id`` (others are dropped)
    ``teks``, linking to ``url``. A person who still has the very same notice unread (same
    kind, text and link) is not told it twice. Returns the rows written."""
    from kinerja.org.models import User

    wanted = set(user_ids)
    if not wanted:
        return []
    rows: list[Notifikasi] = []
    ids = sorted(wanted)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        users = User.objects.filter(pk__in=chunk, instansi_id=instansi_id, is_active=True)
        if skip_unread_duplicates:
            users = users.exclude(
                pk__in=Notifikasi.objects.filter(
                    penerima_id__in=chunk,
                    jenis=jenis,
                    teks=teks[:500],
                    url=url[:300],
                    dibaca_pada__isnull=True,
                ).values("penerima_id")
            )
        recipients = list(users.values_list("pk", flat=True))
        rows += Notifikasi.objects.bulk_create(
            [Notifikasi(instansi_id=instansi_id, penerima_id=pk, jenis=jenis, teks=teks[:500],
                        url=url[:300]) for pk in recipients],
            batch_size=BATCH,
        )  # fmt: skip
    enqueue_immediate_email(rows, jenis)
    return rows


def enqueue_immediate_email(rows: list[Notifikasi], jenis: str) -> None:
    """Enqueue one email task for the rows whose recipient has an address and chose (or
    kept the default) "email segera" for this kind: one query per batch, one task."""
    from kinerja.org.models import User

    if not rows:
        return
    by_user = {row.penerima_id: row.pk for row in rows}
    emailed: list[int] = []
    ids = sorted(by_user)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        who = User.objects.filter(pk__in=chunk).exclude(email="").exclude(
            pk__in=Preferensi.objects.filter(pengguna_id__in=chunk, jenis=jenis)
            .exclude(cara=Preferensi.Cara.SEGERA).values("pengguna_id")
        )  # fmt: skip
        if DEFAULT_CARA != Preferensi.Cara.SEGERA:  # a default other than email needs a row
            who = who.filter(preferensi_notifikasi__jenis=jenis)
        emailed += [by_user[pk] for pk in who.values_list("pk", flat=True)]
    if emailed:
        send_notification_emails.enqueue(sorted(emailed))


def link(path: str) -> str:
    return settings.KINERJA_SITE_URL.rstrip("/") + path


def _greeting(user) -> str:
    return f"Yth. {user},"


def _footer() -> str:
    return (
        "\n\nAnda menerima email ini dari Kinerja. Atur cara pemberitahuan di "
        f"{link('/kotak-masuk/pengaturan/')}.\n"
    )


@retried_task(attempts=3, backoff=60)
def send_notification_emails(notifikasi_ids: list[int]) -> int:
    """Email each notification not yet emailed to its recipient (idempotent: a row is
    claimed by setting ``dikirim_pada`` before sending and released if sending fails).
    Returns how many emails went out."""
    sent = 0
    rows = (
        Notifikasi.objects.filter(pk__in=notifikasi_ids, dikirim_pada__isnull=True)
        .select_related("penerima", "penerima__pegawai").order_by("pk")
    )  # fmt: skip
    with mail.get_connection() as connection:
        for row in rows:
            if not row.penerima.email:
                continue
            claimed = Notifikasi.objects.filter(pk=row.pk, dikirim_pada__isnull=True).update(
                dikirim_pada=timezone.now()
            )
            if not claimed:
                continue
            body = (
                f"{_greeting(row.penerima)}\n\n{row.teks}\n\n"
                f"Buka: {link(f'/kotak-masuk/{row.pk}/')}" + _footer()
            )
            try:
                mail.EmailMessage(
                    SUBJECT_PREFIX + _subject(row.teks), body, to=[row.penerima.email],
                    connection=connection,
                ).send()  # fmt: skip
            except Exception:
                Notifikasi.objects.filter(pk=row.pk).update(dikirim_pada=None)
                raise
            sent += 1
    return sent


def _subject(teks: str) -> str:
    first = teks.split(". ")[0]
    return first if len(first) <= 120 else first[:117] + "…"


def digest_due(user_ids: list[int]) -> dict[int, list[Notifikasi]]:
    """Per user, the notifications waiting for their daily digest: not emailed yet, of a
    kind they chose "ringkasan harian" for (one query)."""
    harian = Preferensi.objects.filter(
        pengguna_id=OuterRef("penerima_id"), jenis=OuterRef("jenis"), cara=Preferensi.Cara.HARIAN
    )
    found: dict[int, list[Notifikasi]] = {}
    rows = Notifikasi.objects.filter(
        Exists(harian), penerima_id__in=user_ids, dikirim_pada__isnull=True
    ).order_by("dibuat", "pk")
    for row in rows:
        found.setdefault(row.penerima_id, []).append(row)
    return found


def digest_email(user, rows: list[Notifikasi], today: date) -> mail.EmailMessage:
    lines = "\n".join(
        f"- {formatting.tanggal_id(r.dibuat, 'j F Y H.i')} {r.teks}\n"
        f"  {link(f'/kotak-masuk/{r.pk}/')}"
        for r in rows
    )
    body = (
        f"{_greeting(user)}\n\nRingkasan pemberitahuan Kinerja per {formatting.tanggal_id(today)} "
        f"({len(rows)} pemberitahuan):\n\n{lines}" + _footer()
    )
    return mail.EmailMessage(
        f"{SUBJECT_PREFIX}Ringkasan harian {formatting.tanggal_id(today)}", body, to=[user.email]
    )


def kind_label(jenis: str) -> str:
    return Jenis(jenis).label if jenis in Jenis.values else jenis
