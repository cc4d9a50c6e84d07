"""Computing and storing results, set-based: gather → evaluate → insert/update in batches."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from kinerja.core import audit, dbstream
from kinerja.core.errors import DomainError, NotAllowed, VersionConflict
from kinerja.scoring.models import Hasil
from kinerja.scoring.permissions import can_compute
from kinerja.scoring.rules import pmp_values
from kinerja.scoring.rules.common import round_half_up
from kinerja.scoring.services import bulk, engine, inputs
from kinerja.skp.models import BagianPeriode, Periode, Skp
from kinerja.skp.services.common import ensure_open

BATCH = 5000
"""Rows per executemany batch (inserts and updates)."""
PIPELINE_MINIMUM = 2000
"""SKPs from which PostgreSQL takes a close's new rows while the next are computed
(:func:`dbstream.copy_beside`); fewer go by one binary ``COPY`` per batch."""

_COMPUTED = (
    "skema", "versi_aturan", "capaian", "capaian_bulat", "nilai", "usulan_hasil_kerja",
    "usulan_perilaku", "usulan_predikat", "masukan", "hash_masukan", "galat", "tertunda",
    "dihitung_pada",
)  # fmt: skip


@dataclass
class Stored:
    """What one computation wrote: rows inserted, updated, left as they were."""

    baru: int = 0
    diubah: int = 0
    tetap: int = 0
    galat: int = 0

    @property
    def jumlah(self) -> int:
        return self.baru + self.diubah + self.tetap

    def __iadd__(self, other: Stored) -> Stored:
        self.baru += other.baru
        self.diubah += other.diubah
        self.tetap += other.tetap
        self.galat += other.galat
        return self


def compute_results(periode: Periode, *, by, bagian: BagianPeriode | None = None) -> Stored:
    """Compute and store the results of ``periode`` for one slice or the year (HR's action).

    Unchanged inputs leave a row untouched (same hash, same values): running it twice
    changes nothing. A changed input updates the proposal; a confirmation of the old
    proposal is withdrawn (the rater confirms again), an override is kept and flagged.
    """
    if not can_compute(by) or by.instansi_id != periode.instansi_id:
        raise NotAllowed("Hanya admin kepegawaian yang dapat menghitung hasil penilaian.")
    with transaction.atomic():
        ensure_open(periode)
        if bagian is not None and periode.skema == engine.PP46:
            raise DomainError(
                "Skema PP 46/2011 hanya mengenal penilaian tahunan; hitung hasil tahunan."
            )
        stored = store(periode, bagian=bagian)
        audit.record(
            periode.instansi, actor=by, action="penilaian.hitung", obj=periode,
            after={"bagian": bagian.nomor if bagian else None, "baru": stored.baru,
                   "diubah": stored.diubah, "tetap": stored.tetap},
        )  # fmt: skip
    return stored


def recompute_skp(skp_id: int) -> Stored:
    """Results follow the data: recompute one SKP's stored results at once, after a
    realisation of it was verified or returned or its behaviour rated. Every slice HR has
    already computed (for anyone) and the year, if computed, get this SKP's result anew,
    exactly as HR's "Hitung" would (unchanged inputs: nothing written; a confirmation of a
    changed proposal withdrawn, an override kept). A closed period's results are frozen:
    nothing. One transaction; the SKP's inputs read once."""
    skp = Skp.objects.select_related("periode").filter(pk=skp_id).first()
    stored = Stored()
    if skp is None or skp.periode.ditutup or skp.disetujui_pada is None:
        return stored
    periode = skp.periode
    computed = set(
        Hasil.objects.filter(periode=periode).order_by().values_list("bagian_id", flat=True)
        .distinct()
    )  # fmt: skip
    if not computed:
        return stored
    with transaction.atomic():
        source = inputs.read_source(periode, skp_ids=[skp_id])
        slices = [b for b in periode.bagian.order_by("nomor") if b.pk in computed]
        if periode.skema == engine.PP46:
            slices = []
        for bagian in [*slices, *([None] if None in computed else [])]:
            stored += store(periode, bagian=bagian, skp_ids=[skp_id], source=source)
    return stored


