"""Django settings for Laoke, read from ``LAOKE_*`` environment variables with safe defaults."""

from __future__ import annotations

import ipaddress
import os
import secrets
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent  # src/laoke
PROJECT_ROOT = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("LAOKE_VAR_DIR", PROJECT_ROOT / "var"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """The secret key from LAOKE_SECRET_KEY, else one generated once and kept in var/ (never committed)."""
    key = os.environ.get("LAOKE_SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        # Created 600 (never readable by others, not even for a moment), and only if still absent.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process wrote it first: use theirs
            return path.read_text().strip()
        with os.fdopen(fd, "w") as out:
            out.write(key)
        return key


SECRET_KEY = _secret_key()
# Key for mailbox passwords at rest (laoke.mailbox.crypto); empty: derived from SECRET_KEY.
MAIL_SECRET_KEY = os.environ.get("LAOKE_MAIL_SECRET_KEY", "")
DEBUG = _env_bool("LAOKE_DEBUG", False)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("LAOKE_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
# Reverse proxies whose X-Forwarded-For names the client (comma separated addresses or CIDRs); the
# login throttle and the audit log then use the right-most address that is not one of them.
LAOKE_TRUSTED_PROXIES = [
    str(ipaddress.ip_network(p.strip(), strict=False))
    for p in os.environ.get("LAOKE_TRUSTED_PROXIES", "").split(",")
    if p.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("LAOKE_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "laoke.accounts",
    "laoke.company",
    "laoke.customers",
    "laoke.orders",
    "laoke.interactions",
    "laoke.retention",
    "laoke.pipeline",
    "laoke.importing",
    "laoke.demo",
    "laoke.cadence",
    "laoke.mailbox",
    "laoke.audit",
    "laoke.kpi",
    "laoke.api",
    "laoke.jobs",
    "laoke.web",
]

MIDDLEWARE = [
    "laoke.platform.timing.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "laoke.platform.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "laoke.company.middleware.CompanyTimeZoneMiddleware",
    "laoke.web.nul.RejectNulMiddleware",
    "laoke.api.middleware.SingleQueryValuesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "laoke.accounts.middleware.PasswordChangeRequiredMiddleware",
    "laoke.audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "laoke.project.urls"
WSGI_APPLICATION = "laoke.project.wsgi.application"

# The API docs (/api/docs) use django-ninja's Swagger UI served from here, never a CDN
# (laoke.api.api.LocalSwagger). Its templates and static files are found by path instead of
# listing "ninja" as an app: every app is imported when any command starts, and ninja brings
# pydantic with it (about a third of the start-up of a command that needs no model).
_NINJA_SPEC = find_spec("ninja")
assert _NINJA_SPEC is not None and _NINJA_SPEC.origin is not None, "django-ninja is not installed"
NINJA_DIR = Path(_NINJA_SPEC.origin).parent

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "laoke.platform.nav.nav_items",
                "laoke.platform.csp.csp_nonce",
            ],
        },
    },
]
#: Django's widgets drawn in Python, the same HTML (a third of the customer page's time was forms).
FORM_RENDERER = "laoke.platform.form_renderer.FastWidgetRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("LAOKE_DATABASE_URL", f"sqlite:///{VAR_DIR / 'laoke.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web app read while an import or a rescoring writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif _env_bool("LAOKE_DATABASE_PREPARE", True):
    # PostgreSQL plans a query the second time a connection runs it and keeps the plan: the pages
    # run the same dozen queries on every visit, and planning them cost as much as running them
    # (the customer list's rows: 1.4 ms planned, 2.0 ms run). Server-side parameters are what
    # lets psycopg prepare. Off behind a pooler that cannot keep prepared statements (PgBouncer
    # in transaction mode without max_prepared_statements).
    # Added to the options the URL names (``?sslmode=verify-full&connect_timeout=5``), not instead.
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=2)

# The task queue (laoke.jobs, docs/jobs.md): Huey. On SQLite its own file beside the database (the
# one-machine default that `make run` starts); on PostgreSQL its tables in the same database, so
# `laoke worker` processes on several machines share one queue.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _QUEUE: dict[str, object] = {
        "huey_class": "huey.SqliteHuey",
        "filename": f"{DATABASES['default']['NAME']}.queue",
        "timeout": 20,
    }
else:
    # Its tables are made by the jobs app's migration (laoke.jobs.migrations.0002), not when the
    # settings load: a process never connects before it needs the queue (the test runner's databases
    # are its own; the one named by the URL need not exist).
    _QUEUE = {
        "huey_class": "huey.contrib.sql_huey.SqlHuey",
        "database": os.environ["LAOKE_DATABASE_URL"],
        "create_tables": False,
    }
