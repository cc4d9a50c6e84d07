"""The authorization matrix: every URL (pages and /api/v1) against every persona, and
no SQL statement of any request crossing agencies (see tests/core/sql_scope.py).

One demo agency (60 employees, every app's data) plus another agency whose admin holds every
flag. Each (URL, persona) gets one request inside a savepoint that is rolled back, so a POST
that succeeds changes nothing for the next one. Expected answers:

- "ok": 2xx, or a redirect that is not to the login page; for a POST (sent with an empty body)
  also 400/405/409/422, since the point is only that the persona got past the permission check;
- "login": a redirect to the login page, or 401 from the API;
- "403" / "404": that status. A page refusing a POST shows the service's message and redirects
  back (services raise NotAllowed, a ValueError the views turn into a flash message); such a
  redirect carrying an error message and no success message counts for "403" as well as for "ok".

No request may answer 5xx. A URL without an entry, or an entry without a URL, fails the test.
"""

import json
from dataclasses import dataclass
from datetime import date

import pytest
from django.apps import apps
from django.contrib import messages as django_messages
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from kinerja.api.api import api
from kinerja.core.models import PekerjaanLatar
from kinerja.demo.generator import build_agency, demo_logins
from kinerja.demo.populate import populate
from kinerja.org.models import User
from tests.core.sql_scope import AgencyScope

# The module's fixture holds one transaction for the module; the mark makes pytest-django
# set up the test database at all.
pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "pegawai", "atasan", "admin", "pimpinan", "auditor", "outsider")

# Public by design, so not in the matrix.
SKIPPED = {
    "api:openapi-json": "the OpenAPI schema is public documentation",
    "api:openapi-view": "the OpenAPI docs page is public documentation",
    "set_language": "i18n language switch (django.conf.urls.i18n), no data behind it",
}
SKIPPED_PREFIXES = {
    "static/": "static files, served by WhiteNoise/the web server in production",
    "media/": "uploads, served only through the views that check access (skp_bukti)",
    "admin/": "Django's admin, superusers only: tests/org/test_admin.py refuses every persona",
}

# Shorthands for the rows below, in the order of PERSONAS.
ALL_OK = dict.fromkeys(PERSONAS, "ok")


def _row(anonymous, pegawai, atasan, admin, pimpinan, auditor, outsider) -> dict[str, str]:
    return dict(
        zip(PERSONAS, (anonymous, pegawai, atasan, admin, pimpinan, auditor, outsider), strict=True)
    )


