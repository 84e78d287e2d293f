"""Probity settings: one module, driven by environment variables.

PROBITY_ENV chooses the profile:
- ``production`` (the default): SECRET_KEY and ALLOWED_HOSTS are required, cookies are secure,
  HSTS is on and debug is off.
- ``development``: the local demo (``make run``); plain HTTP on 127.0.0.1.
- ``test``: the test suite.

PROBITY_DEMO=1 shows the demo accounts on the login page (never in production).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured

import probity

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, *, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, *, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


PROBITY_ENV = os.environ.get("PROBITY_ENV", "production").strip().lower()
if PROBITY_ENV not in {"production", "development", "test"}:
    raise ImproperlyConfigured("PROBITY_ENV must be one of production, development or test.")
IS_PRODUCTION = PROBITY_ENV == "production"
IS_TEST = PROBITY_ENV == "test"

PROBITY_VERSION = probity.__version__
PROBITY_DEMO = env_bool("PROBITY_DEMO") and not IS_PRODUCTION
# PROBITY_BENCH=1 adds the two reference pages ``make bench`` measures beside the real ones.
PROBITY_BENCH = env_bool("PROBITY_BENCH")
PROBITY_COUNCIL_NAME = os.environ.get("PROBITY_COUNCIL_NAME", "Example Borough Council")

DEBUG = env_bool("DJANGO_DEBUG") and not IS_PRODUCTION

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if IS_PRODUCTION:
        raise ImproperlyConfigured("Set SECRET_KEY: production settings have no default key.")
    SECRET_KEY = "insecure-key-for-development-and-tests-only"  # noqa: S105

# Encryption at rest for special-category declarations: one or more Fernet keys, comma-separated,
# the first used to encrypt. Development and tests use a fixed, public key (never in production).
PROBITY_ENCRYPTION_KEY = os.environ.get("PROBITY_ENCRYPTION_KEY", "")
if not PROBITY_ENCRYPTION_KEY:
    if IS_PRODUCTION:
        raise ImproperlyConfigured(
            "Set PROBITY_ENCRYPTION_KEY: special-category declarations are encrypted at rest."
        )
    PROBITY_ENCRYPTION_KEY = "cHJvYml0eS1kZXZlbG9wbWVudC1rZXktbm90LXNlY3I="


def _check_fernet_keys(value: str) -> None:
    """Stop start-up on a malformed key, rather than fail at the first sealed declaration."""
    from cryptography.fernet import Fernet

    for number, key in enumerate((k.strip() for k in value.split(",") if k.strip()), start=1):
        try:
            Fernet(key.encode())
        except ValueError:
            raise ImproperlyConfigured(
                f"PROBITY_ENCRYPTION_KEY is malformed (key {number}): each comma-separated key "
                "must be 32 url-safe base64-encoded bytes, as made by "
                "`python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'`."
            ) from None


_check_fernet_keys(PROBITY_ENCRYPTION_KEY)

# The key of the audit chain's HMAC (docs/adr/0010-tamper-evident-audit.md). Changing it makes
# every existing event fail `verify_audit`, so keep it with the other secrets and never rotate
# it casually. Development and tests use a fixed, public key.
PROBITY_AUDIT_KEY = os.environ.get("PROBITY_AUDIT_KEY", "")
if not PROBITY_AUDIT_KEY:
    if IS_PRODUCTION:
        raise ImproperlyConfigured(
            "Set PROBITY_AUDIT_KEY: the audit trail is signed with it to show any tampering."
        )
    PROBITY_AUDIT_KEY = "probity-audit-key-for-development-and-tests-only"

# The keyed hash that finds a concern by its case key (docs/concerns.md). Changing it makes every
# case key already given out stop working, so keep it with the other secrets.
PROBITY_CASE_KEY_SECRET = os.environ.get("PROBITY_CASE_KEY_SECRET", "") or SECRET_KEY

# Files attached to concerns: encrypted, outside the static files, served only through the app.
PROBITY_PRIVATE_FILES_ROOT = Path(
    os.environ.get("PROBITY_PRIVATE_FILES_ROOT", "")
    or (
        Path(os.environ.get("TMPDIR", "/tmp")) / f"probity-test-private-{os.getpid()}"  # noqa: S108
        if IS_TEST
        else BASE_DIR / "private"
    )
)

# Paths where the client's address never reaches a log line (the public concern pages).
PROBITY_UNLOGGED_ADDRESS_PATHS = ("/report-a-concern/",)

if IS_PRODUCTION:
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=[])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated) in production.")
else:
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "probity.core",
    "probity.people",
    "probity.conduct",
    "probity.declarations",
    "probity.concerns",
    "probity.registers",
    "probity.cycle",
    "probity.demo",
    "probity.oversight",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "probity.core.middleware.NulInPathMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "probity.core.middleware.NoStoreForSignedInMiddleware",
    "probity.core.middleware.IdleTimeoutMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "probity.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "probity" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "probity.core.context_processors.probity",
                "probity.navigation.navigation",
            ],
            "builtins": ["probity.core.templatetags.probity"],
        },
    }
]

WSGI_APPLICATION = "probity.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Many requests at once on SQLite: write-ahead logging lets readers carry on during a write,
    # a busy timeout makes a writer wait its turn instead of failing with "database is locked",
    # and IMMEDIATE transactions take the write lock at the start (a transaction that read first
    # and then tried to write could not wait, and failed at once).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
        "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Each web request's query on one core: with many requests at once, a parallel plan's
    # workers only take cores from other requests, and a filtered register's query was slower
    # with them than without (ADR 0011). DATABASE_PARALLEL_WORKERS raises it for a database
    # that serves few people on many cores.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _workers = int(os.environ.get("DATABASE_PARALLEL_WORKERS", "0"))
    _options["options"] = (
        f"{_options.get('options', '')} -c max_parallel_workers_per_gather={_workers}".strip()
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out account or address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {
        # Django's UserAttributeSimilarityValidator plus the person's whole name, so a password
        # like "karendoyle" is refused for Karen Doyle.
        "NAME": "probity.people.passwords.PersonNameSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "first_name", "last_name", "email")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if IS_TEST:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Sign-in lockout (django-axes): after PROBITY_SIGNIN_FAILURE_LIMIT failures for one account, or
# from one address, sign-in is refused for PROBITY_SIGNIN_LOCKOUT_MINUTES (the Monitoring Officer
# can unlock sooner).
AXES_FAILURE_LIMIT = int(os.environ.get("PROBITY_SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(
    minutes=int(os.environ.get("PROBITY_SIGNIN_LOCKOUT_MINUTES", "30"))
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "probity.core.http.client_address"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# Password reset requests: at most this many an hour for one address, and from one client address.
PROBITY_RESET_LIMIT_PER_EMAIL = int(os.environ.get("PROBITY_RESET_LIMIT_PER_EMAIL", "3"))
PROBITY_RESET_LIMIT_PER_SOURCE = int(os.environ.get("PROBITY_RESET_LIMIT_PER_SOURCE", "10"))

# Sign out after this many minutes without a request.
PROBITY_IDLE_TIMEOUT_MINUTES = int(os.environ.get("PROBITY_IDLE_TIMEOUT_MINUTES", "30"))

# The council's dashboard is worked out again when its figures are older than this.
PROBITY_DASHBOARD_MAX_AGE_MINUTES = int(os.environ.get("PROBITY_DASHBOARD_MAX_AGE_MINUTES", "60"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Single sign-on with the council's OpenID Connect provider (Microsoft Entra ID or any other):
# on when PROBITY_OIDC_CLIENT_ID is set. Every PROBITY_OIDC_* variable is described in the
# README; probity.people.sso_checks stops start-up when one is missing.
from probity.people.sso_config import (  # noqa: E402
    SSO_BACKEND,
    form_action_origins,
    sso_settings,
)

_SSO = sso_settings(os.environ)
globals().update(_SSO)
PROBITY_SSO_ENABLED: bool = _SSO["PROBITY_SSO_ENABLED"]
PROBITY_PASSWORD_SIGNIN: bool = _SSO["PROBITY_PASSWORD_SIGNIN"]
PROBITY_OIDC_ISSUER: str = _SSO["PROBITY_OIDC_ISSUER"]
PROBITY_OIDC_MATCH: str = _SSO["PROBITY_OIDC_MATCH"]
PROBITY_OIDC_EMAIL_CLAIM: str = _SSO["PROBITY_OIDC_EMAIL_CLAIM"]
PROBITY_OIDC_EMPLOYEE_NUMBER_CLAIM: str = _SSO["PROBITY_OIDC_EMPLOYEE_NUMBER_CLAIM"]
PROBITY_OIDC_LOGOUT_ENDPOINT: str = _SSO["PROBITY_OIDC_LOGOUT_ENDPOINT"]
if PROBITY_SSO_ENABLED:
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, SSO_BACKEND]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "probity" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
WHITENOISE_AUTOREFRESH = not IS_PRODUCTION

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Background work: django-tasks with its database backend (no broker to run).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if IS_TEST
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

# Email: SMTP in production, the console in development, memory in tests.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "probity@example.org")
if IS_TEST:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
elif IS_PRODUCTION:
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))

# The public address used in emails ("https://probity.example.org").
PROBITY_BASE_URL = os.environ.get("PROBITY_BASE_URL", "").strip().rstrip("/")
if not PROBITY_BASE_URL:
    if IS_PRODUCTION:
        raise ImproperlyConfigured(
            "Set PROBITY_BASE_URL (such as https://probity.example.org): links in emails use it."
        )
    PROBITY_BASE_URL = "http://127.0.0.1:8000"

# Security headers. Production is strict; development serves plain HTTP on loopback.
SECURE = IS_PRODUCTION
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = IS_PRODUCTION
SECURE_SSL_REDIRECT = SECURE and env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# How many reverse proxies of our own stand in front of the application. Only then is the
# client address taken from X-Forwarded-For (audit trail, sign-in lockout); 0 ignores the header.
PROBITY_TRUSTED_PROXY_COUNT = int(os.environ.get("PROBITY_TRUSTED_PROXY_COUNT", "0"))
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF, *form_action_origins(_SSO)],
        "frame-ancestors": ["'none'"],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "refused_on_one_line": {"()": "probity.core.log_filters.RefusedRequestsOnOneLine"},
        "no_reporter_addresses": {"()": "probity.core.log_filters.NoAddressesOnPrivatePaths"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["refused_on_one_line", "no_reporter_addresses"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Refused requests (403, 404) are logged as one line, without a traceback.
        "django.request": {"filters": ["refused_on_one_line"]},
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