HUEY = {
    "name": "laoke",
    "results": False,
    "utc": True,
    # LAOKE_JOBS_IMMEDIATE=true runs each job inline when it is queued (tests; a single process).
    "immediate": _env_bool("LAOKE_JOBS_IMMEDIATE", False),
    **_QUEUE,
    "consumer": {
        "workers": int(os.environ.get("LAOKE_JOB_THREADS", "2")),
        "worker_type": "thread",
        "max_delay": 1.0,
        "check_worker_health": True,
    },
}

# The cache that the web app's processes share (laoke.platform.cache): files under var/cache, no
# extra service, so a figure one gunicorn worker computed is not computed again by the next; the
# folder's entries are counted every few hundred writes, not listed before each (SharedFileCache).
# LAOKE_CACHE=memory keeps one in-memory cache per process instead (Django's default).
if os.environ.get("LAOKE_CACHE", "files") == "memory":
    CACHES: dict[str, dict[str, object]] = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
else:
    from laoke.platform.cache import MAX_ENTRIES, database_identity

    CACHES = {
        "default": {
            "BACKEND": "laoke.platform.cache.SharedFileCache",
            "LOCATION": str(Path(os.environ.get("LAOKE_CACHE_DIR", VAR_DIR / "cache"))),
            "KEY_PREFIX": database_identity(dict(DATABASES["default"])),
            "KEY_FUNCTION": "laoke.platform.cache.make_key",
            "OPTIONS": {"MAX_ENTRIES": MAX_ENTRIES},
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["laoke.accounts.backends.LaokeBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = os.environ.get("LAOKE_LANGUAGE", "zh-hans")
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("LAOKE_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
#: Chinese numbers grouped by three with commas, as Babel writes the amounts (see the module).
FORMAT_MODULE_PATH = ["laoke.project.formats"]

# Files a worker wrote for someone to download (long exports), kept seven days; 700/600.
EXPORT_DIR = VAR_DIR / "exports"

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("LAOKE_STATIC_ROOT", VAR_DIR / "static"))
# Static files are served from the apps and node_modules through WhiteNoise's finders; the root
# only fills up after `collectstatic`, but WhiteNoise warns on every start when it is missing.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
NODE_MODULES = PROJECT_ROOT / "node_modules"
# Only the built files of the npm packages are served, under static/vendor/.
STATICFILES_DIRS = [
    (f"vendor/{prefix}", NODE_MODULES / folder)
    for prefix, folder in [
        ("bootstrap", "bootstrap/dist"),
        ("echarts", "echarts/dist"),
        ("htmx", "htmx.org/dist"),
    ]
    if (NODE_MODULES / folder).exists()
] + [NINJA_DIR / "static"]
WHITENOISE_USE_FINDERS = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploaded import files are read in memory up to this size, then spooled to disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 200 * 1024 * 1024

# Hardening (docs/security.md). Always: no sniffing, no framing, same-origin referrers and opener,
# HttpOnly session cookie, CSP (laoke.platform.csp; LAOKE_CSP=report-only|off to relax). When served over
# HTTPS (LAOKE_TLS=true): secure cookies, HSTS, redirect to https; behind a proxy that terminates
# TLS, LAOKE_PROXY_SSL_HEADER=true trusts its X-Forwarded-Proto header.
LAOKE_TLS = _env_bool("LAOKE_TLS", False)
LAOKE_CSP = os.environ.get("LAOKE_CSP", "enforce").strip().lower()
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("LAOKE_SESSION_HOURS", "12")) * 3600
if LAOKE_TLS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_bool("LAOKE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("LAOKE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("LAOKE_HSTS_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = False
    if _env_bool("LAOKE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LAOKE_LOG_LEVEL", "WARNING")},
}

# Outgoing mail for drafts (cadence): only when LAOKE_SMTP_HOST is set does the draft page offer a
# Send button; without it drafts open in the user's own mail client (mailto:). Never sent silently.
LAOKE_SMTP_HOST = os.environ.get("LAOKE_SMTP_HOST", "")
if LAOKE_SMTP_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = LAOKE_SMTP_HOST
    EMAIL_PORT = int(os.environ.get("LAOKE_SMTP_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("LAOKE_SMTP_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("LAOKE_SMTP_PASSWORD", "")
    EMAIL_USE_TLS = _env_bool("LAOKE_SMTP_TLS", True)
    DEFAULT_FROM_EMAIL = os.environ.get("LAOKE_SMTP_FROM", EMAIL_HOST_USER or "laoke@localhost")
