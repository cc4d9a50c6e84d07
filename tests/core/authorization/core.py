"""Authorization matrix rows for the shell beside the flow: health, audit, background jobs,
notifications, learning."""

from tests.core.authorization.rows import ALL_OK, row

# Notes on rows that are not obvious:
# - belajar_langkah baca_skp: a step of the employee role; the outsider's admin is an employee.
ROWS: dict[str, dict[str, str]] = {
    "audit_log": row("login", "403", "403", "ok", "403", "ok", "ok"),
    "audit_checkpoint": row("login", "403", "403", "ok", "403", "ok", "ok"),
    "health": ALL_OK,
    "pekerjaan": row("login", "ok", "404", "404", "404", "404", "404"),
    "pekerjaan_unduh": row("login", "ok", "404", "404", "404", "404", "404"),
    "pekerjaan_hapus_berkas": row("login", "ok", "404", "404", "404", "404", "404"),
    "notify_bell": ALL_OK,
    "notify_inbox": row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "notify_mark_all_read": row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "notify_open": row("login", "ok", "404", "404", "404", "404", "404"),
    "notify_preferences": row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "belajar_bantuan": row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "belajar_glosarium": ALL_OK,
    "belajar_istilah": ALL_OK,
    # every role's guide is readable by anyone of an agency (links only what the reader may open)
    "belajar_panduan": row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "belajar_langkah": row("login", "ok", "ok", "404", "404", "404", "ok"),
    "belajar_tutup": row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "belajar_latihan": row("login", "403", "ok", "403", "ok", "403", "ok"),
    "belajar_latihan_hasil": row("login", "403", "404", "403", "404", "403", "404"),
    "belajar_latihan_peserta": row("login", "403", "403", "ok", "403", "403", "ok"),
}
