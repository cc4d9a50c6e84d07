"""Django settings for Kinerja, read from the environment.

KINERJA_ENV=development (default) runs out of the box with SQLite under var/.
KINERJA_ENV=production refuses to start without a real SECRET_KEY and turns on
secure cookies, HSTS and HTTPS redirects (see docs/operasi.md).
"""

import ipaddress
import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from kinerja.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("KINERJA_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

KINERJA_ENV = env_str("KINERJA_ENV", "development")
if KINERJA_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("KINERJA_ENV harus 'development' atau 'production'.")
PRODUCTION = KINERJA_ENV == "production"

_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET):
    raise ImproperlyConfigured(
        "Mode produksi membutuhkan SECRET_KEY acak minimal 50 karakter di lingkungan."
    )

DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",  # the operator's tool: superusers only (kinerja/org/admin.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "csp",
    "ninja",  # serves the API docs' Swagger UI from our own static files (the CSP allows no CDN)
    "kinerja.core",
    "kinerja.org",
    "kinerja.belajar",
    "kinerja.skp",
    "kinerja.scoring",
    "kinerja.citizen",
    "kinerja.insight",
    "kinerja.followup",
    "kinerja.demo",
    "kinerja.api",
    "django_tasks",
    "django_tasks_db",
    "kinerja.notify",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # under /api/: no trailing slash, 413 for oversized bodies, every error as problem+json
    "kinerja.api.middleware.ApiProblemMiddleware",
    # warns once when every request comes from the proxy and KINERJA_IP_HEADER is unset
    "kinerja.core.clientip.ProxyAddressWarningMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 503 + Retry-After, not 500, while the database is down (kinerja/core/unavailable.py)
    "kinerja.core.unavailable.DatabaseUnavailableMiddleware",
    # request bodies limited per endpoint before anything parses them (kinerja/core/bodylimit.py)
    "kinerja.core.bodylimit.BodyLimitMiddleware",
    "kinerja.core.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # times in the signed-in user's agency zone, WIB/WITA/WIT (kinerja/org/zona.py)
    "kinerja.org.zona.AgencyTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kinerja.org.middleware.IdleTimeoutMiddleware",
    "kinerja.org.middleware.ForcedPasswordChangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kinerja.urls"
WSGI_APPLICATION = "kinerja.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kinerja" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kinerja.core.context_processors.navigation",
            ],
        },
    }
]

# Database: SQLite file under var/ unless DATABASE_URL says otherwise.
_default_db = f"sqlite:///{VAR_DIR / 'kinerja.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_db))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE makes every write transaction take the write lock up front, so
        # read-then-write sequences (the audit chain) never interleave.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    # Tests use a file (one per process) rather than shared-cache memory, so that
    # concurrent writers and the browser tests' live server behave as in production.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kinerja.org.auth.NipBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failed logins (django-axes; kinerja/org/lockout.py), each count with
# its own limit within the cool-off: one account from one address (a typo-prone person, or a
# guesser), one address over all accounts (one password sprayed over many NIPs), and one
# account over all addresses (guessing spread over many machines). Knowing a NIP is not
# enough to lock its owner out from elsewhere.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
KINERJA_LOGIN_IP_FAILURE_LIMIT = env_int("LOGIN_IP_FAILURE_LIMIT", 30)
KINERJA_LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 50)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address", "username"]
AXES_HANDLER = "kinerja.org.lockout.LockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "kinerja.org.auth.normalise_login"
SILENCED_SYSTEM_CHECKS: list[str] = []
AXES_CLIENT_IP_CALLABLE = "kinerja.core.clientip.client_ip"

# Requests per API token (personal or service account) in a sliding window: "<n>/<s|m|h|d>".
# Over it the API answers 429 with Retry-After (kinerja/api/cakupan.py, docs/api.md).
KINERJA_API_RATE = env_str("KINERJA_API_RATE", "600/m").strip()
if not re.fullmatch(r"[1-9][0-9]*/(s|m|h|d|sec|min|hour|day)", KINERJA_API_RATE):
    raise ImproperlyConfigured(
        f"KINERJA_API_RATE harus berbentuk jumlah/satuan, mis. 600/m, bukan {KINERJA_API_RATE!r}."
    )

# The client's real address behind a reverse proxy (kinerja/core/clientip.py, docs/operasi.md):
# the header the proxy sets (X-Forwarded-For or X-Real-IP), believed only from these peers.
KINERJA_IP_HEADER = env_str("KINERJA_IP_HEADER", "")
KINERJA_TRUSTED_PROXIES = env_list("KINERJA_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
for _proxy in KINERJA_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"KINERJA_TRUSTED_PROXIES: {_proxy!r} bukan alamat IP atau jaringan CIDR."
        ) from exc

