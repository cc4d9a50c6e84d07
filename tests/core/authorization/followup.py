"""Authorization matrix rows for objections, rewards, talent and development plans."""

from tests.core.authorization.rows import row

# Notes on rows that are not obvious:
# - followup_keberatan: the demo's one objection is not the pegawai's.
ROWS: dict[str, dict[str, str]] = {
    "followup_ajukan": row("login", "ok", "404", "403", "403", "403", "404"),
    "followup_hasil": row("login", "ok", "ok", "403", "403", "403", "ok"),
    "followup_kandidat": row("login", "403", "403", "ok", "ok", "403", "ok"),
    "followup_keberatan": row("login", "404", "404", "ok", "ok", "ok", "404"),
    "followup_keberatan_lampiran": row("login", "404", "404", "ok", "ok", "ok", "404"),
    "followup_keberatan_list": row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "followup_panduan": row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "followup_pengaturan": row("login", "403", "403", "ok", "403", "403", "404"),
    "followup_pengembangan": row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "followup_potensi": row("login", "403", "403", "ok", "403", "403", "404"),
    "followup_rencana": row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "followup_talenta": row("login", "403", "403", "ok", "ok", "403", "ok"),
    "followup_talenta_kotak": row("login", "403", "403", "ok", "ok", "403", "404"),
    "followup_talenta_xlsx": row("login", "403", "403", "ok", "ok", "403", "404"),
    "followup_tpp": row("login", "403", "403", "ok", "403", "403", "404"),
}
