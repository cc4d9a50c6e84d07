"""The realisation summary (:class:`~kinerja.skp.models.RekapRealisasi`): which of its
database triggers exist, and rebuilding it from the realisations.

The triggers (migration ``skp.0007``) keep the summary exact for every write that fires
them. Two things do not: loading rows with triggers off (PostgreSQL's
``session_replication_role = replica``, ``ALTER TABLE … DISABLE TRIGGER``, ``pg_restore
--data-only --disable-triggers``), after which :func:`rebuild` must run; and, on SQLite, a
migration that rebuilds ``skp_realisasi`` or ``skp_skp``, which drops their triggers
(:func:`missing_triggers` finds that).
"""

from django.db import connection, transaction

from kinerja.skp.models import Realisasi, RekapRealisasi, Skp

TRIGGERS = {
    "skp_realisasi_rekap_insert": Realisasi._meta.db_table,
    "skp_realisasi_rekap_status": Realisasi._meta.db_table,  # same SKP and slice
    "skp_realisasi_rekap_move": Realisasi._meta.db_table,  # another SKP, slice or agency
    "skp_realisasi_rekap_delete": Realisasi._meta.db_table,
    "skp_skp_rekap": Skp._meta.db_table,  # the SKP's unit or approval
}
"""Trigger name → its table, on both databases; PostgreSQL has one more for TRUNCATE."""
POSTGRESQL_TRIGGERS = {**TRIGGERS, "skp_realisasi_rekap_truncate": Realisasi._meta.db_table}


def expected_triggers() -> dict[str, str]:
    return POSTGRESQL_TRIGGERS if connection.vendor == "postgresql" else TRIGGERS


def missing_triggers() -> list[str]:
    """The summary's triggers absent from the database (on their table), by name."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute(
                "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal"
            )
        found = set(cursor.fetchall())
    return sorted(name for name, table in expected_triggers().items() if (name, table) not in found)


def rebuild() -> int:
    """Empty the summary and count it again from every stored realisation, atomically;
    returns the number of rows written. Run it after realisations were written with
    triggers off. On PostgreSQL, writers of realisations and SKPs wait until it commits."""
    q = connection.ops.quote_name
    summary, realisasi, skp = (q(m._meta.db_table) for m in (RekapRealisasi, Realisasi, Skp))
    submitted, verified = Realisasi.Status.DIAJUKAN.value, Realisasi.Status.DIVERIFIKASI.value
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {realisasi}, {skp} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {summary}")  # noqa: S608
        cursor.execute(
            f"""INSERT INTO {summary}
                    (instansi_id, skp_id, bagian_id, unit_id, disetujui, jumlah, diajukan,
                     diverifikasi)
                SELECT r.instansi_id, r.skp_id, r.bagian_id, s.unit_id,
                       s.disetujui_pada IS NOT NULL, COUNT(*),
                       SUM(CASE WHEN r.status = %s THEN 1 ELSE 0 END),
                       SUM(CASE WHEN r.status = %s THEN 1 ELSE 0 END)
                FROM {realisasi} r JOIN {skp} s ON s.id = r.skp_id
                GROUP BY r.instansi_id, r.skp_id, r.bagian_id, s.unit_id, s.disetujui_pada""",  # noqa: S608
            [submitted, verified],
        )
        written = cursor.rowcount
        cursor.execute(f"ANALYZE {summary}")
    return written
