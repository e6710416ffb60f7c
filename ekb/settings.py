"""EKB settings: one module, configured by the environment (EKB_*, DATABASE_URL).

Defaults run on a laptop with nothing else installed: SQLite in the repository folder, DEBUG on
(off in demo mode, EKB_DEMO=1), background work in-process. Production sets EKB_ENV=production,
DATABASE_URL and a secret key.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from ekb.lib.env import env_bool, env_int, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

EKB_ENV = env_str("EKB_ENV", "development")
if EKB_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured("EKB_ENV must be development, test or production")
PRODUCTION = EKB_ENV == "production"

# Demo mode unlocks the demo e-ID (pick a demo person instead of a real e-ID). It can never be on
# in production: the two settings together refuse to start.
EKB_DEMO = env_bool("EKB_DEMO", default=False)
if EKB_DEMO and PRODUCTION:
    raise ImproperlyConfigured("EKB_DEMO=1 cannot be combined with EKB_ENV=production")

# Demo mode is a showroom: the product's own error pages (ekb/templates/404.html, 500.html), not
# Django's debug pages. Static files are still served by WhiteNoise (below) with DEBUG off.
DEBUG = env_bool("EKB_DEBUG", default=not PRODUCTION and not EKB_DEMO)

SECRET_KEY = env_secret("EKB_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "EKB_SECRET_KEY (or EKB_SECRET_KEY_FILE) must be set in production"
        )
    SECRET_KEY = "ekb-development-only-not-secret"  # noqa: S105 - refused above in production

ALLOWED_HOSTS = [
    h for h in env_str("EKB_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in env_str("EKB_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ekb.accounts",
    "ekb.audit",
    "ekb.people",
    "ekb.cases",
    "ekb.applications",
    "ekb.decisions",
    "ekb.notices",
    "ekb.payments",
    "ekb.meetings",
    "ekb.plans",
    "ekb.integrations",
    "ekb.workspace",
    "ekb.eservice",
    "ekb.api",
    "ekb.demo",
    "ekb.flow",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ekb.lib.request_id.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ekb.lib.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ekb.lib.unsent.UnsentPostMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "ekb.urls"
WSGI_APPLICATION = "ekb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ekb" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ekb.lib.context.ekb_context",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("EKB_SQLITE_PATH", str(BASE_DIR / "var" / "ekb.sqlite3")),
            "OPTIONS": {
                # WAL lets the server read while `ekb demo` writes; IMMEDIATE avoids lock upgrades.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["ekb.accounts.backends.LockoutModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "workspace:login"
LOGIN_REDIRECT_URL = "workspace:inbox"

# Staff lockout: after this many failed logins within the window, the account is locked for it.
EKB_LOCKOUT_FAILURES = env_int("EKB_LOCKOUT_FAILURES", 5)
EKB_LOCKOUT_MINUTES = env_int("EKB_LOCKOUT_MINUTES", 15)
EKB_API_TOKEN_HOURS = env_int("EKB_API_TOKEN_HOURS", 8)

# Single sign-on for staff through the municipality's OIDC identity provider (optional).
EKB_OIDC_ENABLED = env_bool("EKB_OIDC_ENABLED", default=False)
OIDC_RP_CLIENT_ID = env_str("EKB_OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_secret("EKB_OIDC_CLIENT_SECRET") or ""
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("EKB_OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("EKB_OIDC_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("EKB_OIDC_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("EKB_OIDC_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = env_str("EKB_OIDC_SIGN_ALGO", "RS256")
OIDC_CREATE_USER = False  # the identity provider proves who; EKB alone decides who is staff
if EKB_OIDC_ENABLED:
    missing = [
        name
        for name, value in {
            "EKB_OIDC_CLIENT_ID": OIDC_RP_CLIENT_ID,
            "EKB_OIDC_AUTHORIZATION_ENDPOINT": OIDC_OP_AUTHORIZATION_ENDPOINT,
            "EKB_OIDC_TOKEN_ENDPOINT": OIDC_OP_TOKEN_ENDPOINT,
            "EKB_OIDC_USER_ENDPOINT": OIDC_OP_USER_ENDPOINT,
            "EKB_OIDC_JWKS_ENDPOINT": OIDC_OP_JWKS_ENDPOINT,
        }.items()
        if not value
    ]
    if missing:
        raise ImproperlyConfigured("EKB_OIDC_ENABLED=1 needs " + ", ".join(missing))
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("ekb.accounts.oidc.StaffOIDCBackend")

# Register data (SSBTEK-like). "fake" invents deterministic incomes for demo and tests and is
# refused in production; "off" answers "kunde inte kontrolleras" for every source.
EKB_REGISTER_BACKEND = env_str("EKB_REGISTER_BACKEND", "off" if PRODUCTION else "fake")
EKB_FAKE_REGISTER_DOWN = env_str("EKB_FAKE_REGISTER_DOWN", "")
# The population register (folkbokföringen): "fake" (fake_population.yaml) or "off".
EKB_POPULATION_BACKEND = env_str("EKB_POPULATION_BACKEND", "off" if PRODUCTION else "fake")
# Arbetsförmedlingen and the activity requirement (ekb.integrations.arbetsformedlingen): "fake"
# (fake_arbetsformedlingen.yaml, refused in production) or "off" (nothing checked or sent).
EKB_ARBETSFORMEDLINGEN_BACKEND = env_str(
    "EKB_ARBETSFORMEDLINGEN_BACKEND", "off" if PRODUCTION else "fake"
)
# Telling clients that something is new in their case (ekb.integrations.notify): "demo" keeps
# the messages in memory, "off" sends nothing. The text names only the e-service's address.
EKB_NOTIFY_BACKEND = env_str("EKB_NOTIFY_BACKEND", "off" if PRODUCTION else "demo")
EKB_ESERVICE_URL = env_str("EKB_ESERVICE_URL", "https://ekb.example.se/e-tjanst/")
# A folder of municipal guideline files named <kommunkod>.yaml (empty: the packaged ones).
EKB_GUIDELINES_DIR = env_str("EKB_GUIDELINES_DIR", "")
# The installation's norm parameters: a layer over ekb/norm/parameters where
# `ekb norm parameters add` writes a new year's amounts; the engine re-reads it when a file
# changes. A folder that does not exist is no layer. Tests default to none, so amounts loaded
# on a developer's machine never change a test's result.
EKB_NORM_PARAMETERS_DIR = env_str(
    "EKB_NORM_PARAMETERS_DIR",
    "" if EKB_ENV == "test" else str(BASE_DIR / "var" / "norm-parameters"),
)

# The decision letter is kept as a PDF (WeasyPrint, ekb.notices.letters). Only the test suite may
# switch the conversion off (tests/conftest.py does, `real_letters` switches it back on): the
# letter's text is still rendered and stored, as HTML, and a letter a person could download is
# therefore never anything but the real PDF. Refused outside EKB_ENV=test.
EKB_RENDER_LETTER_PDF = env_bool("EKB_RENDER_LETTER_PDF", default=True)
if not EKB_RENDER_LETTER_PDF and EKB_ENV != "test":
    raise ImproperlyConfigured("EKB_RENDER_LETTER_PDF=0 is for the test suite only (EKB_ENV=test)")

SESSION_COOKIE_AGE = env_int("EKB_SESSION_MINUTES", 60) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_FAILURE_VIEW = "ekb.errors.csrf_failure"  # a page a person can act on, see ekb/errors.py
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "sv"


def languages_in(locale_dir: Path) -> list[tuple[str, str]]:
    """Swedish, then every language with a catalogue in the folder (adding Arabic or Somali is
    adding ekb/locale/ar or ekb/locale/so, no code change), each named in its own language."""
    from django.conf.locale import LANG_INFO

    # Languages Django does not know by name, as their speakers write them.
    own_names = {"so": "Soomaali", "ti": "ትግርኛ"}
    found = sorted(p.name for p in locale_dir.iterdir() if (p / "LC_MESSAGES").is_dir())
    named = []
    for code in ["sv", *[c for c in found if c != "sv"]]:
        name = LANG_INFO.get(code, {}).get("name_local") or own_names.get(code, code)
        named.append((code, name[:1].upper() + name[1:]))
    return named


LANGUAGES = languages_in(BASE_DIR / "ekb" / "locale")
LOCALE_PATHS = [BASE_DIR / "ekb" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# Uploaded files are never served directly: views check access and stream them.
MEDIA_ROOT = env_str("EKB_MEDIA_ROOT", str(BASE_DIR / "var" / "media"))
EKB_MAX_UPLOAD_MB = env_int("EKB_MAX_UPLOAD_MB", 10)
DATA_UPLOAD_MAX_MEMORY_SIZE = (EKB_MAX_UPLOAD_MB + 1) * 1024 * 1024

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "ekb" / "static"]
# Serve straight from the source folders unless collectstatic has run (production runs it).
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Logs carry ids and the request id, never personal data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("EKB_LOG_LEVEL", "WARNING")},
    # Django's request logger prints the URL path; EKB's paths carry only internal ids.
}

# Background work: the journey's later steps (preparing, deciding automatically, the letter,
# payments) run after commit as Celery tasks. With no broker they run eagerly in-process, so a
# laptop and the tests need nothing else; production sets a Redis URL and runs a worker
# (`celery -A ekb.celery worker`).
EKB_CELERY_BROKER_URL = env_str("EKB_CELERY_BROKER_URL", "")
CELERY_BROKER_URL = EKB_CELERY_BROKER_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not EKB_CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-step leaves the task to be run again
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env_str("EKB_CELERY_QUEUE", "ekb")
# Celery beat (`celery -A ekb.celery beat`): the morning job that sends delay notices for
# applications past their due date (ekb.flow.waiting); without beat, `ekb flow delay-notices`.
CELERY_BEAT_SCHEDULE = {
    "delay-notices": {"task": "ekb.flow.send_delay_notices", "schedule": 60 * 60 * 24},
    # The activity requirement's flag (ekb.flow.activity_requirement): a task once per run.
    "activity-requirement": {
        "task": "ekb.flow.flag_activity_requirement",
        "schedule": 60 * 60 * 24,
    },
    # FAS (ekb.flow.fas_morning): standard calculations before the day's meetings, plan
    # follow-ups due.
    "fas-morning": {"task": "ekb.flow.fas_morning", "schedule": 60 * 60 * 24},
}