# Columns: anonymous, pegawai, atasan, admin, pimpinan, auditor, outsider. URL objects are the
# pegawai persona's (see _build_world); "outsider" is the other agency's admin with every flag,
# so agency-level pages answer "ok" for their own agency and the demo agency's objects are "404".
# Notes on rows that are not obvious:
# - login: a logged-in visit redirects home; logout (POST) redirects everyone to the login page.
# - skp_revisi: the demo's revised SKP is not the pegawai's, so pegawai and atasan get 404.
# - followup_keberatan / api:baca_keberatan: the demo's one objection is not the pegawai's.
# - citizen_qr_*: the atasan heads a unit that does not run the service (404 through unit scope).
# - citizen_complaint_* / api:*_aduan*: a complaint neither forwarded to the pegawai nor in the
#   atasan's units is not found for them (404); pimpinan and auditor read but do not move it.
# - citizen_my_complaints: the demo's admin, pimpinan and auditor logins are no employee (403).
# - api:api-root: ninja's mount point, no view behind it.
# - skp_indikator_periksa: the demo pegawai's SKP is submitted (not editable): only its rater
#   may run the indicator check on it.
# - belajar_langkah baca_skp: a step of the employee role; the outsider's admin is an employee.
# - api:buat_skp: the demo's admin, pimpinan and auditor logins are no employee (403); the
#   outsider's agency has no period this year (404).
# - api:upsert_pegawai for the outsider: an import into their own agency (422: empty list).
MATRIX: dict[str, dict[str, str]] = {
    "api:ajukan_keberatan": _row("login", "ok", "404", "404", "404", "404", "404"),
    "api:api-root": _row("404", "404", "404", "404", "404", "404", "404"),
    "api:antrean_aduan": _row("login", "403", "ok", "ok", "ok", "ok", "ok"),
    "api:baca_aduan_dalam": _row("login", "404", "404", "ok", "ok", "ok", "404"),
    "api:baca_ikm": _row("login", "403", "ok", "ok", "ok", "ok", "ok"),
    "api:baca_keberatan": _row("login", "404", "404", "ok", "ok", "ok", "404"),
    "api:buat_skp": _row("login", "ok", "ok", "403", "403", "403", "404"),
    "api:kalibrasi_penilai": _row("login", "403", "403", "ok", "ok", "ok", "404"),
    "api:catat_penghargaan": _row("login", "403", "403", "ok", "403", "403", "404"),
    "api:daftar_hasil": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "api:ekspor_siasn": _row("login", "403", "403", "ok", "403", "403", "404"),
    "api:daftar_pegawai": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "api:daftar_penghargaan": _row("login", "403", "403", "ok", "ok", "403", "404"),
    "api:daftar_periode": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "api:daftar_skp": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "api:daftar_unit": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "api:angka_dasbor": _row("login", "403", "ok", "ok", "ok", "ok", "404"),
    "api:dokumen_evaluasi": _row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "api:hasil_saya": _row("login", "ok", "ok", "403", "403", "403", "404"),
    "api:kandidat": _row("login", "403", "403", "ok", "ok", "403", "404"),
    "api:kirim_aduan": ALL_OK,
    "api:kirim_survei": ALL_OK,
    "api:pindah_aduan": _row("login", "404", "404", "ok", "403", "403", "404"),
    "api:putuskan": _row("login", "403", "ok", "403", "403", "403", "404"),
    "api:realisasi_skp": _row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "api:satu_hasil": _row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "api:satu_pegawai": _row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "api:satu_skp": _row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "api:saya": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "api:simpan_realisasi": _row("login", "ok", "403", "403", "403", "403", "404"),
    "api:simpan_realisasi_massal": _row("login", "ok", "403", "403", "403", "403", "404"),
    "api:dokumen_skp": _row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "api:status_aduan": ALL_OK,
    "api:talenta": _row("login", "403", "403", "ok", "ok", "403", "404"),
    "api:tambah_indikator": _row("login", "ok", "403", "403", "403", "403", "404"),
    "api:tambah_rhk": _row("login", "ok", "403", "403", "403", "403", "404"),
    "api:tinjau_realisasi": _row("login", "403", "ok", "403", "403", "403", "404"),
    "api:transisi_skp": _row("login", "ok", "403", "403", "403", "403", "404"),
    "api:upsert_pegawai": _row("login", "403", "403", "ok", "403", "403", "ok"),
    "api:daftar_peringatan": _row("login", "403", "ok", "ok", "403", "403", "404"),
    "akun_buat": _row("login", "403", "403", "ok", "403", "403", "ok"),
    "akun_buka_kunci": _row("login", "403", "403", "ok", "403", "403", "404"),
    "akun_cabut_token": _row("login", "403", "403", "ok", "403", "403", "404"),
    "akun_list": _row("login", "403", "403", "ok", "403", "403", "ok"),
    "akun_slip": _row("login", "403", "403", "ok", "403", "403", "404"),
    "akun_status": _row("login", "403", "403", "ok", "403", "403", "404"),
    "api_token_revoke": _row("login", "ok", "404", "404", "404", "404", "404"),
    "akun_layanan_list": _row("login", "403", "403", "ok", "403", "403", "ok"),
    "akun_layanan_detail": _row("login", "403", "403", "ok", "403", "403", "404"),
    "akun_layanan_aktif": _row("login", "403", "403", "ok", "403", "403", "404"),
    "akun_layanan_token_cabut": _row("login", "403", "403", "ok", "403", "403", "404"),
    "api_tokens": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "audit_log": _row("login", "403", "403", "ok", "403", "ok", "ok"),
    "audit_checkpoint": _row("login", "403", "403", "ok", "403", "ok", "ok"),
    "citizen_agency_entry": ALL_OK,
    "citizen_complaint_attachment": _row("login", "404", "404", "ok", "ok", "ok", "404"),
    "citizen_complaint_detail": _row("login", "404", "404", "ok", "ok", "ok", "404"),
    "citizen_complaint_move": _row("login", "404", "404", "ok", "403", "403", "404"),
    "citizen_complaint_rate": ALL_OK,
    "citizen_complaint_reopen": ALL_OK,
    "citizen_complaint_new": ALL_OK,
    "citizen_complaint_stats": _row("login", "403", "ok", "ok", "ok", "ok", "ok"),
    "citizen_complaint_status": ALL_OK,
    "citizen_complaint_track": ALL_OK,
    "citizen_complaints": _row("login", "403", "ok", "ok", "ok", "ok", "ok"),
    "citizen_export": _row("login", "403", "ok", "ok", "ok", "ok", "ok"),
    "citizen_holiday_remove": _row("login", "403", "403", "ok", "403", "403", "404"),
    "citizen_holidays": _row("login", "403", "403", "ok", "403", "403", "ok"),
    "citizen_holidays_fill": _row("login", "403", "403", "ok", "403", "403", "ok"),
    "citizen_ikm": _row("login", "403", "ok", "ok", "ok", "ok", "ok"),
    "citizen_my_complaints": _row("login", "ok", "ok", "403", "403", "403", "ok"),
    "citizen_layanan_edit": _row("login", "403", "403", "ok", "403", "403", "404"),
    "citizen_layanan_new": _row("login", "403", "403", "ok", "403", "403", "ok"),
    "citizen_officer_add": _row("login", "403", "403", "ok", "403", "403", "404"),
    "citizen_officer_remove": _row("login", "403", "403", "ok", "403", "403", "404"),
    "citizen_qr_officer_png": _row("login", "403", "404", "ok", "ok", "ok", "404"),
    "citizen_qr_png": _row("login", "403", "404", "ok", "ok", "ok", "404"),
    "citizen_qr_sheet": _row("login", "403", "ok", "ok", "ok", "ok", "ok"),
    "citizen_review": _row("login", "403", "ok", "ok", "ok", "ok", "ok"),
    "citizen_review_decide": _row("login", "403", "403", "ok", "403", "403", "404"),
    "citizen_held_batch": _row("login", "403", "404", "ok", "ok", "ok", "404"),
    "citizen_services": _row("login", "403", "ok", "ok", "ok", "ok", "ok"),
    "citizen_survey": ALL_OK,
    "citizen_survey_officer": ALL_OK,
    "citizen_survey_thanks": ALL_OK,
    "citizen_tokens": _row("login", "403", "403", "ok", "403", "403", "404"),
    "citizen_tokens_pdf": _row("login", "403", "403", "ok", "403", "403", "404"),
    "citizen_trend": _row("login", "403", "ok", "ok", "ok", "ok", "ok"),
    "followup_ajukan": _row("login", "ok", "404", "403", "403", "403", "404"),
    "followup_hasil": _row("login", "ok", "ok", "403", "403", "403", "ok"),
    "followup_kandidat": _row("login", "403", "403", "ok", "ok", "403", "ok"),
    "followup_keberatan": _row("login", "404", "404", "ok", "ok", "ok", "404"),
    "followup_keberatan_lampiran": _row("login", "404", "404", "ok", "ok", "ok", "404"),
    "followup_keberatan_list": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "followup_panduan": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "followup_pengaturan": _row("login", "403", "403", "ok", "403", "403", "404"),
    "followup_pengembangan": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "followup_potensi": _row("login", "403", "403", "ok", "403", "403", "404"),
    "followup_rencana": _row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "followup_talenta": _row("login", "403", "403", "ok", "ok", "403", "ok"),
    "followup_talenta_kotak": _row("login", "403", "403", "ok", "ok", "403", "404"),
    "followup_talenta_xlsx": _row("login", "403", "403", "ok", "ok", "403", "404"),
    "followup_tpp": _row("login", "403", "403", "ok", "403", "403", "404"),
    "health": ALL_OK,
    "home": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "pekerjaan": _row("login", "ok", "404", "404", "404", "404", "404"),
    "pekerjaan_unduh": _row("login", "ok", "404", "404", "404", "404", "404"),
    "pekerjaan_hapus_berkas": _row("login", "ok", "404", "404", "404", "404", "404"),
    "insight_cetak": _row("login", "403", "403", "ok", "403", "403", "404"),
    "insight_cetak_status": _row("login", "403", "403", "ok", "403", "403", "404"),
    "insight_cetak_unduh": _row("login", "403", "403", "404", "403", "403", "404"),
    "insight_dasbor": _row("login", "403", "ok", "ok", "ok", "ok", "404"),
    "insight_evaluasi_pdf": _row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "insight_kalibrasi": _row("login", "403", "403", "ok", "ok", "ok", "404"),
    "insight_perbarui": _row("login", "403", "403", "ok", "403", "403", "404"),
    "insight_peringatan": _row("login", "403", "ok", "ok", "403", "403", "404"),
    "insight_peringatan_tutup": _row("login", "403", "ok", "ok", "403", "403", "404"),
    "insight_rekap_unit": _row("login", "403", "ok", "ok", "ok", "ok", "404"),
    "insight_skp_pdf": _row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "login": ALL_OK,
    "logout": _row("login", "login", "login", "login", "login", "login", "login"),
    "notify_bell": ALL_OK,
    "notify_inbox": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "notify_mark_all_read": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "notify_open": _row("login", "ok", "404", "404", "404", "404", "404"),
    "notify_preferences": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "org_export": _row("login", "403", "403", "ok", "ok", "ok", "ok"),
    "org_import": _row("login", "403", "403", "ok", "403", "403", "ok"),
    "org_instansi": _row("login", "403", "403", "ok", "403", "403", "ok"),
    # the demo agencies have no logo; a logged-in user only ever reads their own agency's
    "org_instansi_logo": _row("login", "404", "404", "404", "404", "404", "404"),
    "org_search": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "org_tree": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    # the first-run page exists only while the server has no agency
    "setup_start": dict.fromkeys(PERSONAS, "404"),
    "password_change": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "pegawai_detail": _row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "pegawai_reset_password": _row("login", "403", "403", "ok", "403", "403", "404"),
    "pegawai_set_atasan": _row("login", "403", "403", "ok", "403", "403", "404"),
    "pegawai_set_aktif": _row("login", "403", "403", "ok", "403", "403", "404"),
    "scoring_hasil": _row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "scoring_hitung": _row("login", "403", "403", "ok", "403", "403", "404"),
    "scoring_konfirmasi": _row("login", "403", "ok", "403", "403", "403", "404"),
    "scoring_kurva": _row("login", "403", "403", "ok", "ok", "ok", "ok"),
    "scoring_predikat_organisasi": _row("login", "403", "403", "ok", "ok", "403", "404"),
    "scoring_saya": _row("login", "ok", "ok", "403", "403", "403", "ok"),
    "scoring_tim": _row("login", "403", "ok", "403", "ok", "403", "ok"),
    "scoring_tutup": _row("login", "403", "403", "ok", "ok", "ok", "ok"),
    "scoring_tutup_daftar": _row("login", "403", "403", "ok", "ok", "ok", "404"),
    # the default period is open: HR is sent back to the close page with the reason
    "scoring_siasn": _row("login", "403", "403", "ok", "403", "403", "404"),
    "scoring_ubah": _row("login", "403", "ok", "403", "403", "403", "404"),
    "skp_bagian": _row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "skp_bagian_simpan": _row("login", "ok", "403", "403", "403", "403", "404"),
    "skp_bagian_verifikasi": _row("login", "403", "ok", "403", "403", "403", "404"),
    "skp_bukti": _row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "skp_bukti_lihat": _row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "skp_bukti_hapus": _row("login", "ok", "403", "403", "403", "403", "404"),
    "skp_create": _row("login", "ok", "ok", "404", "404", "404", "404"),
    "skp_detail": _row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "skp_dialog": _row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "skp_indikator_add": _row("login", "ok", "403", "403", "403", "403", "404"),
    "skp_indikator_edit": _row("login", "ok", "403", "403", "403", "403", "404"),
    "skp_indikator_periksa": _row("login", "404", "ok", "404", "404", "404", "404"),
    "belajar_bantuan": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "belajar_glosarium": ALL_OK,
    "belajar_istilah": ALL_OK,
    # every role's guide is readable by anyone of an agency (links only what the reader may open)
    "belajar_panduan": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "belajar_langkah": _row("login", "ok", "ok", "404", "404", "404", "ok"),
    "belajar_tutup": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "belajar_latihan": _row("login", "403", "ok", "403", "ok", "403", "ok"),
    "belajar_latihan_hasil": _row("login", "403", "404", "403", "404", "403", "404"),
    "belajar_latihan_peserta": _row("login", "403", "403", "ok", "403", "403", "ok"),
    "skp_jawab_360": _row("login", "ok", "404", "404", "404", "404", "404"),
    "skp_kaskade": _row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "skp_lampiran": _row("login", "ok", "403", "403", "403", "403", "404"),
    "skp_menunggu": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "skp_minta_360": _row("login", "403", "ok", "403", "403", "403", "404"),
    "skp_perilaku": _row("login", "ok", "ok", "ok", "ok", "ok", "404"),
    "skp_periode": _row("login", "403", "403", "ok", "ok", "ok", "404"),
    "skp_periode_list": _row("login", "403", "403", "ok", "ok", "ok", "ok"),
    "skp_periode_update": _row("login", "403", "403", "ok", "403", "403", "404"),
    "skp_revisi": _row("login", "404", "404", "ok", "ok", "ok", "404"),
    "skp_rhk_add": _row("login", "ok", "403", "403", "403", "403", "404"),
    "skp_rhk_edit": _row("login", "ok", "403", "403", "403", "403", "404"),
    "skp_saya": _row("login", "ok", "ok", "ok", "ok", "ok", "ok"),
    "skp_tim": _row("login", "403", "ok", "403", "403", "403", "ok"),
    "skp_tim_action": _row("login", "403", "ok", "403", "403", "403", "404"),
    "skp_transition": _row("login", "ok", "403", "403", "403", "403", "404"),
    "unit_detail": _row("login", "ok", "ok", "ok", "ok", "ok", "404"),
}


