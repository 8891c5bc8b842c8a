"""Settings, read from the environment.

With no variable set the application runs in its embedded default: SQLite, a Celery broker on the local
filesystem (no server), DEBUG on, localhost only. With DEBUG off the production settings are strict:
a real SECRET_KEY is required and cookies, HSTS and redirects are locked down.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CSE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "embedded-default-not-secret-only-for-localhost"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "cse_casework",
    "accounts",
    "referrals",
    "screening",
    "reporting",
    "caseplans",
    "training",
    "petitions",
    "notes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kernel.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.middleware.MfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "accounts.middleware.CountyTimezoneMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

if not DEBUG:
    # Production serves the collected, compressed static files itself; runserver does it under DEBUG.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "cse_casework.urls"
WSGI_APPLICATION = "cse_casework.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.county",
                "accounts.context_processors.session_limits",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        # Reuse is for a fixed pool of worker processes (gunicorn, Celery: set DATABASE_CONN_MAX_AGE there).
        # runserver starts a thread per request, and each would keep its own idle connection open.
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"

# Sign-in: a second factor (TOTP) for everyone whenever DEBUG is off. The embedded default (DEBUG on) leaves it
# to MFA_REQUIRED (default off, so the demo logins work with a password alone); with DEBUG off it is always on.
MFA_REQUIRED = True if not DEBUG else env_bool("MFA_REQUIRED", False)
OTP_TOTP_ISSUER = "CSE Casework"
# Five failed sign-ins to one account within 15 minutes lock it, for the county's lockout minutes (default 30)
# or until a county admin unlocks it.
SIGN_IN_LOCKOUT_FAILURES = 5
SIGN_IN_FAILURE_WINDOW = timedelta(minutes=15)
# At most this many sign-in attempts a minute from one address (browser and token endpoint together).
SIGN_IN_ATTEMPTS_PER_MINUTE = int(os.environ.get("SIGN_IN_ATTEMPTS_PER_MINUTE", "30"))
# How many proxies of ours stand in front of the web server: the client's address is read from
# X-Forwarded-For only that far from the right, never from what a client wrote. 0: no proxy, REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# An account nobody has signed in to (or that was opened again) for this many days is closed (hourly task).
ACCOUNT_UNUSED_DAYS = int(os.environ.get("ACCOUNT_UNUSED_DAYS", "90"))

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"  # storage; pages show each county's own zone
USE_I18N = True
USE_TZ = True
DEFAULT_COUNTY_TIME_ZONE = "America/Los_Angeles"
# One format for days and one for instants wherever a person reads them (cse_casework/formats/en/formats.py).
FORMAT_MODULE_PATH = ["cse_casework.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        # Compressing every file (gzip and brotli) is a build step of a minute or more; STATIC_COMPRESS=0 keeps
        # the hashed names and skips it, for a quick start where a proxy compresses.
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_COMPRESS", True)
        else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    },
    # The files the audit export job writes: under var/ on the embedded default; production points this at an
    # S3-compatible store with django-storages (README, "Production").
    "audit_exports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "audit-exports")},
    },
}
# The largest audit export answered within one request; a larger range is a job (`POST /api/v1/audit/exports/`).
AUDIT_EXPORT_SYNC_MAX_ROWS = int(os.environ.get("AUDIT_EXPORT_SYNC_MAX_ROWS", "200000"))

# Sessions end when the browser closes and after 30 idle minutes: these are a county's most sensitive records.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(30 * 60)))
# Whatever the activity, a session ends this long after its sign-in; pages warn this long before the idle end.
SESSION_ABSOLUTE_LIMIT = timedelta(hours=float(os.environ.get("SESSION_ABSOLUTE_HOURS", "12")))
SESSION_IDLE_WARNING_SECONDS = int(os.environ.get("SESSION_IDLE_WARNING_SECONDS", str(5 * 60)))
SESSION_ENGINE = "accounts.session_store"  # the limits above are enforced by accounts.middleware
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Everything the pages load comes from this server: no inline script or style, no frames, no plug-ins.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz"]

# History keeps the whole reason a person gives for a change (a correction's "why"), not its first 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# API
API_TOKEN_TTL = timedelta(hours=float(os.environ.get("API_TOKEN_TTL_HOURS", "12")))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "kernel.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "kernel.schema.ApiSchema",
    "DEFAULT_PARSER_CLASSES": [
        "kernel.parsers.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "EXCEPTION_HANDLER": "kernel.api.exception_handler",
    "DATETIME_FORMAT": "iso-8601",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CSE casework API",
    "DESCRIPTION": "Identify, document, protect and report children who are victims of commercial sexual "
    "exploitation, or at risk of it (California ACL 16-85).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its documentation are for signed-in users, like the rest of the API.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several resources have a `kind` with its own codes; name each set in the schema.
    "ENUM_NAME_OVERRIDES": {
        "DeadlineKindEnum": "reporting.models.DeadlineKind",
        "ReportKindEnum": "reporting.models.ReportKind",
        "NotificationKindEnum": "reporting.models.NotificationKind",
        "DeadlineStatusEnum": "reporting.models.DeadlineStatus",
        "ServiceStatusEnum": "caseplans.models.ServiceStatus",
        "ServiceCodeEnum": "caseplans.catalogue.ServiceCode",
        # The allegation's subdivision keeps its name beside the petition's fuller set.
        "Wic300SubdivisionEnum": "referrals.models.Wic300Subdivision",
        "PetitionSubdivisionEnum": "petitions.catalogue.Subdivision",
        "HearingKindEnum": "petitions.catalogue.HearingKind",
        "PetitionOutcomeEnum": "petitions.catalogue.Outcome",
        "NoteKindEnum": "notes.models.NoteKind",
        "TimelineKindEnum": "cse_casework.timeline.sources.KIND_CHOICES",
    },
}

# Celery: Redis in production; with no broker configured, a filesystem broker that needs no server.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
    }
    (_broker_dir / "queue").mkdir(parents=True, exist_ok=True)
    (_broker_dir / "processed").mkdir(parents=True, exist_ok=True)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# Beat keeps its schedule in memory: it only fires every-minute ticks, and deadlines live in the database.
CELERY_BEAT_SCHEDULER = "celery.beat:Scheduler"

# The cache: shared by every web process (the sign-in throttle counts per address across them) in Redis when
# there is one (CACHE_URL, else a Redis broker); the embedded default's single web process keeps it in memory.
CACHE_URL = os.environ.get("CACHE_URL") or (
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else ""
)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "cse",
    }
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# E-mail: SMTP from the environment (EMAIL_HOST and friends); the console in the embedded default.
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cse-casework@localhost")
# Links in e-mail point here (the address users reach the web server at).
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://localhost:8000").rstrip("/")

# How stale beat's heartbeat may be before /healthz reports the clocks as not enforced.
BEAT_STALE_AFTER = timedelta(seconds=int(os.environ.get("BEAT_STALE_AFTER_SECONDS", "180")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
