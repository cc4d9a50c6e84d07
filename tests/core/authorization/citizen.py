"""Authorization matrix rows for the citizens' zone and its inside pages: services, surveys,
complaints, IKM."""

from tests.core.authorization.rows import ALL_OK, row

# Notes on rows that are not obvious:
# - citizen_qr_*: the atasan heads a unit that does not run the service (404 through unit scope).
# - citizen_complaint_*: a complaint neither forwarded to the pegawai nor in the atasan's units
#   is not found for them (404); pimpinan and auditor read but do not move it.
# - citizen_my_complaints: the demo's admin, pimpinan and auditor logins are no employee (403).
ROWS: dict[str, dict[str, str]] = {
    "citizen_agency_entry": ALL_OK,
    "citizen_complaint_attachment": row("login", "404", "404", "ok", "ok", "ok", "404"),
    "citizen_complaint_detail": row("login", "404", "404", "ok", "ok", "ok", "404"),
    "citizen_complaint_move": row("login", "404", "404", "ok", "403", "403", "404"),
    "citizen_complaint_rate": ALL_OK,
    "citizen_complaint_reopen": ALL_OK,
    "citizen_complaint_new": ALL_OK,
    "citizen_complaint_stats": row("login", "403", "ok", "ok", "ok", "ok", "ok"),
    "citizen_complaint_status": ALL_OK,
    "citizen_complaint_track": ALL_OK,
    "citizen_complaints": row("login", "403", "ok", "ok", "ok", "ok", "ok"),
    "citizen_export": row("login", "403", "ok", "ok", "ok", "ok", "ok"),
    "citizen_holiday_remove": row("login", "403", "403", "ok", "403", "403", "404"),
    "citizen_holidays": row("login", "403", "403", "ok", "403", "403", "ok"),
    "citizen_holidays_fill": row("login", "403", "403", "ok", "403", "403", "ok"),
    "citizen_ikm": row("login", "403", "ok", "ok", "ok", "ok", "ok"),
    "citizen_my_complaints": row("login", "ok", "ok", "403", "403", "403", "ok"),
    "citizen_layanan_edit": row("login", "403", "403", "ok", "403", "403", "404"),
    "citizen_layanan_new": row("login", "403", "403", "ok", "403", "403", "ok"),
    "citizen_officer_add": row("login", "403", "403", "ok", "403", "403", "404"),
    "citizen_officer_remove": row("login", "403", "403", "ok", "403", "403", "404"),
    "citizen_qr_officer_png": row("login", "403", "404", "ok", "ok", "ok", "404"),
    "citizen_qr_png": row("login", "403", "404", "ok", "ok", "ok", "404"),
    "citizen_qr_sheet": row("login", "403", "ok", "ok", "ok", "ok", "ok"),
    "citizen_review": row("login", "403", "ok", "ok", "ok", "ok", "ok"),
    "citizen_review_decide": row("login", "403", "403", "ok", "403", "403", "404"),
    "citizen_held_batch": row("login", "403", "404", "ok", "ok", "ok", "404"),
    "citizen_services": row("login", "403", "ok", "ok", "ok", "ok", "ok"),
    "citizen_survey": ALL_OK,
    "citizen_survey_officer": ALL_OK,
    "citizen_survey_thanks": ALL_OK,
    "citizen_tokens": row("login", "403", "403", "ok", "403", "403", "404"),
    "citizen_tokens_pdf": row("login", "403", "403", "ok", "403", "403", "404"),
    "citizen_trend": row("login", "403", "ok", "ok", "ok", "ok", "ok"),
}
