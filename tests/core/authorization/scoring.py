"""Authorization matrix rows for results, the close and the distribution curve."""

from tests.core.authorization.rows import row

ROWS: dict[str, dict[str, str]] = {
    "scoring_hasil": row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "scoring_hitung": row("login", "403", "403", "ok", "403", "403", "404"),
    "scoring_konfirmasi": row("login", "403", "ok", "403", "403", "403", "404"),
    "scoring_kurva": row("login", "403", "403", "ok", "ok", "ok", "ok"),
    "scoring_predikat_organisasi": row("login", "403", "403", "ok", "ok", "403", "404"),
    "scoring_saya": row("login", "ok", "ok", "403", "403", "403", "ok"),
    "scoring_tim": row("login", "403", "ok", "403", "ok", "403", "ok"),
    "scoring_tutup": row("login", "403", "403", "ok", "ok", "ok", "ok"),
    "scoring_tutup_daftar": row("login", "403", "403", "ok", "ok", "ok", "404"),
    # the default period is open: HR is sent back to the close page with the reason
    "scoring_siasn": row("login", "403", "403", "ok", "403", "403", "404"),
    "scoring_ubah": row("login", "403", "ok", "403", "403", "403", "404"),
}