LANGUAGE_CODE = "id"
# Indonesian only. The English catalogue (kinerja/locale/en) covers about 14 % of the text,
# so English is neither negotiated from the browser's Accept-Language nor offered to choose:
# add ("en", "English") back here when the catalogue is complete (docs/operasi.md).
LANGUAGES = [("id", "Bahasa Indonesia")]
LOCALE_PATHS = [BASE_DIR / "kinerja" / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("KINERJA_STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "kinerja" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# Upload limits: imports and evidence files are checked again by the services.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
KINERJA_IMPORT_MAX_BYTES = env_int("KINERJA_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
KINERJA_IMPORT_MAX_ROWS = env_int("KINERJA_IMPORT_MAX_ROWS", 200_000)
# Audit chain (kinerja/core/audit.py): the HMAC key is not in the database; old keys stay
# listed ("id=rahasia,id=rahasia") so entries keyed with them still verify. Checkpoints of
# every chain's head go to a file under the operator's control (docs/operasi.md).
KINERJA_AUDIT_KEY = env_str("KINERJA_AUDIT_KEY", "")
KINERJA_AUDIT_KEY_ID = env_str("KINERJA_AUDIT_KEY_ID", "k1")
KINERJA_AUDIT_KEYS_LAMA = env_list("KINERJA_AUDIT_KEYS_LAMA", [])
KINERJA_AUDIT_CHECKPOINT_FILE = Path(
    env_str("KINERJA_AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit" / "titik-periksa.jsonl"))
)
# XLSX imports are read streaming; the zip-bomb guard and the cell cap bound their memory
# (bench/bench_import_memory.py measures the largest allowed file).
KINERJA_IMPORT_MAX_UNCOMPRESSED = env_int("KINERJA_IMPORT_MAX_UNCOMPRESSED", 150 * 1024 * 1024)
KINERJA_IMPORT_MAX_CELLS = env_int("KINERJA_IMPORT_MAX_CELLS", 4_000_000)
# Hours a background job's file (an export, account slips) stays on the server after the job
# finished (kinerja.core.jobs).
KINERJA_PEKERJAAN_SIMPAN_JAM = env_int("KINERJA_PEKERJAAN_SIMPAN_JAM", 24)
# Request bodies per endpoint (URL name), refused from Content-Length and while streaming
# (kinerja/core/bodylimit.py); deploy/nginx/kinerja.conf repeats them. 256 KiB of room for
# the form around the file.
_MIB = 1024 * 1024
_FORM = 256 * 1024
KINERJA_BODY_LIMIT_DEFAULT = env_int("KINERJA_BODY_LIMIT_DEFAULT", 1 * _MIB)
KINERJA_BODY_LIMITS = {
    "citizen_complaint_new": 5 * _MIB + _FORM,  # public complaint, attachment up to 5 MB
    "skp_bagian_simpan": env_int("KINERJA_BUKTI_MAX_BYTES", 10 * _MIB) + _FORM,  # evidence
    "org_import": KINERJA_IMPORT_MAX_BYTES + _FORM,
    "followup_potensi": KINERJA_IMPORT_MAX_BYTES + _FORM,
    "followup_ajukan": 5 * 10 * _MIB + _FORM,  # objection: up to 5 files of 10 MB
    "org_instansi_logo": 1 * _MIB + _FORM,
    "org_instansi": 1 * _MIB + _FORM,
    "setup_start": 1 * _MIB + _FORM,
}

# Background work: Django's Tasks API (django-tasks). The database backend keeps the queue in
# the project's own database (no broker); `manage.py db_worker` runs it (docs/notifikasi.md).
# TASKS_BACKEND=immediate runs each task inside the call that enqueues it (no worker needed).
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
if TASKS_BACKEND not in {"database", "immediate"}:
    raise ImproperlyConfigured("TASKS_BACKEND harus 'database' atau 'immediate'.")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASKS_BACKEND == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["default"],
    }
}

# Email, sent only by tasks: console in development, SMTP from the environment in production.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "email"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Kinerja <kinerja@localhost>")
KINERJA_SITE_URL = env_str("KINERJA_SITE_URL", "http://127.0.0.1:8000")

# Security headers. CSP allows only our own scripts and styles: no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],  # evidence previews (skp_bukti_lihat) are our own pages only
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10
# A session ends after this many idle minutes (kinerja/org/middleware.py): HR, auditors and
# the agency head see a whole agency's data, employees only their own.
KINERJA_SESI_DIAM_MENIT_STAF = env_int("KINERJA_SESI_DIAM_MENIT_STAF", 30)
KINERJA_SESI_DIAM_MENIT_PEGAWAI = env_int("KINERJA_SESI_DIAM_MENIT_PEGAWAI", 120)
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS.append("security.W021")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # 404 and 403 are ordinary traffic (nginx logs every request); server errors stay.
    "loggers": {"django.request": {"level": "ERROR"}},
}
