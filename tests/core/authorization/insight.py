"""Authorization matrix rows for dashboards, warnings, calibration and printed documents."""

from tests.core.authorization.rows import row

ROWS: dict[str, dict[str, str]] = {
    "insight_cetak": row("login", "403", "403", "ok", "403", "403", "404"),
    "insight_cetak_status": row("login", "403", "403", "ok", "403", "403", "404"),
    "insight_cetak_unduh": row("login", "403", "403", "404", "403", "403", "404"),
    "insight_dasbor": row("login", "403", "ok", "ok", "ok", "ok", "404"),
    "insight_evaluasi_pdf": row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "insight_kalibrasi": row("login", "403", "403", "ok", "ok", "ok", "404"),
    "insight_perbarui": row("login", "403", "403", "ok", "403", "403", "404"),
    "insight_peringatan": row("login", "403", "ok", "ok", "403", "403", "404"),
    "insight_peringatan_tutup": row("login", "403", "ok", "ok", "403", "403", "404"),
    "insight_rekap_unit": row("login", "403", "ok", "ok", "ok", "ok", "404"),
    "insight_skp_pdf": row("login", "ok", "ok", "ok", "ok", "ok", "404"),
}
