"""Netral settings: one file, every option from the environment, laptop defaults.

Every option read here is listed in `.env.example`. With nothing set, Netral runs on a
laptop: SQLite in the project folder, tasks in the database, secrets generated into var/.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def envlist(name: str, default: str) -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


# Debug pages list every URL and setting: off unless asked for, also on a laptop (`DEBUG=true make run`).
DEBUG = envbool("DEBUG", "false")

# Local secrets (the session/CSRF key and others) live in VAR_DIR, outside the database and outside git,
# generated on first start when the environment does not give them. A multi-machine deployment sets them
# in the environment so every machine shares them (docs/operations.md).
VAR_DIR = Path(os.environ.get("VAR_DIR", str(BASE_DIR / "var")))


def local_secret(name: str, nbytes: int = 48) -> str:
    """Read, or create once with mode 0600, a random secret kept in VAR_DIR/<name>."""
    import secrets

    path = VAR_DIR / name
    try:
        value = path.read_text().strip()
        if value:
            return value
    except FileNotFoundError:
        pass
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(nbytes)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process wrote it first: use theirs
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(value)
    return value


SECRET_KEY = os.environ.get("SECRET_KEY", "") or local_secret("secret_key")
SECRET_KEY_FROM_FILE = not os.environ.get("SECRET_KEY")

_LOCAL_HOSTS = "localhost,127.0.0.1,[::1]"
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", _LOCAL_HOSTS)
# Serving only this machine (the laptop default) means plain HTTP; any real host name means HTTPS.
LOCAL_ONLY = set(ALLOWED_HOSTS) <= set(_LOCAL_HOSTS.split(","))

# --- Audit chain key -----------------------------------------------------------------------
# The audit chain is HMAC-SHA256 keyed with a secret kept outside the database (core/audit.py):
# AUDIT_KEY (the key itself) or AUDIT_KEY_FILE (a file holding it); without either, a key is
# generated once into VAR_DIR/audit.key. A key file that is named but missing refuses the start
# (a typo must not silently start a new chain key).
AUDIT_KEY = os.environ.get("AUDIT_KEY", "")
AUDIT_KEY_FILE = os.environ.get("AUDIT_KEY_FILE", "")
AUDIT_KEY_AUTOCREATE = False
if not AUDIT_KEY and not AUDIT_KEY_FILE:
    AUDIT_KEY_FILE = str(VAR_DIR / "audit.key")
    AUDIT_KEY_AUTOCREATE = True
elif not AUDIT_KEY and not Path(AUDIT_KEY_FILE).is_file():
    raise ImproperlyConfigured(f"AUDIT_KEY_FILE {AUDIT_KEY_FILE} tidak ditemukan.")
# Where the signed head of the chain is written by the scheduler, how often, and who gets it by
# e-mail. `verify_audit` compares the chain with these exports (truncation, recomputation).
# Production: a folder on another machine (deploy/netral.env); the default keeps a laptop honest.
AUDIT_HEAD_DIR = os.environ.get("AUDIT_HEAD_DIR", str(VAR_DIR / "audit-heads"))
AUDIT_HEAD_EMAILS = envlist("AUDIT_HEAD_EMAILS", "")
AUDIT_HEAD_EXPORT_MINUTES = int(os.environ.get("AUDIT_HEAD_EXPORT_MINUTES", "60"))
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = os.environ.get("SITE_NAME", "Netral")
SITE_ROOT = os.environ.get("SITE_ROOT", "http://localhost:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "netral.core",
    "netral.people",
    "netral.elections",
    "netral.pledges",
    "netral.monitoring",
    "netral.cases",
    "netral.whistle",
    "netral.reports",
    "netral.api",
    "ninja",  # its Swagger UI assets are served from our static files (no CDN)
]

MIDDLEWARE = [
    # First: strips the address, user agent and foreign cookies from requests to /lapor/ (docs/whistle.md).
    "netral.whistle.middleware.AnonymityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "netral.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "netral.core.middleware.SecurityHeadersMiddleware",
    "netral.core.middleware.SessionGuardMiddleware",
    "netral.core.middleware.AuditActorMiddleware",
]

ROOT_URLCONF = "netral.urls"
WSGI_APPLICATION = "netral.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "netral.core.context_processors.netral",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite by default; DATABASE_URL (e.g. postgres://user:pass@host:5432/netral) for PostgreSQL.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
# Connection pooling (PostgreSQL): DB_POOL_MAX_SIZE > 0 gives each process a psycopg pool of that many connections
# (Django 5's OPTIONS "pool"; persistent connections are then off, the pool keeps them). With PgBouncer in front
# instead, leave it 0 and set CONN_MAX_AGE=0 (docs/deployment.md).
DB_POOL_MAX_SIZE = int(os.environ.get("DB_POOL_MAX_SIZE", "0"))
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=0 if DB_POOL_MAX_SIZE else int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True)}
    if DB_POOL_MAX_SIZE and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(int(os.environ.get("DB_POOL_MIN_SIZE", "1")), DB_POOL_MAX_SIZE),
            "max_size": DB_POOL_MAX_SIZE,
            # seconds a request waits for a free connection before it fails
            "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "10")),
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "netral.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE: a write transaction takes the write lock at BEGIN, so two writers never
                # both read the audit chain head and then collide (see core/audit.py).
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
                    " PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ["TEST_DATABASE_NAME"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

# --- Cache ------------------------------------------------------------------------------------
# In the database by default, so that every web process shares it (the login throttle counts
# failures across processes). Set REDIS_CACHE_URL to use Redis instead (pip install redis).
if os.environ.get("REDIS_CACHE_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ["REDIS_CACHE_URL"]}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "netral_cache"}}
# The rate-limit buckets of the anonymous reporting pages are never written to the database:
# process memory by default, Redis (with expiry) when REDIS_CACHE_URL is set. See docs/whistle.md.
CACHES["whistle"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_CACHE_URL"],
     "KEY_PREFIX": "whistle"} if os.environ.get("REDIS_CACHE_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "netral-whistle"})

# --- Background tasks ----------------------------------------------------------------------
# TASKS_BACKEND: "db" (default: rows in the database, `manage.py db_worker`), "immediate"
# (run inline; tests), or "rq" (Redis, needs the `rq` extra and REDIS_URL).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "db")
_TASK_BACKENDS = {
    "db": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "dummy": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend"},
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND tidak dikenal: {TASKS_BACKEND!r} (pilih db, immediate, rq).")
TASKS = {"default": _TASK_BACKENDS[TASKS_BACKEND]}
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
if TASKS_BACKEND == "rq":
    # `manage.py rqworker default` (django-rq) runs the tasks; install with `pip install '.[rq]'`.
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
    INSTALLED_APPS.append("django_rq")
# Seconds between two passes of `manage.py scheduler`.
SCHEDULER_INTERVAL = int(os.environ.get("SCHEDULER_INTERVAL", "30"))

# Self and QR check-in at a socialisation/ikrar event: open this many minutes before the start,
# closed at the end of the event day plus CHECKIN_CLOSES_DAYS_AFTER days (local time).
CHECKIN_OPENS_MINUTES_BEFORE = int(os.environ.get("CHECKIN_OPENS_MINUTES_BEFORE", "60"))
CHECKIN_CLOSES_DAYS_AFTER = int(os.environ.get("CHECKIN_CLOSES_DAYS_AFTER", "0"))

# --- Auth ------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    # Django's list of common passwords plus Indonesian ones, shipped in the repository (offline).
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator",
     "OPTIONS": {"password_list_path": BASE_DIR / "netral" / "core" / "data" / "common-passwords.txt.gz"}},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# A forgotten-password link is valid for 3 days and only once (the token changes with the password).
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "netral.core.views.csrf_failure"
# SESSION_COOKIE_AGE above is the absolute lifetime of a login; SESSION_IDLE_TIMEOUT ends a
# session nobody used for that many seconds (core.middleware.SessionGuardMiddleware).
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(30 * 60)))
# Roles that must log in with a second factor (TOTP). With TWO_FACTOR_ENFORCED off (the default
# only on a laptop: DEBUG on or localhost-only hosts), users without 2FA are offered enrolment but not forced.
TWO_FACTOR_ROLES = envlist("TWO_FACTOR_ROLES", "admin,pimpinan,pengawas")
TWO_FACTOR_ENFORCED = envbool("TWO_FACTOR_ENFORCED", "false" if (DEBUG or LOCAL_ONLY) else "true")
# Key that seals the TOTP secrets in the database (core/totp.py): NETRAL_TOTP_KEY (at least 32
# characters) or a file holding it (NETRAL_TOTP_KEY_FILE); without either, generated once into
# VAR_DIR/totp.key. NETRAL_TOTP_OLD_KEYS (comma-separated) still open secrets sealed before a
# rotation until `manage.py rotate_totp_key` re-seals them (docs/security.md, "Key rotation").
TOTP_KEY = os.environ.get("NETRAL_TOTP_KEY", "")
TOTP_KEY_FILE = os.environ.get("NETRAL_TOTP_KEY_FILE", "")
TOTP_KEY_AUTOCREATE = False
if not TOTP_KEY and not TOTP_KEY_FILE:
    TOTP_KEY_FILE = str(VAR_DIR / "totp.key")
    TOTP_KEY_AUTOCREATE = True
elif not TOTP_KEY and not Path(TOTP_KEY_FILE).is_file():
    raise ImproperlyConfigured(f"NETRAL_TOTP_KEY_FILE {TOTP_KEY_FILE} tidak ditemukan.")
TOTP_OLD_KEYS = envlist("NETRAL_TOTP_OLD_KEYS", "")
# Login throttle (core.throttle): failures per account and per source address within the
# window before a temporary hold that doubles with each further failure, up to LOGIN_LOCK_MAX.
LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("LOGIN_FAILURES_PER_ACCOUNT", "5"))
LOGIN_FAILURES_PER_SOURCE = int(os.environ.get("LOGIN_FAILURES_PER_SOURCE", "30"))
LOGIN_FAILURE_WINDOW = int(os.environ.get("LOGIN_FAILURE_WINDOW", str(15 * 60)))
LOGIN_LOCK_MAX = int(os.environ.get("LOGIN_LOCK_MAX", str(15 * 60)))

# --- Personal data (docs/privacy.md) ----------------------------------------------------------
# Days each kind of record is kept before the scheduler deletes it (core.retention).
RETENTION_LOGIN_HISTORY_DAYS = int(os.environ.get("RETENTION_LOGIN_HISTORY_DAYS", "180"))
RETENTION_ACCESS_LOG_DAYS = int(os.environ.get("RETENTION_ACCESS_LOG_DAYS", "730"))
RETENTION_IMPORT_FILE_DAYS = int(os.environ.get("RETENTION_IMPORT_FILE_DAYS", "30"))
RETENTION_TASK_RESULT_DAYS = int(os.environ.get("RETENTION_TASK_RESULT_DAYS", "30"))
# Captured content that never became a finding (after capture); findings dismissed (after the
# decision, the item goes with it); evidence of closed cases: content of their findings and uploaded
# evidence files (after closing); pacts and attendance (after the election's last stage or the
# event); departed employees (after end_date: contact fields and NIK erased, the row deleted once
# nothing refers to it). The reasons for each default are in docs/privacy.md.
RETENTION_CONTENT_DAYS = int(os.environ.get("RETENTION_CONTENT_DAYS", "365"))
RETENTION_DISMISSED_FINDING_DAYS = int(os.environ.get("RETENTION_DISMISSED_FINDING_DAYS", "730"))
RETENTION_CASE_EVIDENCE_DAYS = int(os.environ.get("RETENTION_CASE_EVIDENCE_DAYS", str(5 * 365)))
RETENTION_PACT_DAYS = int(os.environ.get("RETENTION_PACT_DAYS", str(5 * 365)))
RETENTION_DEPARTED_EMPLOYEE_DAYS = int(os.environ.get("RETENTION_DEPARTED_EMPLOYEE_DAYS", "730"))
# Key of the pseudonyms in statistics and in exports shared outside (core.privacy.pseudonym); derived from
# SECRET_KEY if empty.
PSEUDONYM_KEY = os.environ.get("PSEUDONYM_KEY", "")

# --- Security (production) ----------------------------------------------------------------------
SECURE = envbool("SECURE", "false" if (DEBUG or LOCAL_ONLY) else "true")
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and envbool("SECURE_SSL_REDIRECT", "true")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if SECURE else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Accepted deploy-check finding (docs/security.md): HSTS preload is a one-way commitment for the
# whole domain (often go.id, owned by others); SECURE_HSTS_PRELOAD=true turns it on when decided.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
if envbool("BEHIND_PROXY", "false"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

# --- Files -------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploaded evidence and documents are never served as public static files: views stream them
# after a permission check, so MEDIA_URL is not routed.
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Without `collectstatic` (a laptop run) the files are found in place.
WHITENOISE_USE_FINDERS = DEBUG or not (STATIC_ROOT / "netral").is_dir()
# Largest upload accepted anywhere (bytes); each form may set a lower limit of its own.
MAX_UPLOAD_SIZE = int(os.environ.get("MAX_UPLOAD_SIZE", str(50 * 1024 * 1024)))
# Lists count at most this many rows ("lebih dari 10.000" beyond), so no page load counts a whole table
# (core/pagination.py).
LIST_COUNT_CAP = int(os.environ.get("LIST_COUNT_CAP", "10000"))
# A list searched through a trigram index sorts its matches when they are at most this many (counted that far)
# rather than walking the index of its order (core/pagination.py, docs/performance.md).
LIST_SORT_FEW = int(os.environ.get("LIST_SORT_FEW", "100000"))
# A folder with the office's own letter templates (same file names as netral/cases/letters/*.docx).
CASE_LETTER_DIR = os.environ.get("CASE_LETTER_DIR", "")
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Email ---------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "netral@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Admin", a) for a in envlist("ADMINS", "")]

# --- Monev reports ---------------------------------------------------------------------------
# Day of the month on which the scheduler writes last month's report for each office.
MONEV_REPORT_DAY = int(os.environ.get("MONEV_REPORT_DAY", "1"))
# Seconds the dashboard keeps computed figures (0 = always compute; reports always compute).
REPORT_FIGURES_CACHE = int(os.environ.get("REPORT_FIGURES_CACHE", "300"))
# Seconds between checks of the precomputed per-unit figures (reports/summary.py); the scheduler
# rebuilds them when they are stale. 0 = never (figures are then always read from the tables).
REPORT_SUMMARY_EVERY = int(os.environ.get("REPORT_SUMMARY_EVERY", "120"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # fontTools (WeasyPrint's font subsetting) logs every table it prunes at INFO: 120 lines per PDF.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# --- Anonymous reports (pengaduan, netral/whistle; docs/whistle.md) ---------------------------------
# Key-encryption key (32 bytes, base64) that wraps each report's data key: WHISTLE_KEK or a file
# holding it (WHISTLE_KEK_FILE). The receipt-code pepper likewise (WHISTLE_PEPPER / _FILE).
# Not given: both are generated once into VAR_DIR/whistle/ (outside the database and git, like the
# other local secrets); keep that folder's backup apart from the database's (docs/whistle.md).
WHISTLE_KEK = os.environ.get("WHISTLE_KEK", "")
WHISTLE_KEK_FILE = os.environ.get("WHISTLE_KEK_FILE", "")
WHISTLE_PEPPER = os.environ.get("WHISTLE_PEPPER", "")
WHISTLE_PEPPER_FILE = os.environ.get("WHISTLE_PEPPER_FILE", "")
WHISTLE_DEV_KEY_DIR = VAR_DIR / "whistle"
# Encrypted evidence files; never under a served URL. Empty: MEDIA_ROOT/whistle.
WHISTLE_FILES_DIR = os.environ.get("WHISTLE_FILES_DIR", "")
# Unit code that receives reports naming no unit (empty: the first Kanwil of the installation).
WHISTLE_DEFAULT_UNIT = os.environ.get("WHISTLE_DEFAULT_UNIT", "")
WHISTLE_MAX_FILE_SIZE = int(os.environ.get("WHISTLE_MAX_FILE_SIZE", str(50 * 1024 * 1024)))
WHISTLE_MAX_TOTAL_SIZE = int(os.environ.get("WHISTLE_MAX_TOTAL_SIZE", str(100 * 1024 * 1024)))
WHISTLE_MAX_FILES = int(os.environ.get("WHISTLE_MAX_FILES", "10"))
# Reporter access ends after this many days without a visit with the code.
WHISTLE_ACCESS_DAYS = int(os.environ.get("WHISTLE_ACCESS_DAYS", "180"))
# Retention: days after the case closes; days for reports never triaged; reminder lead time.
WHISTLE_RETENTION_DAYS = int(os.environ.get("WHISTLE_RETENTION_DAYS", str(2 * 365)))
WHISTLE_UNTRIAGED_DAYS = int(os.environ.get("WHISTLE_UNTRIAGED_DAYS", "90"))
WHISTLE_REMINDER_DAYS = int(os.environ.get("WHISTLE_REMINDER_DAYS", "14"))
# Wrong receipt codes: failures allowed per minute for everyone together, per client per window.
WHISTLE_GLOBAL_FAILURES_PER_MINUTE = int(os.environ.get("WHISTLE_GLOBAL_FAILURES_PER_MINUTE", "60"))
WHISTLE_CLIENT_FAILURES = int(os.environ.get("WHISTLE_CLIENT_FAILURES", "5"))
WHISTLE_CLIENT_WINDOW = int(os.environ.get("WHISTLE_CLIENT_WINDOW", str(15 * 60)))
WHISTLE_FAILURE_DELAY = float(os.environ.get("WHISTLE_FAILURE_DELAY", "1.0"))
# Argon2id cost of the receipt hash (time cost, memory in KiB).
WHISTLE_ARGON2_TIME_COST = int(os.environ.get("WHISTLE_ARGON2_TIME_COST", "2"))
WHISTLE_ARGON2_MEMORY_KIB = int(os.environ.get("WHISTLE_ARGON2_MEMORY_KIB", "19456"))

# --- Integration API (docs/api.md) ------------------------------------------------------------
API_MAX_BODY_BYTES = int(os.environ.get("API_MAX_BODY_BYTES", str(5 * 1024 * 1024)))
API_MAX_ITEMS = int(os.environ.get("API_MAX_ITEMS", "1000"))
API_RATE_PER_MINUTE = int(os.environ.get("API_RATE_PER_MINUTE", "120"))