def store(periode: Periode, *, bagian=None, skp_ids=None, now=None, source=None) -> Stored:
    """Gather, evaluate and write; the caller holds the transaction and checks permission.
    ``source`` is the period's inputs read once (:func:`inputs.read_source`) when the caller
    stores several slices. New rows go in batches as they are computed; on PostgreSQL a
    large slice's rows stream to the server from a writer thread while the next ones are
    computed (:func:`_written`). (A close's slices without any result go through
    :func:`store_whole`, which does not read the stored ones.)"""
    now = now or timezone.now()
    existing = _existing(periode, bagian, skp_ids)
    if source is None:
        source = inputs.read_source(periode, skp_ids=skp_ids)
    count = len(source.skps) if skp_ids is None else len(skp_ids)
    with pmp_values.rule_context():
        part = _part(periode, bagian, skp_ids, source, existing)
        result, updates = _written(periode, [part] if part else [], now, count)
    _update(updates)
    result.diubah = len(updates)
    return result


def store_whole(periode: Periode, parts: list, *, now, source, progress=None) -> Stored:
    """:func:`store` for several whole parts of one close (a slice no approved SKP has a
    result of, :func:`close._missing_slices`, or the year: None) in one go: every query of
    every part runs first, then the rows of all parts are written, on PostgreSQL for a
    large period in one ``COPY`` from the writer thread, so that the server takes one
    part's rows while the next part is computed here instead of each part waiting for the
    server at its end. ``progress(n)``, if given, is told how many results are computed
    after each batch."""
    with pmp_values.rule_context():
        found = [
            _part(periode, bagian, None, source,
                  {} if bagian is not None else _existing(periode, None, None))
            for bagian in parts
        ]  # fmt: skip
        result, updates = _written(periode, [p for p in found if p], now, len(source.skps),
                                   progress)  # fmt: skip
    _update(updates)
    result.diubah = len(updates)
    return result


def _part(periode, bagian, skp_ids, source, existing) -> tuple | None:
    """(slice, stored results, results to come) of one slice or the year, its queries run
    (they all run before the first result); None when there is nothing to compute."""
    computed = bulk.stream(periode, bagian, skp_ids, source)
    first = next(computed, None)
    if first is None:
        return None
    return bagian, existing, itertools.chain([first], computed)


def _written(periode, parts: list, now, count: int, progress=None) -> tuple[Stored, list]:
    """Write the new rows of ``parts`` (:func:`_part`) as they are computed: on PostgreSQL
    inside a transaction with :data:`PIPELINE_MINIMUM` SKPs or more, as ``COPY`` text that a
    writer thread sends while the next batch is computed (this thread's Python and the
    server's parsing and indexing at the same time: :func:`dbstream.copy_beside`; every
    query of every part has run before, :func:`_part`), else batch by batch; return the
    counts and the changed rows to update."""
    version = engine.rule_version(periode)

    def batches(result: Stored, updates: list):
        for bagian, existing, computed in parts:
            bagian_id = bagian.pk if bagian is not None else None
            for batch in _sorted(computed, existing, periode, version, now, result, updates):
                yield bagian_id, batch
                if progress is not None:
                    progress(result.baru + result.tetap + len(updates))

    if parts and _pipelined(count):

        def work(send):
            result, updates = Stored(), []
            for bagian_id, batch in batches(result, updates):
                send(_copy_text(periode, version, now, bagian_id, batch))
            return result, updates

        return dbstream.copy_beside(_copy_sql(text=True), work)
    result, updates = Stored(), []
    for bagian_id, batch in batches(result, updates):
        _insert(periode, version, now, bagian_id, batch)
    return result, updates


def _pipelined(count: int) -> bool:
    return (
        count >= PIPELINE_MINIMUM
        and connection.vendor == "postgresql"
        and connection.in_atomic_block
    )