# --- walking the resolver ---------------------------------------------------------------


@dataclass
class Route:
    name: str
    route: str
    pattern: URLPattern
    namespace: str | None


def _walk(resolver, prefix: str = "", namespace: str | None = None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern), entry.namespace or namespace)
        else:
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            yield Route(name, prefix + str(entry.pattern), entry, namespace)


def all_routes() -> dict[str, Route]:
    routes = {}
    for route in _walk(get_resolver()):
        if route.name in SKIPPED or route.route.startswith(tuple(SKIPPED_PREFIXES)):
            continue
        assert route.name not in routes, f"two URL patterns named {route.name}"
        routes[route.name] = route
    return routes


def api_methods() -> dict[str, str]:
    """The HTTP method of each API operation, by its URL name."""
    methods = {}
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                name = getattr(operation, "url_name", "") or api.get_operation_url_name(
                    operation, router=bound.template
                )
                methods[f"api:{name}"] = operation.methods[0]
    return methods


# --- the world ------------------------------------------------------------------------


@dataclass
class World:
    users: dict[str, User | None]
    demo_id: int
    kwargs: dict[str, dict]
    bodies: dict[str, dict]


def _user(username: str) -> User:
    return User.objects.select_related("pegawai").get(username=username)


def _build_world() -> World:
    Skp = apps.get_model("skp", "Skp")
    Realisasi = apps.get_model("skp", "Realisasi")
    BuktiDukung = apps.get_model("skp", "BuktiDukung")
    Permintaan360 = apps.get_model("skp", "Permintaan360")
    Periode = apps.get_model("skp", "Periode")
    Hasil = apps.get_model("scoring", "Hasil")
    Layanan = apps.get_model("citizen", "Layanan")
    HariLibur = apps.get_model("citizen", "HariLibur")
    JawabanSurvei = apps.get_model("citizen", "JawabanSurvei")
    TahananSurvei = apps.get_model("citizen", "TahananSurvei")
    Aduan = apps.get_model("citizen", "Aduan")
    Keberatan = apps.get_model("followup", "Keberatan")
    RencanaPengembangan = apps.get_model("followup", "RencanaPengembangan")
    PekerjaanLaporan = apps.get_model("insight", "PekerjaanLaporan")
    from kinerja.followup.services.pengembangan import request_plan
    from kinerja.org import layanan as akun_layanan
    from kinerja.org.tokens import create_token

    with TestCase.captureOnCommitCallbacks(execute=True):
        demo = build_agency(pegawai=60, seed=1, kode="DEMO").instansi
        populate(demo, seed=1)
        lain = build_agency(pegawai=60, seed=2, kode="LAIN").instansi
    logins = {x.peran: x.username for x in demo_logins(demo)}
    users = {
        "anonymous": None,
        "pegawai": _user(logins["Pegawai"]),
        "atasan": _user(logins["Atasan (kepala puskesmas)"]),
        "admin": _user(logins["Admin kepegawaian (BKPSDM)"]),
        "pimpinan": _user(logins["Pimpinan (Wali Kota)"]),
        "auditor": _user(logins["Auditor (Inspektorat)"]),
    }
    # The outsider: the other agency's head of a dinas (so also pegawai and atasan there)
    # holding every flag.
    outsider = _user({x.peran: x.username for x in demo_logins(lain)}["Kepala dinas"])
    outsider.is_admin_kepegawaian = outsider.is_pimpinan = outsider.is_auditor = True
    outsider.save()
    users["outsider"] = outsider

    pegawai = users["pegawai"].pegawai
    assert pegawai.atasan_id == users["atasan"].pegawai_id, "the demo's atasan is not the pegawai's"
    year = timezone.localdate().year
    periode = Periode.objects.get(instansi=demo, tahun=year)
    closed = Periode.objects.get(instansi=demo, tahun=year - 1)
    skp = Skp.objects.get(pegawai=pegawai, periode=periode)
    rhk = skp.rhk.first()
    indikator = rhk.indikator.first()
    realisasi = Realisasi.objects.filter(skp=skp).first()
    bukti = BuktiDukung.objects.filter(realisasi__skp=skp).first()
    bukti_pdf = BuktiDukung.objects.create(
        instansi=demo, realisasi=realisasi, nama="matriks.pdf", tipe="pdf",
        berkas=ContentFile(b"%PDF-1.4\n%%EOF\n", name="matriks.pdf"),
    )  # fmt: skip
    revised = Skp.objects.filter(instansi=demo, riwayat__isnull=False)
    revisi_skp = revised.filter(pegawai=pegawai).first() or revised.first()
    revisi = revisi_skp.riwayat.first()
    # A 360 request to the pegawai persona about a colleague: only the respondent may answer.
    colleague_skp = Skp.objects.filter(periode=periode, pegawai__atasan=pegawai.atasan).exclude(
        pegawai=pegawai
    )[0]
    permintaan = Permintaan360.objects.create(
        instansi=demo,
        skp=colleague_skp,
        bagian=periode.bagian.get(nomor=1),
        responden=pegawai,
        hubungan=Permintaan360.Hubungan.REKAN,
    )
    hasil = Hasil.objects.filter(skp__pegawai=pegawai, periode=periode).order_by("pk").first()
    hasil_closed = (
        Hasil.objects.filter(skp__pegawai=pegawai, periode=closed).order_by("-pk").first()
    )
    layanan = Layanan.objects.filter(instansi=demo, aktif=True).first()
    officer = layanan.penugasan.filter(aktif=True).first()
    # A complaint not forwarded to the pegawai persona (an officer in the demo), with an
    # attachment for the preview.
    aduan = Aduan.objects.filter(instansi=demo).exclude(petugas=pegawai).first()
    aduan.lampiran.save("matriks.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    jawaban = JawabanSurvei.objects.filter(instansi=demo).exclude(alasan_tanda="").first()
    jawaban = jawaban or JawabanSurvei.objects.filter(instansi=demo).first()
    keberatan = Keberatan.objects.filter(instansi=demo).first()
    lampiran_keberatan = apps.get_model("followup", "LampiranKeberatan").objects.create(
        instansi=demo, keberatan=keberatan, nama="matriks.pdf", ukuran=15, tipe="pdf",
        sha256="0" * 64, berkas=ContentFile(b"%PDF-1.4\n%%EOF\n", name="matriks.pdf"),
    )  # fmt: skip
    tahanan = TahananSurvei.objects.create(
        instansi=demo, petugas=officer.pegawai, tanggal=timezone.localdate()
    )
    # The demo proposes plans to the low-rated; which employees those are depends on the
    # database's ids, so the pegawai persona asks for one when the demo gave none.
    rencana = RencanaPengembangan.objects.filter(instansi=demo, pegawai=pegawai).first()
    rencana = rencana or request_plan(pegawai, closed, by=users["pegawai"])
    job = PekerjaanLaporan.objects.create(
        instansi=demo,
        periode=periode,
        jenis=PekerjaanLaporan.Jenis.choices[0][0],
        dibuat_oleh=users["admin"],
    )
    # A finished background job of the pegawai persona (an IKM workbook), with its file.
    own_job = PekerjaanLatar.objects.create(
        instansi=demo, dibuat_oleh=users["pegawai"], jenis=PekerjaanLatar.Jenis.EKSPOR_IKM,
        status=PekerjaanLatar.Status.SELESAI, selesai_pada=timezone.now(),
        nama_keluaran="ikm.xlsx",
    )  # fmt: skip
    own_job.keluaran.save("matriks.xlsx", ContentFile(b"PK\x03\x04"))
    notice = apps.get_model("notify", "Notifikasi").objects.create(
        instansi=demo, penerima=users["pegawai"], jenis="pengingat", teks="Uji", url="/skp/"
    )
    token, _raw = create_token(users["pegawai"], nama="matriks")
    service = akun_layanan.create_account(users["admin"], nama="Matriks")
    service_token, _raw = akun_layanan.create_token(
        service, by=users["admin"], nama="matriks", cakupan=["baca"]
    )

    kwargs = {
        "api_token_revoke": {"token_id": token.pk},
        "akun_layanan_detail": {"pk": service.pk},
        "akun_layanan_aktif": {"pk": service.pk},
        "akun_layanan_token_cabut": {"pk": service.pk, "token_id": service_token.pk},
        "unit_detail": {"unit_id": pegawai.unit_id},
        "pegawai_detail": {"nip": pegawai.nip},
        "pegawai_set_atasan": {"nip": pegawai.nip},
        "pegawai_reset_password": {"nip": pegawai.nip},
        "pegawai_set_aktif": {"nip": pegawai.nip},
        "akun_slip": {"user_id": users["pegawai"].pk},
        "akun_status": {"user_id": users["pegawai"].pk},
        "akun_cabut_token": {"user_id": users["pegawai"].pk},
        "akun_buka_kunci": {"user_id": users["pegawai"].pk},
        "org_export": {"kind": "pegawai", "fmt": "csv"},
        "skp_create": {"periode_pk": periode.pk},
        "skp_detail": {"pk": skp.pk},
        "skp_rhk_add": {"pk": skp.pk},
        "skp_lampiran": {"pk": skp.pk},
        "skp_revisi": {"pk": revisi_skp.pk, "nomor": revisi.nomor},
        "skp_transition": {"pk": skp.pk, "verb": "ajukan"},
        "skp_rhk_edit": {"pk": rhk.pk},
        "skp_indikator_add": {"pk": rhk.pk},
        "skp_indikator_edit": {"pk": indikator.pk},
        "skp_indikator_periksa": {"pk": skp.pk},
        "belajar_istilah": {"kode": "rhk"},
        "belajar_panduan": {"peran": "admin"},
        "belajar_langkah": {"kode": "baca_skp"},
        "skp_kaskade": {"unit_pk": pegawai.unit_id},
        "skp_bagian": {"pk": skp.pk, "nomor": 1},
        "skp_perilaku": {"pk": skp.pk, "nomor": 1},
        "skp_minta_360": {"pk": skp.pk, "nomor": 1},
        "skp_dialog": {"pk": skp.pk, "nomor": 1},
        "skp_bagian_simpan": {"pk": skp.pk, "nomor": 1},
        "skp_bagian_verifikasi": {"pk": skp.pk, "nomor": 1},
        "skp_bukti": {"pk": bukti.pk},
        "skp_bukti_lihat": {"pk": bukti_pdf.pk},
        "skp_bukti_hapus": {"pk": bukti.pk},
        "skp_jawab_360": {"pk": permintaan.pk},
        "skp_tim_action": {"pk": skp.pk, "nomor": 1, "verb": "setujui"},
        "skp_periode": {"pk": periode.pk},
        "skp_periode_update": {"pk": periode.pk, "what": "tahap"},
        "scoring_hasil": {"pk": hasil.pk},
        "scoring_konfirmasi": {"pk": hasil.pk},
        "scoring_ubah": {"pk": hasil.pk},
        "scoring_tutup_daftar": {"jenis": "belum-diverifikasi"},
        "citizen_survey": {"kode": layanan.kode_publik},
        "citizen_survey_thanks": {"kode": layanan.kode_publik},
        "citizen_survey_officer": {"kode": layanan.kode_publik, "petugas": officer.kode},
        "citizen_complaint_status": {"kode": aduan.kode_lacak},
        "citizen_complaint_rate": {"kode": aduan.kode_lacak},
        "citizen_complaint_reopen": {"kode": aduan.kode_lacak},
        "citizen_complaint_attachment": {"kode": aduan.kode_lacak},
        "citizen_agency_entry": {"kode": "demo"},
        "citizen_qr_png": {"pk": layanan.pk},
        "citizen_qr_officer_png": {"pk": layanan.pk, "petugas": officer.kode},
        "citizen_layanan_edit": {"pk": layanan.pk},
        "citizen_officer_add": {"pk": layanan.pk},
        "citizen_officer_remove": {"pk": layanan.pk, "officer_pk": officer.pk},
        "citizen_tokens": {"pk": layanan.pk},
        "citizen_tokens_pdf": {"pk": layanan.pk},
        "citizen_holiday_remove": {"pk": HariLibur.objects.filter(instansi=demo).first().pk},
        "citizen_review_decide": {"pk": jawaban.pk},
        "citizen_held_batch": {"pk": tahanan.pk},
        "citizen_complaint_detail": {"kode": aduan.kode_lacak},
        "citizen_complaint_move": {"kode": aduan.kode_lacak},
        "followup_ajukan": {"hasil_pk": hasil_closed.pk},
        "followup_keberatan": {"pk": keberatan.pk},
        "followup_keberatan_lampiran": {"pk": lampiran_keberatan.pk},
        "followup_tpp": {"fmt": "csv"},
        "followup_rencana": {"pk": rencana.pk},
        "followup_talenta_kotak": {"box": 5},
        "insight_skp_pdf": {"skp_id": skp.pk},
        "insight_evaluasi_pdf": {"skp_id": skp.pk},
        "insight_rekap_unit": {"unit_id": pegawai.unit_id},
        "insight_cetak_status": {"job_id": job.pk},
        "insight_cetak_unduh": {"job_id": job.pk},
        "notify_open": {"pk": notice.pk},
        "pekerjaan": {"job_id": own_job.pk},
        "pekerjaan_unduh": {"job_id": own_job.pk},
        "pekerjaan_hapus_berkas": {"job_id": own_job.pk},
        "api:satu_pegawai": {"nip": pegawai.nip},
        "api:satu_skp": {"skp_id": skp.pk},
        "api:realisasi_skp": {"skp_id": skp.pk},
        "api:satu_hasil": {"pk": hasil.pk},
        "api:ekspor_siasn": {"periode_id": closed.pk},
        "api:putuskan": {"pk": hasil.pk},
        "api:kirim_survei": {"kode": layanan.kode_publik},
        "api:status_aduan": {"kode": aduan.kode_lacak},
        "api:baca_aduan_dalam": {"kode": aduan.kode_lacak},
        "api:pindah_aduan": {"kode": aduan.kode_lacak},
        "api:tinjau_realisasi": {"realisasi_id": realisasi.pk},
        "api:tambah_rhk": {"skp_id": skp.pk},
        "api:tambah_indikator": {"rhk_id": rhk.pk},
        "api:transisi_skp": {"skp_id": skp.pk},
        "api:dokumen_evaluasi": {"skp_id": skp.pk},
        "api:dokumen_skp": {"skp_id": skp.pk},
        "api:baca_keberatan": {"pk": keberatan.pk},
    }
    realisasi_in = {"indikator_id": indikator.pk, "bagian": 1, "nilai": "1", "catatan": ""}
    # Bodies that pass the API's schema, so that the permission check is what answers.
    bodies = {
        "api:upsert_pegawai": {"pegawai": [], "uji_coba": True},
        "api:simpan_realisasi": realisasi_in,
        "api:simpan_realisasi_massal": {"realisasi": [realisasi_in]},
        "api:putuskan": {"aksi": "konfirmasi", "version": 0},
        "api:kirim_survei": {f"u{i}": 4 for i in range(1, 10)},
        "api:kirim_aduan": {"layanan": layanan.kode_publik, "isi": "Antrean terlalu lama."},
        "api:pindah_aduan": {"ke": "diverifikasi", "version": 0},
        "api:tinjau_realisasi": {"aksi": "verifikasi", "version": 0},
        "api:buat_skp": {"tahun": year},
        "api:tambah_rhk": {"uraian": "Uji matriks"},
        "api:tambah_indikator": {"uraian": "Uji", "target": "1", "satuan": "dokumen"},
        "api:transisi_skp": {"aksi": "ajukan", "version": 0},
        "api:ajukan_keberatan": {"hasil_id": hasil_closed.pk, "alasan": "Uji matriks."},
        "api:catat_penghargaan": {
            "nip": pegawai.nip,
            "jenis": "satyalancana",
            "tanggal": date(year, 1, 2).isoformat(),
            "dasar": "Uji matriks",
        },
    }
    return World(users=users, demo_id=demo.pk, kwargs=kwargs, bodies=bodies)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=str(media)), django_db_blocker.unblock():
        assert "test" in str(connection.settings_dict["NAME"]), "not on a test database"
        with transaction.atomic():
            yield _build_world()
            transaction.set_rollback(True)


