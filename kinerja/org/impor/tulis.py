"""Writing a plan: set-based statements in the caller's transaction, no query per row."""

from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import connection
from django.utils import timezone

from kinerja.org.impor.rencana import RencanaPegawai, RencanaUnit
from kinerja.org.models import Jabatan, Pegawai, UnitKerja

PEGAWAI_COLUMNS = [
    "gelar_depan", "nama", "gelar_belakang", "status", "golongan",
    "unit_id", "jabatan_id", "atasan_id", "aktif", "diubah",
]  # fmt: skip


# --- set-based writes --------------------------------------------------------------------------
# Django's bulk_create and bulk_update compile every row and field in Python (bulk_update a
# CASE per row and field): minutes for 100,000 employees. These two write many rows with one
# statement per chunk: on PostgreSQL from arrays (unnest), on SQLite, which runs in-process,
# by one prepared statement executed for all rows (executemany).

WRITE_CHUNK = 5000


def _chunks(rows: Iterable[tuple], size: int = WRITE_CHUNK) -> Iterator[list]:
    """Lists of up to ``size`` rows taken from an iterable as they are written, so that only
    one chunk of prepared rows exists at a time (the rows may come from a generator)."""
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


# Values of these types go to the driver as they are; others (dates) need Django's adaptation.
PLAIN_TYPES = frozenset(
    {"AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "ForeignKey",
     "IntegerField", "PositiveIntegerField", "TextField"}
)  # fmt: skip


def _prepared(columns, rows: Iterable[tuple]) -> list[list]:
    adapt = [
        None if column.get_internal_type() in PLAIN_TYPES else column.get_db_prep_save
        for column in columns
    ]
    if not any(adapt):
        return [list(row) for row in rows]
    return [
        [
            value if prepare is None else prepare(value, connection)
            for prepare, value in zip(adapt, row, strict=True)
        ]
        for row in rows
    ]


def _array_type(field) -> str:
    return f"{field.rel_db_type(connection) if field.primary_key else field.db_type(connection)}[]"


def insert_rows(model, fields: list[str], rows: Iterable[tuple]) -> None:
    """Insert many rows given as tuples of ``fields`` values (attnames), a chunk at a time."""
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(name) for name in fields]
    names = ", ".join(quote(column.column) for column in columns)
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{_array_type(column)}" for column in columns)
            sql = f"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays})"  # noqa: S608
            for chunk in _chunks(rows):
                cursor.execute(sql, [list(c) for c in zip(*_prepared(columns, chunk), strict=True)])
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
            for chunk in _chunks(rows):
                cursor.executemany(sql, _prepared(columns, chunk))


def update_rows(
    model, fields: list[str], rows: Iterable[tuple], *, bump_version: bool = False
) -> None:
    """Set ``fields`` (attnames) on many rows, each given as ``(pk, *values)``, a chunk at a
    time; with ``bump_version`` also add one to each row's version."""
    quote = connection.ops.quote_name
    meta = model._meta
    columns = [meta.pk, *(meta.get_field(name) for name in fields)]
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    version = f", {quote('version')} = {table}.{quote('version')} + 1" if bump_version else ""
    if "diubah" not in fields and any(f.name == "diubah" for f in meta.concrete_fields):
        version += f", {quote('diubah')} = CURRENT_TIMESTAMP"  # .update() skips auto_now
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{_array_type(column)}" for column in columns)
            aliases = [f"c{i}" for i in range(len(columns))]
            assignments = ", ".join(
                f"{quote(column.column)} = v.{alias}"
                for column, alias in zip(columns[1:], aliases[1:], strict=True)
            )
            sql = (
                f"UPDATE {table} SET {assignments}{version} "  # noqa: S608
                f"FROM unnest({arrays}) AS v({', '.join(aliases)}) WHERE {table}.{pk} = v.c0"
            )
            for chunk in _chunks(rows):
                cursor.execute(sql, [list(c) for c in zip(*_prepared(columns, chunk), strict=True)])
        else:
            assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns[1:])
            sql = f"UPDATE {table} SET {assignments}{version} WHERE {pk} = %s"  # noqa: S608
            for chunk in _chunks(rows):
                cursor.executemany(sql, [[*r[1:], r[0]] for r in _prepared(columns, chunk)])