def _existing(periode, bagian, skp_ids) -> dict[int, tuple]:
    """skp → its stored result of ``bagian`` (None: the year), as :func:`_sorted` compares."""
    qs = Hasil.objects.filter(periode=periode)
    qs = qs.filter(bagian__isnull=True) if bagian is None else qs.filter(bagian=bagian)
    if skp_ids is not None:
        qs = qs.filter(skp__in=list(skp_ids))
    return {
        row[1]: row
        for row in qs.values_list(
            "pk", "skp_id", "hash_masukan", "status", "version", "capaian", "usulan_hasil_kerja",
            "usulan_perilaku", "usulan_predikat", "nilai", "galat", "tertunda",
        )
    }  # fmt: skip


def _sorted(computed, existing, periode, version, now, result: Stored, updates: list):
    """Yield the new results, as computed (:class:`bulk.Computed`), in batches of
    :data:`BATCH`; count the unchanged ones into ``result`` and collect the changed ones into
    ``updates``."""
    inserts = []
    append = inserts.append
    for item in computed:
        if item.outcome.galat:
            result.galat += 1
        row = existing.get(item.skp_id)
        if row is None:
            append(item)
            if len(inserts) == BATCH:
                result.baru += BATCH
                yield inserts
                inserts = []
                append = inserts.append
            continue
        _skp_id, _instansi_id, tertunda, _payload, digest, outcome = item
        same = (
            row[2] == digest
            and (_s(row[5]), row[6], row[7], row[8], _s(row[9]), row[10])
            == (_s(outcome.capaian), outcome.hasil_kerja, outcome.perilaku,
                outcome.predikat, _s(outcome.nilai), outcome.galat)
            and row[11] == tertunda
        )  # fmt: skip
        if same:
            result.tetap += 1
            continue
        reset = row[3] == Hasil.Status.DIKONFIRMASI and row[2] != digest
        updates.append((row[0], row[4], _values(item, periode.skema, version, now), reset))
    if inserts:
        result.baru += len(inserts)
        yield inserts


def _values(item: bulk.Computed, skema: str, version: str, now) -> tuple:
    """The :data:`_COMPUTED` columns of one computed result."""
    _skp_id, _instansi_id, tertunda, payload, digest, outcome = item
    capaian = outcome.capaian
    return (
        skema, version, capaian, None if capaian is None else round_half_up(capaian),
        outcome.nilai, outcome.hasil_kerja, outcome.perilaku, outcome.predikat,
        payload, digest, outcome.galat, tertunda, now,
    )  # fmt: skip


def _s(value) -> str | None:
    return None if value is None else str(value)


def _prep(model, names):
    return [model._meta.get_field(name) for name in names]


_EXTRA = ("instansi", "periode", "skp", "bagian", "status", "akhir_hasil_kerja", "akhir_perilaku",
          "akhir_predikat", "alasan", "hash_keputusan", "version")  # fmt: skip
"""The columns a new row gets beside the computed ones, in this order."""


def _columns() -> tuple[list, list[str]]:
    fields = [*_prep(Hasil, _COMPUTED), *_prep(Hasil, _EXTRA)]
    return fields, [f.column for f in fields]


def _fixed() -> tuple:
    return (Hasil.Status.MENUNGGU.value, "", "", "", "", "", 1)


