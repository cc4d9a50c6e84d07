"""Authorization matrix rows for the SKP year: plans, slices, evidence, behaviour, periods."""

from tests.core.authorization.rows import row

# Notes on rows that are not obvious:
# - skp_revisi: the demo's revised SKP is not the pegawai's, so pegawai and atasan get 404.
# - skp_indikator_periksa: the demo pegawai's SKP is submitted (not editable): only its rater
#   may run the indicator check on it.
ROWS: dict[str, dict[str, str]] = {
    "skp_bagian": row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "skp_bagian_simpan": row("login", "ok", "403", "403", "403", "403", "404"),
    "skp_bagian_verifikasi": row("login", "403", "ok", "403", "403", "403", "404"),
    "skp_bukti": row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "skp_bukti_lihat": row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "skp_bukti_hapus": row("login", "ok", "403", "403", "403", "403", "404"),
    "skp_create": row("login", "ok", "ok", "404", "404", "404", "404"),
    "skp_detail": row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "skp_dialog": row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "skp_indikator_add": row("login", "ok", "403", "403", "403", "403", "404"),
    "skp_indikator_edit": row("login", "ok", "403", "403", "403", "403", "404"),
    "skp_indikator_periksa": row("login", "404", "ok", "404", "404", "404", "404"),
    "skp_jawab_360": row("login", "ok", "404", "404", "404", "404", "404"),
    "skp_kaskade": row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "skp_lampiran": row("login", "ok", "403", "403", "403", "403", "404"),
    "skp_menunggu": row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "skp_minta_360": row("login", "403", "ok", "403", "403", "403", "404"),
    "skp_perilaku": row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "skp_periode": row("login", "403", "403", "ok", "ok", "ok", "404"),
    "skp_periode_list": row("login", "403", "403", "ok", "ok", "ok", "ok"),
    "skp_periode_update": row("login", "403", "403", "ok", "403", "403", "404"),
    "skp_revisi": row("login", "404", "404", "ok", "ok", "ok", "404"),
    "skp_rhk_add": row("login", "ok", "403", "403", "403", "403", "404"),
    "skp_rhk_edit": row("login", "ok", "403", "403", "403", "403", "404"),
    "skp_saya": row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "skp_tim": row("login", "403", "ok", "403", "403", "403", "ok"),
    "skp_tim_action": row("login", "403", "ok", "403", "403", "403", "404"),
    "skp_transition": row("login", "ok", "403", "403", "403", "403", "404"),
}
