"""Settings for the loneliness-approach portal.

Everything that differs between a laptop and production comes from the environment (see
`.env.example` and the configuration contract in the README). The helpers below read it with a type
and refuse bad values at start-up: a typo in production should stop the process, not quietly fall
back to a default.
"""

import datetime
import os
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent

# A `.env` in the project folder (see .env.example), or the file PORTAL_ENV_FILE names, fills in what
# the environment does not set: a variable set in the environment always wins over the file.
load_dotenv(os.environ.get("PORTAL_ENV_FILE") or BASE_DIR / ".env", override=False)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0 (got {raw!r}).")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number (got {raw!r}).") from None


def env_str(name: str, default: str) -> str:
    raw = os.environ.get(name, "").strip()
    return raw or default


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name} must be a comma-separated list without empty items (got {raw!r}).")
    return items


DEBUG = env_bool("DJANGO_DEBUG", False)

_DEVELOPMENT_SECRET_KEY = "development-only-key-never-used-in-production"  # noqa: S105 - refused when DEBUG is off
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is not set. It may only be left out while DJANGO_DEBUG=1.")
    SECRET_KEY = _DEVELOPMENT_SECRET_KEY
elif not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-")):
    # Django's own threshold (check --deploy, W009): a shorter or repetitive key is refused here.
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be at least 50 characters long, with at least 5 different characters, "
        "and must not start with 'django-insecure-'."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Before auth and import_export: its createsuperuser and import replace theirs (see its apps.py).
    "workspace.overrides",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "crispy_forms",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    # django-axes under a Dutch name in the workspace (its label stays "axes").
    "workspace.login_lockout.LoginLockoutConfig",
    # The layers, bottom up (see README, "What is where"): the kernel, the domain apps, the site
    # apps, and the project package, which keeps only the migrations of the old `portal` app.
    "core",
    "municipalities",
    "investments",
    "lessons",
    "indicators",
    "rounds",
    "report",
    "selfreport",
    "pages",
    "opendata",
    "workspace",
    "scaledata",
    "portal",
]

