"""Writing the demo year's rows in bulk: executemany with each value adapted once, ids read
ahead, sequences reset afterwards, SQLite's page cache enlarged meanwhile and statistics
refreshed after."""

import contextlib
import json

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import NOT_PROVIDED, Max

from kinerja.skp.models import (
    BuktiDukung,
    DialogKinerja,
    Indikator,
    PenilaianPerilaku,
    Realisasi,
    RekapRealisasi,
    Rhk,
    Skp,
)

BATCH = 5000


def _adapter(model, name):
    f = model._meta.get_field(name)
    ops = connection.ops
    if isinstance(f, models.DecimalField):
        return lambda v: (
            None if v is None else ops.adapt_decimalfield_value(v, f.max_digits, f.decimal_places)
        )
    if isinstance(f, models.JSONField):
        return lambda v: None if v is None else json.dumps(v)
    if isinstance(f, models.DateTimeField):
        return lambda v: None if v is None else ops.adapt_datetimefield_value(v)
    if isinstance(f, models.DateField):
        return lambda v: None if v is None else ops.adapt_datefield_value(v)
    return None


def _memo(adapt):
    """Demo values repeat (a few timestamps, a few hundred numbers): adapt each once."""
    cache: dict = {}

    def adapted(value):
        try:
            return cache[value]
        except (KeyError, TypeError):
            result = adapt(value)
            if len(cache) < 100_000:
                with contextlib.suppress(TypeError):
                    cache[value] = result
            return result

    return adapted


def insert(model, names: tuple[str, ...], rows: list[tuple]) -> None:
    """INSERT rows (values in ``names`` order) with executemany, BATCH rows at a time."""
    if not rows:
        return
    meta = model._meta
    # Model defaults live in Python, not in the table: add them for the columns not given.
    defaults = [
        (f.name, f.get_default())
        for f in meta.concrete_fields
        if f.name not in names
        and f.attname not in names
        and not f.primary_key
        and f.db_default is NOT_PROVIDED  # the table fills those itself
    ]
    if defaults:
        names = (*names, *(n for n, _v in defaults))
        tail = tuple(v for _n, v in defaults)
        rows = [(*r, *tail) for r in rows]
    columns = ", ".join(connection.ops.quote_name(meta.get_field(n).column) for n in names)
    marks = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    adapters = [(i, _memo(a)) for i, n in enumerate(names) if (a := _adapter(model, n))]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            if adapters:
                chunk = [list(r) for r in chunk]
                for r in chunk:
                    for i, adapt in adapters:
                        r[i] = adapt(r[i])
            cursor.executemany(sql, chunk)


def next_id(model) -> int:
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def reset_sequences(models_: list) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


@contextlib.contextmanager
def big_cache():
    """On SQLite, index pages stay in memory while the year's rows stream in; the
    connection's own setting comes back afterwards (the connection outlives the build)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {before}")


def analyze() -> None:
    """Fresh statistics after a bulk load, so the planner uses the (skp, …) indexes."""
    loaded = (Skp, Rhk, Indikator, Realisasi, RekapRealisasi, BuktiDukung, PenilaianPerilaku,
              DialogKinerja)  # fmt: skip
    tables = [m._meta.db_table for m in loaded]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
