"""Settings for the loneliness-approach portal.

Everything that differs between a laptop and production comes from the environment (see
`.env.example` and the configuration contract in the README). The helpers below read it with a type
and refuse bad values at start-up: a typo in production should stop the process, not quietly fall
back to a default.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

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
elif len(SECRET_KEY) < 32 and not DEBUG:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 32 characters long.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
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
    "simple_history",
    "axes",
    # The layers, bottom up (see README, "What is where"): the kernel, the domain apps, the site
    # apps, and the project package, which keeps only the migrations of the old `portal` app.
    "core",
    "municipalities",
    "investments",
    "lessons",
    "rounds",
    "report",
    "pages",
    "opendata",
    "workspace",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
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

# Import and export (django-import-export): separate permissions, one transaction per file, and
# formula-looking cells neutralised on export so a spreadsheet never executes them.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_MAX_FILE_SIZE = 5 * 1024 * 1024

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
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# Open data: who publishes it and under which licence (shown on /open-data/ and in the DCAT
# catalogue). The licence covers the portal's data; the report's text remains Movisie's work and is
# attributed as its source.
OPEN_DATA_PUBLISHER_NAME = env_str("PORTAL_PUBLISHER_NAME", "Ministerie van Volksgezondheid, Welzijn en Sport")
OPEN_DATA_PUBLISHER_URL = env_str(
    "PORTAL_PUBLISHER_URL", "https://www.rijksoverheid.nl/ministeries/ministerie-van-volksgezondheid-welzijn-en-sport"
)
OPEN_DATA_CONTACT_EMAIL = env_str("PORTAL_CONTACT_EMAIL", "")
OPEN_DATA_LICENCE_NAME = env_str("PORTAL_LICENCE_NAME", "Creative Commons Naamsvermelding 4.0 (CC BY 4.0)")
OPEN_DATA_LICENCE_URL = env_str("PORTAL_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/deed.nl")

# Where security researchers report a vulnerability (security.txt). The national coordinated
# vulnerability disclosure desk is the fallback until the portal's owner sets its own address.
SECURITY_CONTACT = env_str("PORTAL_SECURITY_CONTACT", "https://www.ncsc.nl/contact/kwetsbaarheid-melden")
SECURITY_POLICY_URL = env_str(
    "PORTAL_SECURITY_POLICY_URL", "https://www.ncsc.nl/contact/kwetsbaarheid-melden/cvd-beleid"
)