MIDDLEWARE = [
    # First: every later step (redirects, cache keys, absolute addresses) sees the site's own host.
    "core.middleware.CanonicalHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, which answers static files itself: they get these headers too.
    "core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before any view reads request.GET: a NUL or undecodable query value is a 400 on every URL.
    "core.middleware.RejectMalformedQueryMiddleware",
    # WhiteNoise answers HEAD for static files itself; this does for every view (`require_GET`).
    "core.middleware.HeadAsGetMiddleware",
    # Anonymous pages come from the cache before sessions, authentication and views are touched;
    # the middleware above still adds the security headers to every cached page.
    "core.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a lockout raised during login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "portal.urls"

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
                "django.template.context_processors.i18n",
                "pages.context_processors.languages",
                "pages.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] not in {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}:
    raise ImproperlyConfigured("DATABASE_URL must point to SQLite or PostgreSQL.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one write lock for the whole file, shared by the web server's threads and the import
    # worker (`db_worker`). In its default rollback-journal mode a writer also shuts out readers, and
    # a transaction that starts by reading and then writes (every admin save) cannot wait for the
    # lock: SQLite answers "database is locked" at once, because waiting could deadlock. So:
    # - WAL: readers and the one writer no longer block each other;
    # - IMMEDIATE: every transaction takes the write lock when it begins, where it can wait safely;
    # - timeout: how long it waits for that lock (seconds) before giving up.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "init_command": "PRAGMA journal_mode=WAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The anonymous page cache (core.page_cache): off with PORTAL_CACHE=0, for measuring and debugging.
PORTAL_CACHE = env_bool("PORTAL_CACHE", True)
PORTAL_CACHE_SECONDS = env_int("PORTAL_CACHE_SECONDS", 24 * 60 * 60)
# Aggregates over all public content, computed once per content version (core.derived).
PORTAL_PRECOMPUTE = True
# The public reference data (CBS boundaries, RIVM and CBS figures; core.reference_data): read where the
# operator put it, never copied into the project. A relative path is relative to the project folder.
PORTAL_REFERENCE_DATA_DIR = (BASE_DIR / env_str("PORTAL_REFERENCE_DATA_DIR", "../shared/data")).resolve()
# `make bench` only: serves the bare reference view at /__bench__/bare/<bytes>/.
PORTAL_BENCHMARK = env_bool("PORTAL_BENCHMARK", False)

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
# Redis answers within milliseconds; a request waits at most this long before going on without it
# (core.cache: the site keeps answering while Redis is down, /healthz says 503).
REDIS_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1}
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": REDIS_URL, "OPTIONS": REDIS_OPTIONS}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Dutch first: the report and its readers are Dutch; English is the second language.
LANGUAGE_CODE = "nl"
# Each language is named in itself: the switch must be readable to those who need it.
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Static files serve the portal's own pages only (no fonts or scripts for other sites): no wildcard CORS.
WHITENOISE_ALLOW_ALL_ORIGINS = False

CRISPY_TEMPLATE_PACK = "nlds"
CRISPY_ALLOWED_TEMPLATE_PACKS = ["nlds"]

# Login protection: five failed attempts for one username from one address lock that pair out.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_IPWARE_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)
AXES_VERBOSE = False

LOGIN_URL = "admin:login"
# The workspace is the only place staff log in to: without ?next= a login lands on its start page
# (not Django's /accounts/profile/, which does not exist), and a logout on its login page.
LOGIN_REDIRECT_URL = "admin:index"
LOGOUT_REDIRECT_URL = "admin:login"

# Import and export (django-import-export): separate permissions, one transaction per file, and
# formula-looking cells neutralised on export so a spreadsheet never executes them.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# The library's own escaping only strips one leading "="; ContentResource.export_field neutralises
# every formula trigger instead (core.spreadsheets), for the admin and the `export` command.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
IMPORT_MAX_FILE_SIZE = 5 * 1024 * 1024
# An XLSX is a zip: refuse one that unpacks to more than this before parsing it (a "zip bomb"
# would take a worker's memory). 5 MB of real spreadsheet unpacks to well under 50 MB.
IMPORT_XLSX_MAX_UNPACKED_SIZE = env_int("PORTAL_IMPORT_XLSX_MAX_UNPACKED_SIZE", 50 * 1024 * 1024)
IMPORT_XLSX_MAX_MEMBER_SIZE = env_int("PORTAL_IMPORT_XLSX_MAX_MEMBER_SIZE", 40 * 1024 * 1024)
# Files with more rows than this are imported by the background worker after the preview, with a
# progress page, so no upload can run into the web server's timeout.
IMPORT_BACKGROUND_ROWS = env_int("PORTAL_IMPORT_BACKGROUND_ROWS", 500)
IMPORT_PROGRESS_REFRESH_SECONDS = 2
# A running import reports progress every few hundred rows; this long without a sign means its
# worker stopped, and the job page says it was interrupted (nothing was written).
IMPORT_STALLED_SECONDS = env_int("PORTAL_IMPORT_STALLED_SECONDS", 300)
# The worker (`manage.py db_worker`, started by `make run`) takes jobs from the database, so a
# queued job survives a restart and no broker is needed.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Progress must cross processes while the import's transaction is still open: Redis when there is
# one, otherwise files.
IMPORT_PROGRESS_CACHE = "import_progress"
CACHES[IMPORT_PROGRESS_CACHE] = (
    {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": REDIS_URL, "OPTIONS": REDIS_OPTIONS}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.path.join(tempfile.gettempdir(), "portal-import-progress"),
    }
)

# Uploads larger than this are refused before anything is parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security: Django's defaults plus what a public government portal needs.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)

# Headers Django has no setting for (core.middleware.SecurityHeadersMiddleware): the portal uses
# none of these browser features, so no page (or anything injected into one) may ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# Load balancers probe /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Every asset is self-hosted, so the policy can forbid all third-party origins outright.
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_warning": {"()": "core.log.OneLineWarning"}},
    "formatters": {"one_line": {"format": "{levelname} {name}: {message}", "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "security_line": {
            "class": "logging.StreamHandler",
            "filters": ["one_line_warning"],
            "formatter": "one_line",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # A request with a bad Host header is an Internet scanner, not an error in the portal: one
        # warning line naming the host, without a traceback.
        "django.security.DisallowedHost": {"handlers": ["security_line"], "level": "WARNING", "propagate": False},
    },
}

# Outgoing mail: the invitations of self-reporting (selfreport). DJANGO_EMAIL_URL in one value, e.g.
# `smtp+tls://user:password@smtp.example.nl:587` (STARTTLS), `smtps://…:465` (TLS from the start),
# `smtp://host:25`, or `console:`; otherwise Django's own EMAIL_* variables. While DEBUG is on and
# nothing is set (`make run`), mails are printed on the console instead of sent. Tests use locmem.
_SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
_CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"


def email_settings_from_url(url: str) -> dict:
    parts = urlsplit(url)
    schemes = {"smtp": {}, "smtp+tls": {"EMAIL_USE_TLS": True}, "smtps": {"EMAIL_USE_SSL": True}}
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": _CONSOLE_BACKEND}
    if parts.scheme not in schemes or not parts.hostname:
        raise ImproperlyConfigured(
            "DJANGO_EMAIL_URL must look like smtp://host:25, smtp+tls://user:password@host:587, "
            "smtps://user:password@host:465 or console: (got another scheme or no host)."
        )
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("DJANGO_EMAIL_URL has a port that is not a number.") from None
    return {
        "EMAIL_BACKEND": _SMTP_BACKEND,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or (465 if parts.scheme == "smtps" else 587 if parts.scheme == "smtp+tls" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": False,
        **schemes[parts.scheme],
    }


if os.environ.get("DJANGO_EMAIL_URL", "").strip():
    globals().update(email_settings_from_url(os.environ["DJANGO_EMAIL_URL"].strip()))
else:
    EMAIL_BACKEND = env_str("EMAIL_BACKEND", _CONSOLE_BACKEND if DEBUG else _SMTP_BACKEND)
    EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "aanpak-eenzaamheid@localhost")
# Requests per client address and link within SELF_REPORT_RATE_WINDOW seconds before the
# questionnaire answers 429 (selfreport.views): enough for a person, not for guessing or flooding.
SELF_REPORT_RATE_LIMIT = env_int("PORTAL_SELF_REPORT_RATE_LIMIT", 60)
SELF_REPORT_RATE_WINDOW = env_int("PORTAL_SELF_REPORT_RATE_WINDOW", 600)

# Open data: who publishes it and under which licence (shown on /open-data/ and in the DCAT
# catalogue). The licence covers the portal's data; the report's text remains Movisie's work and is
# attributed as its source.
OPEN_DATA_PUBLISHER_NAME = env_str("PORTAL_PUBLISHER_NAME", "Ministerie van Volksgezondheid, Welzijn en Sport")
OPEN_DATA_PUBLISHER_URL = env_str(
    "PORTAL_PUBLISHER_URL", "https://www.rijksoverheid.nl/ministeries/ministerie-van-volksgezondheid-welzijn-en-sport"
)
OPEN_DATA_CONTACT_EMAIL = env_str("PORTAL_CONTACT_EMAIL", "")
# The public contact point (the contact page, the about and accessibility pages): the address
# PORTAL_CONTACT_EMAIL names, and otherwise the publisher's public contact desk, so that "contact us"
# always leads somewhere. No e-mail address is made up for an owner who has not set one.
CONTACT_EMAIL = OPEN_DATA_CONTACT_EMAIL
CONTACT_URL = env_str("PORTAL_CONTACT_URL", "https://www.rijksoverheid.nl/contact")
OPEN_DATA_LICENCE_NAME = env_str("PORTAL_LICENCE_NAME", "Creative Commons Naamsvermelding 4.0 (CC BY 4.0)")
OPEN_DATA_LICENCE_URL = env_str("PORTAL_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/deed.nl")
# Whole open-data files (every record of a dataset) are written here once per version of their
# published content and served from disk (opendata.store). Each app server keeps its own copy; any
# directory the process may write to will do, and deleting its contents is always safe.
OPEN_DATA_FILES_DIR = Path(env_str("PORTAL_OPEN_DATA_DIR", str(Path(tempfile.gettempdir()) / "portal-open-data")))

# Where security researchers report a vulnerability (security.txt). The national coordinated
# vulnerability disclosure desk is the fallback until the portal's owner sets its own address.
SECURITY_CONTACT = env_str("PORTAL_SECURITY_CONTACT", "https://www.ncsc.nl/contact/kwetsbaarheid-melden")
SECURITY_POLICY_URL = env_str(
    "PORTAL_SECURITY_POLICY_URL", "https://www.ncsc.nl/contact/kwetsbaarheid-melden/cvd-beleid"
)

# Backups (django-dbbackup): `manage.py dbbackup` / `dbrestore`. Unlike dumpdata/loaddata these copy
# the database itself, so history rows, users and primary keys come back exactly. SQLite is copied
# with its online backup API; PostgreSQL with pg_dump's custom format, restored by pg_restore in one
# transaction, dropping what the dump recreates (--clean --if-exists) and without the original
# role's ownership and grants (--no-owner --no-privileges) so a restore works under another role.
INSTALLED_APPS += ["dbbackup"]
# A relative PORTAL_BACKUP_DIR is relative to the project folder, not to wherever the command runs.
BACKUP_DIR = BASE_DIR / env_str("PORTAL_BACKUP_DIR", "backups")
STORAGES["dbbackup"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": BACKUP_DIR},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DBBACKUP_CONNECTORS = {
        "default": {
            "CONNECTOR": "dbbackup.db.postgresql.PgDumpBinaryConnector",
            "PG_OPTIONS": ["--no-owner", "--no-privileges"],
        }
    }
else:
    DBBACKUP_CONNECTORS = {"default": {"CONNECTOR": "dbbackup.db.sqlite.SqliteBackupConnector"}}
# dbbackup prints its own progress; without this every line would also reach the root handler twice.
LOGGING.setdefault("loggers", {})["dbbackup"] = {"propagate": False}
