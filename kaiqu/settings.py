"""Settings for kaiqu, one module for every environment.

Production differs only by environment variables (see `.env.example`). Without them the
embedded defaults apply: SQLite beside the code, local media, console mail, local-memory cache.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


DEBUG = env_bool("DJANGO_DEBUG", False)

# Without DJANGO_SECRET_KEY a development key is used; its "django-insecure-" prefix makes
# `check --deploy` refuse it, so it cannot slip into production unnoticed.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (
    "django-insecure-kaiqu-development-key-set-DJANGO_SECRET_KEY"  # noqa: S105
)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps first so their templates (admin index, error pages) take precedence.
    "core",
    "staff",
    "zones",
    "industries",
    "projects",
    "enterprises",
    "policies",
    "spaces",
    "news",
    "cases",
    "inquiries",
    "service",
    "registrations",
    "efficiency",
    "portal",
    "alerts",
    "api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "django_q",
    "rest_framework",
    "drf_spectacular",
    "import_export",
    "simple_history",
    "core.apps.AxesConfig",
    "csp",
]

MIDDLEWARE = [
    # First, so that every answer (redirects, 400s for unknown hosts, 500s) gets its log line.
    "core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions, so that a cached public page costs no session lookup (core/cache/).
    "core.cache.PublicPageCacheMiddleware",
    # Inside the page cache, so stored pages carry it: browsers revalidate (the display mode, core/display.py).
    "core.display.RevalidatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.CSPMiddleware",  # django-csp's, its headers built once (core/middleware.py)
    "core.middleware.PermissionsPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kaiqu.urls"
WSGI_APPLICATION = "kaiqu.wsgi.application"

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
                "csp.context_processors.nonce",
                "core.context_processors.site",
                "core.display.display",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast when PostgreSQL is away, so /healthz answers 503 within seconds.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 3)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# One store (core/cache/ explains the design):
# - "default": pages, fragments, counts, the content version. Evictable by design: in production a
#   Redis with `maxmemory` and `allkeys-lru` (deploy/redis.conf); locally a bounded local memory.
#   Every call tolerates Redis being away (core/cache_backends.py); short timeouts so a dead Redis
#   cannot stall a page.
# Rate-limit counters (the API and the public forms) are not cached: they are rows in the database
# (core.ratelimit), which no flood of page entries can evict, which the app servers share and which
# keep counting while Redis is down. Log-in lock-outs (django-axes) are in the database too (its
# default database handler).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kaiqu",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "kaiqu",  # at most 300 entries, least recently used go first
        }
    }

# --- Authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes: lock a username+IP pair after a few failures, release after a cool-off.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip"
AXES_HTTP_RESPONSE_CODE = 429

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# locale/ is what `make messages` writes; locale_overrides/ holds this site's wording of strings
# that come from Django and django-import-export, which makemessages would drop from locale/.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Service-request attachments: outside MEDIA_ROOT (never served by nginx), read back by the app for staff.
PRIVATE_FILES_ROOT = Path(os.environ.get("KAIQU_PRIVATE_FILES_ROOT", BASE_DIR / "private"))
SERVICE_ATTACHMENT_MAX_BYTES = env_int("SERVICE_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)
SERVICE_ATTACHMENT_MAX_FILES = 3
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG else "core.staticfiles.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Uploads: a request body or image larger than this is refused.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644
IMAGE_MAX_BYTES = env_int("IMAGE_MAX_BYTES", 8 * 1024 * 1024)
# Pixels per uploaded image (JPEG, PNG; WebP gets what fits the same memory). Images are decoded one at
# a time, so a request's peak is bounded, however many it carries: at most 12 bytes × this (300 MB at
# 25 megapixels) above the worker's size, plus the uploads' own bytes (core/images.py; docs/operations.md;
# measured by bench/attachment_memory.py). 25 MP takes a 24-megapixel phone photo (6000 × 4000).
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 25_000_000)
# Policy attachments (PDF only, sniffed from the first bytes) larger than this are refused.
POLICY_ATTACHMENT_MAX_BYTES = env_int("POLICY_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)

# --- E-mail ---------------------------------------------------------------------------------
# The console backend prints whole messages (investors' names, e-mail addresses, phone numbers)
# to stdout, which is the log in production; so it is the default only with DEBUG on.
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "钱开区投资促进 <invest@example.gov.cn>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's own address, for links in mail to staff (mail has no request to build one from).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The 钱小二 service desk's address: the desk account `manage.py ensure_admin` creates, and where
# requests go that no grid officer has; default: service-desk@ the domain of DEFAULT_FROM_EMAIL.
SERVICE_DESK_EMAIL = os.environ.get("SERVICE_DESK_EMAIL") or (
    "service-desk@" + DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >")
)

# --- Text messages (core.sms) ------------------------------------------------------------------
# Sent to an enterprise that left a phone number and no e-mail (service requests). As with e-mail,
# the console backend (numbers and texts in the log) is the default only with DEBUG on; otherwise the
# HTTP gateway, which refuses to send (and the outbox retries) until SMS_GATEWAY_URL is set.
SMS_BACKEND = os.environ.get("SMS_BACKEND") or (
    "core.sms.backends.ConsoleBackend" if DEBUG else "core.sms.backends.HttpGatewayBackend"
)
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_KEY = os.environ.get("SMS_GATEWAY_KEY", "")
SMS_SIGN_NAME = os.environ.get("SMS_SIGN_NAME", "钱开区")  # the signature registered with the operator
SMS_GATEWAY_TIMEOUT = env_int("SMS_GATEWAY_TIMEOUT", 10)  # seconds
SMS_FILE_PATH = Path(os.environ.get("SMS_FILE_PATH", BASE_DIR / "sms"))  # core.sms.backends.FileBackend
# Where new inquiries are announced when no officer is assigned yet.
INQUIRY_INBOX = env_list("INQUIRY_INBOX", "invest@example.gov.cn")
# First response promised to investors, in working days.
INQUIRY_FIRST_RESPONSE_WORKING_DAYS = env_int("INQUIRY_FIRST_RESPONSE_WORKING_DAYS", 1)
INQUIRY_RATE_LIMIT = env_int("INQUIRY_RATE_LIMIT", 5)  # submissions per IP per window
# Every POST to a public form (inquiry, service request), valid or not, per IP per window: counted before
# any work. Larger than the limit above, so that typing mistakes or a park's shared address lock no one out.
INQUIRY_POST_RATE_LIMIT = env_int("INQUIRY_POST_RATE_LIMIT", 30)
INQUIRY_RATE_WINDOW = env_int("INQUIRY_RATE_WINDOW", 3600)  # seconds
INQUIRY_MIN_SECONDS = env_int("INQUIRY_MIN_SECONDS", 3)  # from rendering to submitting
INQUIRY_STATUS_RATE_LIMIT = env_int("INQUIRY_STATUS_RATE_LIMIT", 20)  # status look-ups per IP per window

# --- Proxies --------------------------------------------------------------------------------
# How many reverse proxies in front of the app append to X-Forwarded-For. 0 = trust none and
# use REMOTE_ADDR; 1 = nginx in front (the deployment in deploy/).
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = False

# --- Security -------------------------------------------------------------------------------
# DJANGO_HTTPS=1 where the site is served over TLS (production): redirects to https, secure
# cookies and HSTS. Off by default so `make run` and the tests work over plain http.
HTTPS = env_bool("DJANGO_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Logging: structured lines to stdout, no personal data ---------------------------------
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logging.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.security.DisallowedHost": {"handlers": ["stdout"], "level": "ERROR", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}

# --- Site -----------------------------------------------------------------------------------
SITE_NAME = _("Hangzhou Qianjiang Economic Development Zone")
# Days after which a published record counts as stale in the admin.
STALE_AFTER_DAYS = env_int("STALE_AFTER_DAYS", 180)
# News freshness on the staff dashboard (issue 27): days without a new item before a warning, then an alarm.
NEWS_WARNING_DAYS = env_int("NEWS_WARNING_DAYS", 10)
NEWS_ALARM_DAYS = env_int("NEWS_ALARM_DAYS", 14)
FILTERS_EMPTY_CHOICE_LABEL = None

# --- Spreadsheet import and export (django-import-export; core/spreadsheets/) -----------------
# An import is written in one transaction and rolled back as a whole if any row fails.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES = True
# Ours, not the library's: larger uploads are refused before they are parsed.
IMPORT_EXPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_EXPORT_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
# Above these row counts an import (checked, then written) or an export runs as a background job
# (core/spreadsheets/jobs.py), shown with its progress under "Spreadsheet jobs" in the admin.
SPREADSHEET_IMPORT_JOB_ROWS = 300
SPREADSHEET_EXPORT_JOB_ROWS = 5000
# Days a job's uploaded sheet and export file are kept (private/spreadsheet-jobs/); a daily job deletes
# older ones, and anonymising a case deletes its model's exports at once. /privacy/ states it.
SPREADSHEET_JOB_FILES_DAYS = env_int("SPREADSHEET_JOB_FILES_DAYS", 7)

# --- Performance (issue 7) ------------------------------------------------------------------
# Public pages are cached for anonymous visitors in the shared cache, keyed by a content version
# that every write to public content moves on (core/cache/). KAIQU_PAGE_CACHE=0 turns it off.
PAGE_CACHE_ENABLED = env_bool("KAIQU_PAGE_CACHE", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)

# --- Public figures (core/figures.py) ---------------------------------------------------------
# A median, a percentile, a share or an average over fewer records than this is not shown (the page
# says so): /figures/ (portal/figures.py) and the satisfaction on /service/ (service/figures.py).
FIGURES_MIN_SAMPLE = env_int("FIGURES_MIN_SAMPLE", 5)

# --- Open-data API (api/; docs/open-data.md) -------------------------------------------------
# Read-only, anonymous, JSON only. Per-client limit counted in the database (api/throttling.py).
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": API_RATE_LIMIT},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "钱开区开放数据 Qianjiang Economic Development Zone open data",
    "DESCRIPTION": (
        "Read-only public data of the Hangzhou Qianjiang Economic Development Zone: the same projects, "
        "enterprises, zones and figures as the public pages, filtered with the same query parameters."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": False,
    # `check --deploy` runs without a database; the schema (whose filter choices come from it) is
    # checked by tests/api and the schemathesis step instead.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    # One name for the day/month/year choice that every `*_precision` field shares.
    "ENUM_NAME_OVERRIDES": {"DatePrecisionEnum": "core.dates.DatePrecision"},
}

# --- Background jobs ------------------------------------------------------------------------
# Background jobs (django-q2): mail from the outbox, large imports and exports, scheduled work.
# The broker is the database by default, so the embedded set-up needs no Redis; `manage.py qcluster`
# runs the worker. An unacknowledged job is handed out again after `retry` seconds (a killed
# worker's jobs are picked up again), at most `max_attempts` times. `retry` must exceed `timeout`
# by more than 5 s: a mail stays `sending` for `timeout` + 5 s (inquiries.services._send_lease).
Q_CLUSTER = {
    "name": "kaiqu",
    "label": _("Background jobs"),
    "orm": "default",
    "workers": env_int("JOBS_WORKERS", 2),
    "timeout": env_int("JOBS_TIMEOUT", 600),
    "retry": env_int("JOBS_RETRY", 660),
    "max_attempts": env_int("JOBS_MAX_ATTEMPTS", 5),
    "catch_up": False,
    "save_limit": 1000,
    "ack_failures": True,
}
