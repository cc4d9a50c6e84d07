"""Rows written in bulk with one statement per batch, and ids reserved before the rows exist,
so rows can point at each other when they are written (the demo generator's 100,000
employees take seconds)."""

from django.db import connection
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone

from kinerja.demo.plan import DemoError

BATCH_SIZE = 5000


def chunks(items: list, size: int = BATCH_SIZE):
    """``items`` in consecutive slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_rows(model, names: tuple[str, ...], rows: list[tuple], **constants) -> None:
    """Insert ``rows`` (values for the fields ``names``, ready for the database), one
    statement per batch: UNNEST of one array per column on PostgreSQL, executemany on SQLite.
    Every other field takes its value from ``constants`` or its default, prepared once: the
    per-row, per-field work of bulk_create is done once per column instead.
    """
    now = timezone.now()
    named = [model._meta.get_field(name) for name in names]
    fixed = []
    for f in model._meta.concrete_fields:
        if f in named or f.primary_key or f.db_default is not NOT_PROVIDED:
            continue
        if f.name in constants:
            value = constants[f.name]
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        else:
            value = f.get_default()
        fixed.append((f, f.get_db_prep_save(value, connection)))
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in [*named, *(f for f, _ in fixed)])
    head = f"INSERT INTO {quote(model._meta.db_table)} ({columns})"
    tail = [value for _, value in fixed]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Array types without length ("varchar", not "varchar(18)"), as Django's own
            # UNNEST bulk insert does; the columns still enforce their lengths.
            arrays = ", ".join(f"%s::{_base_type(f)}[]" for f in named)
            scalars = "".join(f", %s::{_base_type(f)}" for f, _ in fixed)
            sql = f"{head} SELECT *{scalars} FROM UNNEST({arrays})"  # noqa: S608 - our names
            for chunk in chunks(rows):
                cursor.execute(sql, [*tail, *(list(column) for column in zip(*chunk, strict=True))])
        else:
            marks = ", ".join(["%s"] * (len(named) + len(fixed)))
            sql = f"{head} VALUES ({marks})"
            row_tail = tuple(tail)
            for chunk in chunks(rows):
                cursor.executemany(sql, [row + row_tail for row in chunk])


def _base_type(f) -> str:
    return f.db_type(connection).split("(")[0]


def reserve_ids(model, count: int) -> list[int]:
    """Ids no other row has or will get, so rows can point at each other before insertion.

    PostgreSQL draws them from the table's sequence (safe alongside other writers); SQLite
    continues after the highest id ever used, which is safe because the caller's transaction
    holds SQLite's single write lock (settings open write transactions IMMEDIATE).
    """
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        if connection.vendor == "sqlite":
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT MAX(x) FROM (SELECT MAX(id) AS x FROM {quoted} "  # noqa: S608 - our table
                "UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)",
                [table],
            )
            start = (cursor.fetchone()[0] or 0) + 1
            return list(range(start, start + count))
    raise DemoError(f"Generator demo belum mendukung basis data {connection.vendor}.")
