"""Base settings, read from the environment (DATABASE_URL, REDIS_URL, SECRET_KEY, DEBUG,
ALLOWED_HOSTS). SQLite in the project folder is the embedded default."""

import os
import tempfile
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")  # noqa: S105
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",
    "axes",
    "casetracker",
    "docket",
    "notices",
    "docket.ingest",
    "docket.search",
    "notices.webhooks",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "casetracker.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "casetracker.cache_tokens.PrefetchMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "casetracker.authentication.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "casetracker.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casetracker.urls"
WSGI_APPLICATION = "casetracker.wsgi.application"

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
                "notices.context_processors.navigation",
                "casetracker.context_processors.layout",
            ],
            "builtins": ["casetracker.templatetags.courttime"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Reuse connections between requests (checked before reuse): opening one per request
        # was a visible share of the docket page's time (bench/docket_page.py).
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
SQLITE_BUSY_TIMEOUT_SECONDS = int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20"))
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Wait for a lock instead of failing at once when several writers meet.
            "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
            # Take the write lock when a transaction starts (BEGIN IMMEDIATE): two transactions
            # that read then write can otherwise deadlock, and SQLite answers "database is
            # locked" at once instead of waiting for the busy timeout.
            "transaction_mode": "IMMEDIATE",
            # WAL: readers never block the writer nor the writer the readers (web pages keep
            # loading during an import); NORMAL sync is durable at every checkpoint in WAL mode.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # A file, not :memory:, so a real Celery worker started by the tests can open the test DB;
    # one per test process, so parallel runs on one machine never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"casetracker-test-{os.getpid()}.sqlite3")
    }

AUTH_USER_MODEL = "casetracker.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded documents live here and are served only through permission-checked views.
# There is deliberately no MEDIA_URL route.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_TIMEZONE = "UTC"
# A worker that claimed a reminder and died lets the claim expire after this many seconds.
REMINDER_CLAIM_LEASE_SECONDS = int(os.environ.get("REMINDER_CLAIM_LEASE_SECONDS", "120"))

# Backups sign their manifest with this key (HMAC-SHA256); restore refuses archives it did not
# sign. Empty: a key derived from SECRET_KEY (casetracker/backup.py).
BACKUP_SIGNING_KEY = os.environ.get("BACKUP_SIGNING_KEY", "")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "casetracker@localhost")

# The docket comes to us (README "Feeds and inbound NEFs"): RSS polling and the NEF receiver.
RSS_POLL_MINUTES = float(os.environ.get("RSS_POLL_MINUTES", "15"))
RSS_TIMEOUT_SECONDS = float(os.environ.get("RSS_TIMEOUT_SECONDS", "20"))
RSS_MAX_BACKOFF_MINUTES = float(os.environ.get("RSS_MAX_BACKOFF_MINUTES", "240"))
INBOUND_DOMAIN = os.environ.get("INBOUND_DOMAIN", "").strip().lower()
SMTP_INBOUND_HOST = os.environ.get("SMTP_INBOUND_HOST", "127.0.0.1")
SMTP_INBOUND_PORT = int(os.environ.get("SMTP_INBOUND_PORT", "2525"))
# The site's public address (e.g. https://tracker.example.org): links in e-mail alerts and
# webhook payloads are absolute with it, relative without.
SITE_URL = os.environ.get("SITE_URL", "")
# Webhooks (README "Webhooks"): development and tests may call loopback/private addresses over
# plain http (a local receiver); production settings require https and public addresses.
WEBHOOK_REQUIRE_HTTPS = env_bool("WEBHOOK_REQUIRE_HTTPS", False)
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", True)
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "5"))
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "5"))
WEBHOOK_RETRY_BASE_SECONDS = float(os.environ.get("WEBHOOK_RETRY_BASE_SECONDS", "30"))
# Daily digests of new docket entries go out at this hour, court time.
DIGEST_HOUR = int(os.environ.get("DIGEST_HOUR", "7"))

# Sign-in lockout (django-axes, tuned in casetracker/lockout.py): 5 wrong passwords for one
# username from one IP lock that pair only — not the username everywhere, not every user behind
# the same office NAT. Each further lockout of the pair within a day doubles the wait (1, 2, 4,
# 8, then 15 minutes). The client IP is X-Forwarded-For only when the request comes from a proxy
# listed in TRUSTED_PROXIES; an admin unlocks from the Users admin ("Unlock sign-in").
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = "casetracker.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "casetracker.lockout.client_ip"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
LOCKOUT_FIRST_MINUTES = int(os.environ.get("LOCKOUT_FIRST_MINUTES", "1"))
LOCKOUT_MAX_MINUTES = int(os.environ.get("LOCKOUT_MAX_MINUTES", "15"))
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")  # IPs or CIDRs of the reverse proxies in front

# The cache holds sessions and the docket page cache. It must be shared by every web worker
# (gunicorn runs several processes): a per-process memory cache kept a logged-out session alive
# on the other workers and showed deleted entries after a restore. `make run` and production set
# CACHE_URL to Redis; without it (tests, a bare `manage.py` command) the cache is per-process.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "casetracker.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "casetracker",
            "TIMEOUT": 600,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions are read from the cache and written through to the DB: one query fewer per page, and
# logging out deletes both, so the session ends for every worker at once.
# casetracker.sessions is cached_db whose cache read shares the page's one round trip
# (casetracker/cache_tokens.py).
SESSION_ENGINE = "casetracker.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
MESSAGE_STORAGE = "casetracker.messages.MessageStorage"  # Django's fallback, signer made lazily
# The CSRF cookie lasts as long as the browser session (Django's default is a year, renewed on
# every page with a form). A session cookie has no expiry to renew, so pages need not send it
# again (casetracker/csrf.py); after a browser restart the first page makes a new secret.
CSRF_COOKIE_AGE = None
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_403": {"()": "casetracker.logfilters.OneLineForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # A 403 is one line (who, what, why), not a PermissionDenied traceback.
    "loggers": {"django.request": {"filters": ["one_line_403"], "propagate": True}},
}

# REST API (/api/v1/): token (`Authorization: Token <key>`, `manage.py api_token USERNAME`) or the
# browser's session; the same role rules as the pages; per-token rate limit; cursor pages.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "casetracker.api.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["casetracker.api.throttling.PerTokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "casetracker.api.pagination.Cursor",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "casetracker.api.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Case tracker API",
    "DESCRIPTION": "Cases, docket entries, deadlines, notice windows, filings, the record, search.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "PartySideEnum": "casetracker.models.Party.Side",
        "WebhookEventEnum": "notices.webhooks.models.EVENTS",
    },
}