def write_units(plan: RencanaUnit) -> None:
    """Insert the new units and change the changed ones: a statement per chunk, not per row."""
    rows, existing, final_parent = plan.rows, plan.existing, plan.final_parent
    new_kode, changed, instansi_id = plan.new, plan.changed, plan.instansi_id
    ids = {kode: pk for kode, (pk, _, _) in existing.items()}
    insert_rows(
        UnitKerja,
        ["instansi_id", "kode", "nama", "induk_id", "version"],
        [(instansi_id, k, rows[k][1], ids.get(final_parent[k]), 1) for k in new_kode],
    )
    if new_kode:
        ids = dict(UnitKerja.objects.filter(instansi_id=instansi_id).values_list("kode", "id"))
    update_rows(
        UnitKerja,
        ["nama", "induk_id"],
        [(ids[k], rows[k][1], ids.get(final_parent[k])) for k in changed],
        bump_version=True,
    )
    # New units whose parent is new too: the parent's id is known only now.
    update_rows(
        UnitKerja,
        ["induk_id"],
        [
            (ids[k], ids[final_parent[k]])
            for k in new_kode
            if final_parent[k] and final_parent[k] not in existing
        ],
    )


def write_pegawai(plan: RencanaPegawai) -> None:
    """Insert new positions and employees, change the changed ones, then the supervisors that
    are new too and the headships: a statement per chunk, not per row."""
    rows, existing, units, jabatan_ids = plan.rows, plan.existing, plan.units, plan.jabatan_ids
    new_nips, changed_nips, instansi_id = plan.new, plan.changed, plan.instansi_id
    atasan_of = plan.atasan_of
    new_jabatan = {
        row.values["jabatan"]
        for nip in [*new_nips, *changed_nips]
        if (row := rows[nip]).values.get("jabatan")
    } - set(jabatan_ids)
    insert_rows(
        Jabatan,
        ["instansi_id", "nama", "jenis"],
        [(instansi_id, nama, jenis) for nama, jenis in sorted(new_jabatan)],
    )
    if new_jabatan:
        jabatan_ids.update(
            {
                (nama, jenis): pk
                for pk, nama, jenis in Jabatan.objects.filter(instansi_id=instansi_id).values_list(
                    "id", "nama", "jenis"
                )
            }
        )

    ids = {nip: stored_row.id for nip, stored_row in existing.items()}
    now = timezone.now()

    def stored(nip: str) -> tuple:
        """The row's values for PEGAWAI_COLUMNS (absent columns keep what is stored)."""
        values, old = rows[nip].values, existing.get(nip)

        def value(name: str, default=None):
            if name in values:
                return values[name]
            return default if old is None else getattr(old, name)

        jabatan = value("jabatan")
        return (
            value("gelar_depan", ""),
            value("nama"),
            value("gelar_belakang", ""),
            value("status"),
            value("golongan", ""),
            value("unit_id"),
            jabatan_ids[jabatan] if jabatan else None,
            ids.get(atasan_of(nip)),
            value("aktif", True),
            now,
        )

    insert_rows(
        Pegawai,
        ["instansi_id", "nip", "version", *PEGAWAI_COLUMNS],
        ((instansi_id, nip, 1, *stored(nip)) for nip in new_nips),
    )
    if new_nips:
        ids = dict(Pegawai.objects.filter(instansi_id=instansi_id).values_list("nip", "id"))
    update_rows(
        Pegawai,
        PEGAWAI_COLUMNS,
        ((ids[nip], *stored(nip)) for nip in changed_nips),
        bump_version=True,
    )
    # New employees whose supervisor is new too: the supervisor's id is known only now.
    update_rows(
        Pegawai,
        ["atasan_id"],
        (
            (ids[nip], ids[atasan_of(nip)])
            for nip in new_nips
            if atasan_of(nip) and atasan_of(nip) not in existing
        ),
    )
    update_rows(
        UnitKerja,
        ["kepala_id"],
        [(units[kode][0], ids.get(nip)) for kode, nip in plan.kepala_changes.items()],
        bump_version=True,
    )
