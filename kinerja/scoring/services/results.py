"""Computing and storing results, set-based: gather → evaluate → insert/update in batches."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from kinerja.core import audit
from kinerja.scoring.models import Hasil
from kinerja.scoring.permissions import can_compute
from kinerja.scoring.rules import fast
from kinerja.scoring.rules.common import round_half_up
from kinerja.scoring.services import bulk, engine
from kinerja.skp.models import BagianPeriode, Periode
from kinerja.skp.services.common import NotAllowed, SkpError, VersionConflict, ensure_open

BATCH = 5000
"""Rows per executemany batch (inserts and updates)."""

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
            raise SkpError(
                "Skema PP 46/2011 hanya mengenal penilaian tahunan; hitung hasil tahunan."
            )
        stored = store(periode, bagian=bagian)
        audit.record(
            periode.instansi, actor=by, action="penilaian.hitung", obj=periode,
            after={"bagian": bagian.nomor if bagian else None, "baru": stored.baru,
                   "diubah": stored.diubah, "tetap": stored.tetap},
        )  # fmt: skip
    return stored


def store(periode: Periode, *, bagian=None, skp_ids=None, now=None, source=None) -> Stored:
    """Gather, evaluate and write; the caller holds the transaction and checks permission.
    ``source`` is the period's inputs read once (:func:`engine.read_source`) when the caller
    stores several slices."""
    now = now or timezone.now()
    computed = bulk.compute(periode, bagian=bagian, skp_ids=skp_ids, source=source)
    existing_qs = Hasil.objects.filter(periode=periode)
    existing_qs = (
        existing_qs.filter(bagian__isnull=True)
        if bagian is None
        else existing_qs.filter(bagian=bagian)
    )
    if skp_ids is not None:
        existing_qs = existing_qs.filter(skp__in=list(skp_ids))
    existing = {
        row[1]: row
        for row in existing_qs.values_list(
            "pk", "skp_id", "hash_masukan", "status", "version", "capaian", "usulan_hasil_kerja",
            "usulan_perilaku", "usulan_predikat", "nilai", "galat", "tertunda",
        )
    }  # fmt: skip
    version = engine.VERSIONS[periode.skema]
    inserts, updates = [], []
    result = Stored()
    with fast.rule_context():
        for skp_id, instansi_id, tertunda, payload, digest, outcome in computed:
            result.galat += bool(outcome.galat)
            row = existing.get(skp_id)
            values = (
                periode.skema, version, outcome.capaian,
                None if outcome.capaian is None else round_half_up(outcome.capaian),
                outcome.nilai, outcome.hasil_kerja, outcome.perilaku, outcome.predikat,
                payload, digest, outcome.galat, tertunda, now,
            )  # fmt: skip
            if row is None:
                inserts.append((skp_id, instansi_id, values))
                continue
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
            updates.append((row[0], row[4], values, reset))
    _insert(periode, bagian, inserts)
    _update(updates)
    result.baru, result.diubah = len(inserts), len(updates)
    return result


def _s(value) -> str | None:
    return None if value is None else str(value)


def _prep(model, names):
    return [model._meta.get_field(name) for name in names]


def _insert(periode, bagian, rows) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    fields = _prep(Hasil, _COMPUTED)
    extra = ("instansi", "periode", "skp", "bagian", "status", "akhir_hasil_kerja",
             "akhir_perilaku", "akhir_predikat", "alasan", "hash_keputusan", "version")  # fmt: skip
    columns = [f.column for f in fields] + [Hasil._meta.get_field(n).column for n in extra]
    marks = ["%s"] * (len(fields) + len(extra))
    sql = (
        f"INSERT INTO {quote(Hasil._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(marks)})"
    )
    bagian_id = bagian.pk if bagian is not None else None
    prepared = _preparer(fields)
    fixed = (Hasil.Status.MENUNGGU.value, "", "", "", "", "", 1)
    if connection.vendor == "postgresql":
        _insert_copy(columns, [*fields, *(Hasil._meta.get_field(n) for n in extra)], [
            (*prepared(values), instansi_id, periode.pk, skp_id, bagian_id, *fixed)
            for skp_id, instansi_id, values in rows
        ])  # fmt: skip
        return
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                sql,
                [
                    (*prepared(values), instansi_id, periode.pk, skp_id, bagian_id, *fixed)
                    for skp_id, instansi_id, values in rows[start : start + BATCH]
                ],
            )  # fmt: skip


def _insert_copy(columns, fields, rows) -> None:
    """PostgreSQL: ``COPY … FROM STDIN (FORMAT BINARY)`` on the close's own connection and
    transaction (psycopg 3's ``cursor.copy``): no SQL text per row, no text parsing of numbers
    and times; the canonical inputs as their text, stored as it is (no ``jsonb`` parsing)."""
    quote = connection.ops.quote_name
    types = [_copy_type(f) for f in fields]
    sql = (
        f"COPY {quote(Hasil._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
        "FROM STDIN (FORMAT BINARY)"
    )
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
        copy.set_types(types)
        write = copy.write_row
        for row in rows:
            write(row)


def _copy_type(field) -> str:
    """The PostgreSQL type name psycopg adapts a column's values to ("varchar", "bigint",
    "timestamp with time zone", …), without a length or precision."""
    name = field.rel_db_type(connection) if field.primary_key else field.db_type(connection)
    return name.split("(")[0].strip()


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
