"""Closing a period: compute every result in bulk, check the curve, freeze, mark closed.

All of it runs in one transaction: a close that fails or is killed midway leaves the period
open and every stored result as it was (the database rolls the transaction back). A second
close of a closed period writes nothing and returns the first close's record, so running it
twice gives identical stored results and hashes. :func:`verify_period` recomputes a period's
hashes from its inputs without writing, to show that a closed period's results still follow
from its frozen inputs.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from kinerja.core import audit, dbstream, extensions
from kinerja.core.errors import DomainError, NotAllowed
from kinerja.core.models import AuditHead
from kinerja.core.versioning import bump
from kinerja.scoring import queries
from kinerja.scoring.models import Hasil, PenutupanPeriode
from kinerja.scoring.permissions import can_close
from kinerja.scoring.rules import registry
from kinerja.scoring.services import bulk, engine, inputs
from kinerja.scoring.services.results import Stored, store, store_whole
from kinerja.skp.models import BagianPeriode, Periode, Skp


def close_period(
    periode: Periode, *, by, alasan: str = "", terbuka: dict | None = None, progress=None
) -> PenutupanPeriode:
    """Close ``periode``: the year's result for every SKP, the slice results still missing
    (PP 46/2011: the year only),
    the curve report per agency and unit (stored, nobody changed), the combined hash of all
    results, and the period marked ``ditutup``; one transaction; idempotent. ``alasan`` and
    ``terbuka`` (the pre-close checklist's open counts, by code) go to the audit entry.
    ``progress(langkah, selesai, jumlah)``, if given, hears each step and, while results
    are computed, how many of how many (:class:`kinerja.core.jobs.Reporter`)."""
    say = progress or (lambda langkah, selesai=None, jumlah=None: None)
    if by is not None and (not can_close(by) or by.instansi_id != periode.instansi_id):
        raise NotAllowed("Hanya admin kepegawaian yang dapat menutup periode.")
    with transaction.atomic():
        locked = Periode.objects.select_for_update().get(pk=periode.pk)
        if locked.status == Periode.Status.DITUTUP:
            run = PenutupanPeriode.objects.filter(periode=locked).first()
            if run is None:
                raise DomainError(
                    "Periode ini sudah ditutup tanpa penutupan Kinerja, sehingga hasilnya tidak "
                    "dibekukan di sini; hubungi pengelola sistem."
                )
            return run
        if locked.status != Periode.Status.PENILAIAN:
            raise DomainError(
                f"Periode {locked.tahun} masih pada tahap {locked.get_status_display()}; "
                "pindahkan ke tahap Penilaian dulu, lalu tutup."
            )
        started = timezone.now()
        stored = Stored()
        with dbstream.bulk_session():
            say(LANGKAH[0])
            missing = _missing_slices(locked) if locked.skema == engine.PMP else []
            # With every slice computed, the year needs only each indicator's sums.
            annual_only = locked.skema == engine.PMP and not missing
            # Every SKP's layout is made while the database reads (or, for the year alone,
            # sums) the realisations.
            source = inputs.read_source(
                locked, annual_only=annual_only,
                prepare=bulk.prepare if locked.skema == engine.PMP else None,
            )  # fmt: skip
            whole = [bagian for bagian, skp_ids in missing if skp_ids is None]
            partial = sum(len(skp_ids) for _bagian, skp_ids in missing if skp_ids is not None)
            total = partial + len(source.skps) * (len(whole) + 1)
            say(LANGKAH[1], 0, total)
            for bagian, skp_ids in missing:
                if skp_ids is not None:  # a few SKPs approved after the slice was computed
                    stored += _store_slice(locked, bagian, skp_ids, started, source)
            # The slices never computed and the year, in one stream to the server; every
            # result of those slices is new, so nothing there is decided (inputs.Source.fresh).
            source.fresh |= {bagian.pk for bagian in whole}
            stored += store_whole(
                locked, [*whole, None], now=started, source=source,
                progress=lambda n: say(LANGKAH[1], partial + n, total),
            )  # fmt: skip
            say(LANGKAH[2], total, total)
            curve = queries.curve_inputs(locked) if locked.skema == engine.PMP else None
            with hash_meanwhile(locked) as hashed:
                # While the server makes the combined hash (no query here: dbstream.held):
                # the inputs freed (millions of objects) and the curve check's Python.
                del source
                report = [scope.as_dict() for scope in queries.curve_scopes(locked, curve)]
            combined = hashed.value
        say(LANGKAH[3], total, total)
        bump(locked, version=locked.version, what="Periode", status=Periode.Status.DITUTUP)
        run = PenutupanPeriode.objects.create(
            instansi_id=locked.instansi_id, periode=locked, oleh=by, mulai=started,
            selesai=timezone.now(), jumlah_hasil=stored.jumlah,
            jumlah_diubah=stored.baru + stored.diubah, hash_gabungan=combined,
            laporan_kurva=report, skema=locked.skema, versi_aturan=registry.CURRENT[locked.skema],
        )  # fmt: skip
        audit.record(
            locked.instansi, actor=by, action="periode.tutup", obj=locked,
            before={"status": Periode.Status.PENILAIAN},
            after={"status": Periode.Status.DITUTUP, "hasil": stored.jumlah,
                   "hash_gabungan": combined,
                   "kurva_dilanggar": sum(1 for s in report if s["patuh"] is False),
                   **({"alasan": alasan} if alasan else {}),
                   **({"daftar_terbuka": terbuka} if terbuka else {})},
        )  # fmt: skip
        # Later apps (the dashboards' stored figures) follow once the close is committed.
        transaction.on_commit(lambda: extensions.period_closed(locked))
    periode.status = locked.status
    periode.version = locked.version
    return run


LANGKAH = (
    "Memeriksa bagian periode yang belum dihitung dan membaca realisasi.",
    "Menghitung dan menyimpan hasil per bagian dan tahunan.",
    "Memeriksa kurva distribusi dan membuat hash gabungan.",
    "Mengunci periode dan mencatat penutupan.",
)
"""The steps of a close, as :func:`close_period` reports them."""


class _Preview(Exception):
    """Raised to roll the preview's computation back."""


@dataclass
class ClosePreview:
    """What closing now would freeze (:func:`close_preview`): the curve check per scope, and
    the annual results the rules cannot compute (no predikat: frozen without one), the first
    :data:`PREVIEW_NAMES` of them by name as (name, NIP, why)."""

    scopes: list[queries.CurveScope]
    tanpa_predikat: int = 0
    contoh_tanpa_predikat: list[tuple[str, str, str]] = field(default_factory=list)


PREVIEW_NAMES = 10
PREVIEW_TTL = 6 * 3600
"""Seconds a preview is kept for one data state; a change of data makes a new key anyway."""


def preview_close(periode: Periode) -> list[queries.CurveScope]:
    """The curve outcome the close would produce, without writing: the year's result of
    every approved SKP computed as the close computes it (decisions kept or withdrawn the
    same way) inside a transaction that is then rolled back, and the curve checked on them.
    Empty for a scheme without a curve or a closed period (its stored report holds)."""
    return _compute_preview(periode).scopes


def close_preview(periode: Periode) -> ClosePreview:
    """:func:`preview_close` with the results that would be frozen without a predikat,
    computed once per data state of the period and kept in Django's cache: the key is the
    period's version and its agency's audit chain head (:func:`preview_version`), so a
    second visit or a refused close form reads it back, and any change that can affect a
    rating (each is audited, DESIGN §5) makes the next visit compute it anew."""
    key = preview_version(periode)
    found = cache.get(key)
    if found is None:
        found = _compute_preview(periode)
        cache.set(key, found, PREVIEW_TTL)
    return found


def preview_version(periode: Periode) -> str:
    """The cache key of a period's close preview: its row version, the rule version, and the
    last link of its agency's audit chain (its hash covers every entry before it and the
    time of the last one: one indexed read)."""
    head = (
        AuditHead.objects.filter(instansi_id=periode.instansi_id).values_list("seq", "hash").first()
    ) or (0, "")
    version = registry.CURRENT.get(periode.skema, "")
    return f"kinerja:pratinjau-tutup:{periode.pk}:{periode.version}:{version}:{head[0]}:{head[1]}"


def _compute_preview(periode: Periode) -> ClosePreview:
    if periode.skema != engine.PMP or periode.ditutup:
        return ClosePreview([])
    preview = ClosePreview([])
    try:
        with transaction.atomic():
            store(periode, bagian=None)
            preview.scopes = queries.curve_report(periode)
            failed = Hasil.objects.filter(
                periode=periode, bagian__isnull=True, status=Hasil.Status.MENUNGGU,
                usulan_predikat="",
            )  # fmt: skip
            preview.tanpa_predikat = failed.count()
            preview.contoh_tanpa_predikat = [
                (nama, nip, galat or ("perilaku kerja belum dinilai" if not perilaku else ""))
                for nama, nip, galat, perilaku in failed.order_by("skp__pegawai__nama")
                .values_list("skp__pegawai__nama", "skp__pegawai__nip", "galat",
                             "usulan_perilaku")[:PREVIEW_NAMES]
            ]  # fmt: skip
            raise _Preview
    except _Preview:
        pass
    return preview


CHUNK = 5000
"""SKPs per store of a slice's few missing results."""


def _missing_slices(periode: Periode) -> list[tuple[BagianPeriode, list[int] | None]]:
    """[kebijakan] Slice results are computed when each slice ends (HR's "Hitung" button) and
    decided by the rater then; the close computes only those still missing (a slice never
    computed: None, every SKP; an SKP approved later: its id) and freezes the rest as they
    stand. Queries only."""
    missing = []
    approved = Skp.objects.filter(periode=periode, disetujui_pada__isnull=False)
    # One pass over the period's slice results: how many approved SKPs each slice has a
    # result for (one per SKP and slice, by the unique rule). All of them: nothing to find.
    counted = dict(
        Hasil.objects.filter(periode=periode, bagian__isnull=False,
                             skp__disetujui_pada__isnull=False)
        .order_by().values_list("bagian_id").annotate(n=Count("pk"))
    )  # fmt: skip
    everyone = approved.count()
    for bagian in periode.bagian.order_by("nomor"):
        done = counted.get(bagian.pk, 0)
        if done == everyone:
            continue
        if not done:
            missing.append((bagian, None))
            continue
        # NOT EXISTS: an anti-join on both databases (PostgreSQL may run a NOT IN subquery
        # once per SKP when its result does not fit in work_mem).
        computed = Hasil.objects.filter(skp=OuterRef("pk"), bagian=bagian)
        ids = sorted(approved.filter(~Exists(computed)).order_by().values_list("pk", flat=True))
        if ids:
            missing.append((bagian, ids))
    return missing


def _store_slice(periode, bagian, skp_ids, now, source: inputs.Source) -> Stored:
    stored = Stored()
    for start in range(0, len(skp_ids), CHUNK):
        stored += store(periode, bagian=bagian, skp_ids=skp_ids[start : start + CHUNK],
                        now=now, source=source)  # fmt: skip
    return stored


@dataclass
class _Hash:
    value: str = ""


@contextmanager
def hash_meanwhile(periode: Periode):
    """:func:`combined_hash`, its ``value`` set when the block ends. On PostgreSQL the
    statement goes to the server when the block starts and is read when it ends
    (:func:`dbstream.statement_meanwhile`); elsewhere it is made at the end. The block sends
    no query on either (:class:`dbstream.QueryDuringStream`)."""
    found = _Hash()
    if connection.vendor != "postgresql":
        with dbstream.held("the block of hash_meanwhile"):
            yield found
        found.value = combined_hash(periode)
        return
    with dbstream.statement_meanwhile(_hash_sql(), [periode.pk]) as pending:
        yield found
    found.value = pending.rows[0][0]


def _hash_sql() -> str:
    quote = connection.ops.quote_name
    hasil, bagian = quote(Hasil._meta.db_table), quote(BagianPeriode._meta.db_table)
    return (
        "SELECT encode(sha256(convert_to(coalesce(string_agg("  # noqa: S608 (table names only)
        "h.skp_id::text || ':' || coalesce(b.nomor, 0)::text || ':' || h.hash_masukan "
        "|| chr(10), '' ORDER BY h.skp_id, b.nomor), ''), 'UTF8')), 'hex') "
        f"FROM {hasil} h LEFT JOIN {bagian} b ON b.id = h.bagian_id WHERE h.periode_id = %s"
    )


def combined_hash(periode: Periode) -> str:
    """SHA-256 over every result's (SKP, slice, input hash), one line ``skp:nomor:hash`` each
    (the year's nomor written 0), in a fixed order: by SKP, then by slice number with the year
    (no number) where the database sorts NULL (first on SQLite, last on PostgreSQL), as
    ``ORDER BY skp_id, nomor`` gives it. PostgreSQL makes it itself (one statement: the rows
    never leave the server); elsewhere :func:`_combined_hash_here` does."""
    if connection.vendor != "postgresql":
        return _combined_hash_here(periode)
    with connection.cursor() as cursor:
        cursor.execute(_hash_sql(), [periode.pk])
        return cursor.fetchone()[0]


def _combined_hash_here(periode: Periode) -> str:
    """:func:`combined_hash` in Python: the rows read unsorted and sorted here (the database
    would sort them on disk)."""
    rows = (
        Hasil.objects.filter(periode=periode)
        .order_by()
        .values_list("skp_id", "bagian_id", "hash_masukan")
    )
    nomor_of = dict(
        BagianPeriode.objects.filter(pk__in=rows.values("bagian_id")).values_list("id", "nomor")
    )
    last = connection.features.nulls_order_largest
    year = (1, 0) if last else (-1, 0)
    keyed = [
        (skp_id, year if bagian_id is None else (0, nomor_of[bagian_id]), value)
        for skp_id, bagian_id, value in dbstream.stream_rows(rows)  # plain values, no converters
    ]
    keyed.sort()
    digest = hashlib.sha256()
    update = digest.update
    for skp_id, (_null, nomor), value in keyed:
        update(f"{skp_id}:{nomor}:{value}\n".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Mismatch:
    skp_id: int
    bagian: int | None
    stored: str | None
    computed: str | None


def verify_period(periode: Periode) -> list[Mismatch]:
    """Recompute every result's inputs and outcome of ``periode`` without writing, on the
    close's own path (:func:`bulk.compute`, under the version that closed it, or today's
    while open; the inputs read once); return the results whose hash or values differ from
    what is stored (empty when all agree)."""
    slices = list(periode.bagian.order_by("nomor")) if periode.skema == engine.PMP else []
    source = inputs.read_source(periode)
    found = []
    for bagian in [*slices, None]:
        qs = Hasil.objects.filter(periode=periode)
        qs = qs.filter(bagian__isnull=True) if bagian is None else qs.filter(bagian=bagian)
        stored = {
            row[0]: row
            for row in qs.values_list("skp_id", "hash_masukan", "capaian", "usulan_predikat")
        }
        nomor = bagian.nomor if bagian else None
        for item in bulk.compute(periode, bagian=bagian, source=source):
            row = stored.pop(item.skp_id, None)
            outcome = item.outcome
            if (
                row is None
                or row[1] != item.hash_masukan
                or (str(row[2]), row[3]) != (str(outcome.capaian), outcome.predikat)
            ):
                found.append(
                    Mismatch(item.skp_id, nomor, row[1] if row else None, item.hash_masukan)
                )
        found.extend(Mismatch(skp_id, nomor, row[1], None) for skp_id, row in stored.items())
    return found
