"""Which audited actions tell whom, and what.

The services that act already write an audit entry (``kinerja.core.audit.record``); this
module listens to ``audit.entry_recorded`` and maps the action's name to a notification,
so no service has to know about notifications. Each recipient is a named person of the
same agency whom the thing concerns (the employee, their rater, the objection's decider,
the assigned officer), never the one who acted; an event for a whole agency (a period's
stage) is written by the task :func:`tell_agency`, so the request does not wait for 100,000
rows. A failure here is logged and never undoes the action (it runs in a savepoint)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from kinerja.core import audit, formatting
from kinerja.core.tasks import retried_task
from kinerja.notify.models import Jenis
from kinerja.notify.services import BATCH, notify

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    jenis: str
    pegawai_ids: tuple[int | None, ...] = ()
    teks: str = ""
    url: str = ""
    everyone: bool = False  # every active account of the agency


def _name(actor) -> str:
    return str(actor) if actor is not None and not isinstance(actor, str) else "sistem"


def _skp_url(skp) -> str:
    return reverse("skp_detail", args=[skp.pk])


def _skp_ajukan(obj, entry, actor):
    return Event(Jenis.SKP_DIAJUKAN, (obj.penilai_id,),
                 f"{obj.pegawai.nama_lengkap} mengajukan SKP {obj.periode.tahun} untuk Anda "
                 "setujui.", _skp_url(obj))  # fmt: skip


def _skp_setujui(obj, entry, actor):
    return Event(Jenis.SKP_DISETUJUI, (obj.pegawai_id,),
                 f"SKP {obj.periode.tahun} Anda disetujui oleh {_name(actor)}.",
                 _skp_url(obj))  # fmt: skip


def _skp_kembalikan(obj, entry, actor):
    komentar = (entry.after or {}).get("komentar") or ""
    return Event(Jenis.SKP_DIKEMBALIKAN, (obj.pegawai_id,),
                 f"SKP {obj.periode.tahun} Anda dikembalikan oleh {_name(actor)} untuk "
                 f"diperbaiki. Catatan: {komentar}".rstrip(": "), _skp_url(obj))  # fmt: skip


def _realisasi_subject(obj) -> str:
    return f"realisasi «{obj.indikator}» bagian {obj.bagian.nomor}"


def _realisasi_url(obj) -> str:
    return reverse("skp_bagian", args=[obj.skp_id, obj.bagian.nomor])


def _realisasi_ajukan(obj, entry, actor):
    return Event(Jenis.REALISASI_DIAJUKAN, (obj.skp.penilai_id,),
                 f"{obj.skp.pegawai.nama_lengkap} mengajukan {_realisasi_subject(obj)} untuk "
                 "Anda verifikasi.", _realisasi_url(obj))  # fmt: skip


def _realisasi_kembalikan(obj, entry, actor):
    komentar = (entry.after or {}).get("komentar") or ""
    teks = f"{_realisasi_subject(obj).capitalize()} dikembalikan oleh {_name(actor)}."
    if komentar:
        teks += f" Catatan: {komentar}."
    teks += " Perbaiki lalu ajukan lagi."
    return Event(Jenis.REALISASI_DIKEMBALIKAN, (obj.skp.pegawai_id,), teks, _realisasi_url(obj))


def _realisasi_verifikasi(obj, entry, actor):
    return Event(Jenis.REALISASI_DIVERIFIKASI, (obj.skp.pegawai_id,),
                 f"{_realisasi_subject(obj).capitalize()} telah diverifikasi oleh "
                 f"{_name(actor)}.", _realisasi_url(obj))  # fmt: skip


def _dialog(obj, entry, actor):
    skp = obj.skp
    writer = getattr(actor, "pegawai_id", None)
    other = skp.penilai_id if writer == skp.pegawai_id else skp.pegawai_id
    return Event(Jenis.DIALOG, (other,),
                 f"{_name(actor)} menulis {obj.get_jenis_display().lower()} dalam dialog "
                 f"kinerja bagian {obj.bagian.nomor} SKP {skp.periode.tahun}.",
                 reverse("skp_dialog", args=[skp.pk, obj.bagian.nomor]))  # fmt: skip


def _minta_360(obj, entry, actor):
    """One event per respondent still asked for input on this SKP and slice (each has the
    link to their own request)."""
    from kinerja.skp.models import Permintaan360

    nomor = (entry.after or {}).get("bagian")
    asked = Permintaan360.objects.filter(skp=obj, bagian__nomor=nomor, dijawab=False)
    return [
        Event(Jenis.MINTA_360, (responden_id,),
              f"{_name(actor)} meminta masukan Anda tentang perilaku kerja "
              f"{obj.pegawai.nama_lengkap} (bagian {nomor}, SKP {obj.periode.tahun}).",
              reverse("skp_jawab_360", args=[pk]))
        for pk, responden_id in asked.order_by("pk").values_list("pk", "responden_id")
    ]  # fmt: skip


def _hasil_siap(obj, entry, actor):
    """HR computed a slice's or the year's results (``penilaian.hitung``): every rater with
    results of it now waiting for their decision is told, by the task :func:`tell_raters`
    (an agency has thousands of raters). Nothing new or changed: nobody is told again."""
    after = entry.after or {}
    if after.get("baru") or after.get("diubah"):
        tell_raters.enqueue(obj.pk, after.get("bagian"), getattr(actor, "pk", None))


@retried_task(attempts=3, backoff=60)
def tell_raters(periode_id: int, nomor: int | None, actor_id: int | None) -> int:
    """Tell each rater (the SKP's pejabat penilai) of ``periode_id`` how many results of
    slice ``nomor`` (None: the year) wait for their decision, linking to their team page.
    Raters with the same count share one :func:`notify` call (a handful of queries for
    thousands of raters); idempotent (the very same unread notice is not written twice).
    Returns how many were told."""
    from django.db.models import Count

    from kinerja.org.models import User
    from kinerja.scoring.models import Hasil
    from kinerja.skp.models import Periode

    periode = Periode.objects.filter(pk=periode_id).first()
    if periode is None or periode.ditutup:
        return 0
    waiting = Hasil.objects.filter(periode=periode, status=Hasil.Status.MENUNGGU)
    waiting = (waiting.filter(bagian__isnull=True) if nomor is None
               else waiting.filter(bagian__nomor=nomor))  # fmt: skip
    per_rater = dict(
        waiting.order_by().values_list("skp__penilai_id").annotate(n=Count("pk"))
    )  # fmt: skip
    users = User.objects.filter(instansi_id=periode.instansi_id, is_active=True,
                                pegawai_id__in=[pk for pk in per_rater if pk])  # fmt: skip
    if actor_id:
        users = users.exclude(pk=actor_id)
    by_count: dict[int, list[int]] = {}
    for user_id, pegawai_id in users.values_list("pk", "pegawai_id"):
        by_count.setdefault(per_rater[pegawai_id], []).append(user_id)
    what = f"bagian {nomor}" if nomor is not None else "tahunan"
    url = f"{reverse('scoring_tim')}?periode={periode.tahun}&bagian={nomor or 'tahunan'}"
    told = 0
    for n, user_ids in sorted(by_count.items()):
        teks = (f"Hasil {what} periode {periode.tahun} sudah dihitung: {n} hasil pegawai "
                "yang Anda nilai menunggu keputusan Anda (konfirmasi atau ubah).")  # fmt: skip
        with transaction.atomic():
            told += len(notify(periode.instansi_id, user_ids, jenis=Jenis.HASIL_SIAP, teks=teks,
                               url=url))  # fmt: skip
    return told


def _keberatan_url(obj) -> str:
    return reverse("followup_keberatan", args=[obj.pk])


def _keberatan_ajukan(obj, entry, actor):
    return Event(Jenis.KEBERATAN_DIAJUKAN, (obj.pemutus_id, obj.penilai_id),
                 f"{obj.pegawai.nama_lengkap} mengajukan keberatan atas hasil penilaian "
                 "kinerjanya; diputuskan paling lambat "
                 f"{formatting.tanggal_id(obj.tenggat_putusan)}.",
                 _keberatan_url(obj))  # fmt: skip


def _keberatan_minta(obj, entry, actor):
    return Event(Jenis.KEBERATAN_PENJELASAN, (obj.penilai_id, obj.pegawai_id),
                 f"{_name(actor)} meminta penjelasan atas keberatan "
                 f"{obj.pegawai.nama_lengkap}.", _keberatan_url(obj))  # fmt: skip


def _keberatan_penjelasan(obj, entry, actor):
    return Event(Jenis.KEBERATAN_PENJELASAN, (obj.pemutus_id,),
                 f"{_name(actor)} menulis penjelasan atas keberatan "
                 f"{obj.pegawai.nama_lengkap}.", _keberatan_url(obj))  # fmt: skip


def _keberatan_putus(obj, entry, actor):
    return Event(Jenis.KEBERATAN_DIPUTUSKAN, (obj.pegawai_id, obj.penilai_id),
                 f"Keberatan {obj.pegawai.nama_lengkap} telah diputuskan: "
                 f"{obj.get_status_display().lower()}.", _keberatan_url(obj))  # fmt: skip


def _aduan_diteruskan(obj, entry, actor):
    tenggat = (
        f" Tanggapi paling lambat {formatting.tanggal_id(obj.tenggat_respons)}."
        if obj.tenggat_respons
        else ""
    )
    return Event(Jenis.ADUAN_DITERUSKAN, (obj.petugas_id,),
                 f"Aduan {obj.kode_lacak} ({obj.layanan}) diteruskan kepada Anda.{tenggat}",
                 reverse("citizen_complaint_detail", args=[obj.kode_lacak]))  # fmt: skip


def _periode_tahap(obj, entry, actor):
    return Event(Jenis.PERIODE_TAHAP, (),
                 f"Periode penilaian {obj.tahun} memasuki tahap {obj.get_status_display()}.",
                 reverse("home"), everyone=True)  # fmt: skip


HANDLERS: dict[str, Callable] = {
    "skp.ajukan": _skp_ajukan,
    "skp.setujui": _skp_setujui,
    "skp.kembalikan": _skp_kembalikan,
    "realisasi.ajukan": _realisasi_ajukan,
    "realisasi.kembalikan": _realisasi_kembalikan,
    "realisasi.verifikasi": _realisasi_verifikasi,
    "dialog.pesan": _dialog,
    "dialog.umpan_balik": _dialog,
    "dialog.tindak_lanjut": _dialog,
    "perilaku.minta_360": _minta_360,
    "penilaian.hitung": _hasil_siap,
    "keberatan.ajukan": _keberatan_ajukan,
    "keberatan.minta_penjelasan": _keberatan_minta,
    "keberatan.penjelasan_penilai": _keberatan_penjelasan,
    "keberatan.penjelasan_pegawai": _keberatan_penjelasan,
    "keberatan.putus": _keberatan_putus,
    "citizen.aduan.diteruskan": _aduan_diteruskan,
    "periode.pindah_tahap": _periode_tahap,
}


def recipients(instansi_id: int, event: Event, actor) -> list[int]:
    """The accounts to tell: the named people's accounts in the same agency, less the one
    who acted."""
    from kinerja.org.models import User

    pegawai = {pk for pk in event.pegawai_ids if pk}
    if not pegawai:
        return []
    users = User.objects.filter(instansi_id=instansi_id, is_active=True, pegawai_id__in=pegawai)
    actor_id = getattr(actor, "pk", None)
    if actor_id:
        users = users.exclude(pk=actor_id)
    return list(users.values_list("pk", flat=True))


@retried_task(attempts=3, backoff=60)
def tell_agency(instansi_id: int, jenis: str, teks: str, url: str, actor_id: int | None) -> int:
    """Tell every active account of the agency but the actor, BATCH accounts at a time
    (idempotent: the very same unread notice is not written twice). Returns how many."""
    from kinerja.org.models import User

    users = User.objects.filter(instansi_id=instansi_id, is_active=True)
    if actor_id:
        users = users.exclude(pk=actor_id)
    told, last = 0, 0
    while True:
        ids = list(users.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            return told
        last = ids[-1]
        with transaction.atomic():
            told += len(notify(instansi_id, ids, jenis=jenis, teks=teks, url=url))


def on_entry_recorded(sender, *, entry, obj, actor, **kwargs) -> None:
    handler = HANDLERS.get(entry.action)
    if handler is None or obj is None:
        return
    try:
        with transaction.atomic():
            found = handler(obj, entry, actor)
            for event in found if isinstance(found, list) else [found]:
                if event is None:
                    continue
                if event.everyone:  # a whole agency: written by a task, not in the request
                    tell_agency.enqueue(entry.instansi_id, event.jenis, event.teks, event.url,
                                        getattr(actor, "pk", None))  # fmt: skip
                    continue
                users = recipients(entry.instansi_id, event, actor)
                notify(entry.instansi_id, users, jenis=event.jenis, teks=event.teks,
                       url=event.url)  # fmt: skip
    except Exception:  # noqa: BLE001 - telling people must never undo what they were told of
        log.exception("notifikasi untuk %s #%s gagal", entry.action, entry.pk)


def connect() -> None:
    audit.entry_recorded.connect(on_entry_recorded, dispatch_uid="kinerja.notify.events")
