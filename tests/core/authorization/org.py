"""Authorization matrix rows for the organisation: sign-in, home, units, employees, accounts,
import and export."""

from tests.core.authorization.rows import ALL_OK, PERSONAS, row

# Notes on rows that are not obvious:
# - login: a logged-in visit redirects home; logout (POST) redirects everyone to the login page.
ROWS: dict[str, dict[str, str]] = {
    "akun_buat": row("login", "403", "403", "ok", "403", "403", "ok"),
    "akun_buka_kunci": row("login", "403", "403", "ok", "403", "403", "404"),
    "akun_cabut_token": row("login", "403", "403", "ok", "403", "403", "404"),
    "akun_list": row("login", "403", "403", "ok", "403", "403", "ok"),
    "akun_slip": row("login", "403", "403", "ok", "403", "403", "404"),
    "akun_status": row("login", "403", "403", "ok", "403", "403", "404"),
    "api_token_revoke": row("login", "ok", "404", "404", "404", "404", "404"),
    "akun_layanan_list": row("login", "403", "403", "ok", "403", "403", "ok"),
    "akun_layanan_detail": row("login", "403", "403", "ok", "403", "403", "404"),
    "akun_layanan_aktif": row("login", "403", "403", "ok", "403", "403", "404"),
    "akun_layanan_token_cabut": row("login", "403", "403", "ok", "403", "403", "404"),
    "api_tokens": row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "home": row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "login": ALL_OK,
    "logout": row("login", "login", "login", "login", "login", "login", "login"),
    "org_export": row("login", "403", "403", "ok", "ok", "ok", "ok"),
    "org_import": row("login", "403", "403", "ok", "403", "403", "ok"),
    "org_instansi": row("login", "403", "403", "ok", "403", "403", "ok"),
    # the demo agencies have no logo; a logged-in user only ever reads their own agency's
    "org_instansi_logo": row("login", "404", "404", "404", "404", "404", "404"),
    "org_search": row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "org_tree": row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    # the first-run page exists only while the server has no agency
    "setup_start": dict.fromkeys(PERSONAS, "404"),
    "password_change": row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "pegawai_detail": row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "pegawai_reset_password": row("login", "403", "403", "ok", "403", "403", "404"),
    "pegawai_set_atasan": row("login", "403", "403", "ok", "403", "403", "404"),
    "pegawai_set_aktif": row("login", "403", "403", "ok", "403", "403", "404"),
    "unit_detail": row("login", "ok", "ok", "ok", "ok", "ok", "404"),
}