# --- asking -----------------------------------------------------------------------------


def _classify(response, *, is_post: bool) -> str:
    status = response.status_code
    login = reverse("login")
    if status >= 500:
        return "5xx"
    if status == 401 or (status in (301, 302) and response["Location"].startswith(login)):
        return "login"
    if status in (403, 404):
        return str(status)
    if status in (301, 302, 303):
        queued = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
        levels = {m.level for m in queued}
        if django_messages.ERROR in levels and django_messages.SUCCESS not in levels:
            return "refused"
        return "ok"
    if status < 300 or (is_post and status in (400, 405, 409, 422)):
        return "ok"
    return str(status)


def _matches(expected: str, observed: str) -> bool:
    return observed == expected or (observed == "refused" and expected in ("ok", "403"))


def _ask(client: Client, route: Route, url: str, method: str, body: dict | None, scope):
    """One request inside a rolled-back savepoint; returns the response, the method used and
    the statements that may have crossed agencies (judged before the rollback)."""
    with transaction.atomic():
        with connection.execute_wrapper(scope):
            if method == "POST":
                if body is None:
                    response = client.post(url)
                else:
                    response = client.post(url, json.dumps(body), content_type="application/json")
            else:
                response = client.get(url)
                if response.status_code == 405 and route.namespace != "api":
                    response = client.post(url)
                    method = "POST"
        crossings = scope.violations()
        transaction.set_rollback(True)
    return response, method, crossings