def _insert(periode, version: str, now, bagian_id: int | None, rows) -> None:
    """New results (:class:`bulk.Computed`) by binary ``COPY`` (PostgreSQL) or
    ``executemany``."""
    if not rows:
        return
    fields, columns = _columns()
    prepared = _preparer(fields[: len(_COMPUTED)])
    fixed = _fixed()
    skema, periode_id = periode.skema, periode.pk
    params = [
        (*prepared(_values(item, skema, version, now)), item[1], periode_id, item[0], bagian_id,
         *fixed)
        for item in rows
    ]  # fmt: skip
    if connection.vendor == "postgresql":
        dbstream.copy_rows(Hasil._meta.db_table, fields, params)
        return
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(Hasil._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _copy_sql(*, text: bool) -> str:
    _fields, columns = _columns()
    return dbstream.copy_sql(Hasil._meta.db_table, columns, binary=not text)


def _copy_text(periode, version: str, now, bagian_id: int | None, rows) -> bytes:
    """New results (:class:`bulk.Computed`) as ``COPY`` text (tab-separated, ``\\N`` for
    NULL, backslash escapes), the same values :func:`_insert` gives the server: what the
    pipeline streams."""
    if not rows:
        return b""
    escape, null = dbstream.escape, dbstream.COPY_NULL
    lines = []
    append = lines.append
    head = f"{escape(periode.skema)}\t{escape(version)}\t"
    when = now.isoformat()
    tail = f"\t{periode.pk}\t%s\t{null if bagian_id is None else bagian_id}\t" + "\t".join(
        escape(str(v)) for v in _fixed()
    ) + "\n"  # fmt: skip
    escape_json = dbstream.escape_json
    for skp_id, instansi_id, tertunda, payload, digest, outcome in rows:
        capaian, nilai, galat = outcome.capaian, outcome.nilai, outcome.galat
        append(
            f"{head}{null if capaian is None else capaian}\t"
            f"{null if capaian is None else round_half_up(capaian)}\t"
            f"{null if nilai is None else nilai}\t{outcome.hasil_kerja}\t{outcome.perilaku}\t"
            f"{outcome.predikat}\t{escape_json(payload)}\t{digest}\t"
            f"{escape(galat) if galat else ''}\t{tertunda}\t{when}\t{instansi_id}"
            + tail % skp_id
        )  # fmt: skip
    return "".join(lines).encode()


def _preparer(fields):
    """A function turning computed values into database parameters, column by column."""
    ops = connection.ops
    index = {f.name: n for n, f in enumerate(fields)}
    when = fields[index["dihitung_pada"]]
    cache: dict = {}

    def prepared(values):
        out = list(values)
        for name in ("capaian", "nilai"):
            n = index[name]
            out[n] = None if out[n] is None else str(out[n])
        n = index["capaian_bulat"]
        if out[n] is not None:
            out[n] = ops.adapt_decimalfield_value(out[n], 12, 2)
        n = index["dihitung_pada"]
        key = out[n]
        if key not in cache:
            cache[key] = when.get_db_prep_save(key, connection)
        out[n] = cache[key]
        return out

    return prepared


def _update(rows) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    fields = _prep(Hasil, _COMPUTED)
    sets = [f"{quote(f.column)} = %s" for f in fields]
    status = quote("status")
    reset = (
        f"{status} = CASE WHEN %s THEN 'menunggu' ELSE {status} END",
        *(
            f"{quote(c)} = CASE WHEN %s THEN '' ELSE {quote(c)} END"
            for c in ("akhir_hasil_kerja", "akhir_perilaku", "akhir_predikat", "hash_keputusan")
        ),
        *(
            f"{quote(c)} = CASE WHEN %s THEN NULL ELSE {quote(c)} END"
            for c in ("diputuskan_oleh_id", "diputuskan_pada")
        ),
        f"{quote('version')} = {quote('version')} + 1",
        f"{quote('diubah')} = CURRENT_TIMESTAMP",  # raw SQL: auto_now does not apply
    )
    sql = (
        f"UPDATE {quote(Hasil._meta.db_table)} SET {', '.join([*sets, *reset])} "  # noqa: S608
        "WHERE id = %s AND version = %s"
    )
    prepared = _preparer(fields)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            cursor.executemany(
                sql,
                [
                    (*prepared(values), *([flag] * 7), pk, version)
                    for pk, version, values, flag in chunk
                ],
            )
            if cursor.rowcount not in (-1, len(chunk)):
                raise VersionConflict(
                    "Sebagian hasil berubah (diputuskan penilai) saat dihitung; tidak ada yang "
                    "disimpan. Ulangi penghitungan."
                )