def test_every_url_is_in_the_matrix_and_every_entry_has_a_url():
    routes = all_routes()
    missing = sorted(set(routes) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(routes))
    problems = [f"tambahkan entri matriks untuk {name} ({routes[name].route})" for name in missing]
    problems += [f"entri matriks tanpa URL: {name}" for name in stale]
    problems += [
        f"{name}: persona {sorted(set(PERSONAS) ^ set(row))} tidak sesuai"
        for name, row in MATRIX.items()
        if set(row) != set(PERSONAS)
    ]
    assert not problems, "\n".join(problems)


# A known bug too big to fix with the matrix: persona -> "bug: …" (strict xfail, so the fix
# shows up as XPASS). Empty: none known.
XFAIL: dict[str, str] = {}


@pytest.mark.parametrize(
    "persona",
    [
        pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=XFAIL[p])) if p in XFAIL else p
        for p in PERSONAS
    ],
)
def test_every_url_answers_each_persona_as_the_matrix_says(world, persona):
    methods = api_methods()
    user = world.users[persona]
    mismatches, crossed, judged, by_key_only = [], [], 0, 0
    for name, route in sorted(all_routes().items()):
        expected = MATRIX.get(name, {}).get(persona)
        if expected is None:
            continue
        url = reverse(name, kwargs=world.kwargs.get(name, {}))
        method = methods.get(name, "GET")
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        # Public pages act for the agency whose public code is in the URL (the demo's).
        agencies = {user.instansi_id} if user is not None else set()
        if MATRIX[name] == ALL_OK:
            agencies.add(world.demo_id)
        scope = AgencyScope(agencies=frozenset(agencies))
        response, method, crossings = _ask(
            client, route, url, method, world.bodies.get(name), scope
        )
        crossed += [f"{name} {method} {url}: {line}" for line in crossings]
        judged += scope.judged
        by_key_only += scope.by_key_only
        observed = _classify(response, is_post=method == "POST")
        if not _matches(expected, observed):
            detail = f"{response.status_code}"
            if response.status_code in (301, 302):
                detail += f" → {response['Location']}"
            if getattr(response, "exc_info", None):
                detail += f" {response.exc_info[1]!r}"
            mismatches.append(
                f"{name} {method} {url}: diharapkan {expected}, dapat {observed} ({detail})"
            )
    assert not mismatches, f"{persona}:\n" + "\n".join(mismatches)
    # Ready for Citus: no statement of any request crossed agencies (see tests/core/sql_scope).
    assert not crossed, f"{persona}, kueri lintas instansi:\n" + "\n".join(crossed)
    # The check must have seen the pages' statements (the admin persona: about 370).
    assert judged > (0 if persona == "anonymous" else 100), f"SQL check saw {judged} statements"
    print(f"{persona}: {judged} statements checked, {by_key_only} scoped by keys only")
