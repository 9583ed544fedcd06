"""Settings for every environment, read from environment variables (django-environ).

DJANGO_ENV picks the defaults: `development` (the default: DEBUG on, SQLite, console
email, embedded task broker), `test`, or `production` (DEBUG off, every secret required,
hardened cookies and headers). Every variable is listed in README.md.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.csp import CSP

from config.broker_folder import database_identity, short_id

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # runtime state of the embedded default (SQLite, broker files)

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "test", "production"}:
    raise environ.ImproperlyConfigured(f"DJANGO_ENV={DJANGO_ENV!r}: use development, test or production")
PRODUCTION = DJANGO_ENV == "production"

# ------------------------------------------------------------------------------
# Core
# ------------------------------------------------------------------------------
# Production has no defaults for secrets: a missing variable stops the process.
DEBUG = env.bool("DJANGO_DEBUG", default=DJANGO_ENV == "development")
SECRET_KEY = (
    env.str("DJANGO_SECRET_KEY")
    if PRODUCTION
    else env.str("DJANGO_SECRET_KEY", default="insecure-development-key-do-not-use-in-production-0123456789")
)
ALLOWED_HOSTS = (
    env.list("DJANGO_ALLOWED_HOSTS")
    if PRODUCTION
    else env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Languages (docs/translating.md): English, the source, and Spanish. Each app keeps its own
# catalogue in <app>/locale/; `make messages` extracts them. English dates keep the British
# formats this service has always shown (config/formats/en).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from this origin at /api/docs/
    "drf_standardized_errors",
    "allauth",
    "allauth.account",
    "allauth.headless",
    "allauth.mfa",
    "allauth.usersessions",
    "auditlog",
    "accounts",
    "diary",
    "care",
    "reminders",
    "patientdata",  # what spans the apps: erasure, export and import, demo data
    "api",
    "portal",  # the clinician portal's pages, under /care/
]

MIDDLEWARE = [
    "config.middleware.PermissionsPolicyMiddleware",  # outermost: on every response, errors too
    "config.middleware.NoStoreMiddleware",
    "config.middleware.BodySizeLimitMiddleware",  # 413 before anything reads an oversized body
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.SessionTimeoutMiddleware",  # idle and absolute timeouts, cookie and token
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.RequestLanguageMiddleware",  # the request's language (docs/translating.md)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "config.middleware.RequireMfaMiddleware",  # staff and clinicians: a second factor first
    "auditlog.middleware.AuditlogMiddleware",
]

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

# ------------------------------------------------------------------------------
# Database
# ------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock at BEGIN (no "database is locked" upgrades mid-transaction),
    # WAL lets readers run beside the writer, and a busy writer is waited for.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# ------------------------------------------------------------------------------
# Cache (also backs allauth's and DRF's rate limits, so it must be shared by processes)
# ------------------------------------------------------------------------------
# With Redis, an outage falls back to the database's cache table (config.cache): the rate
# limits keep counting and nothing answers 500. The table is "cache" either way (`migrate`).
REDIS_URL = env.str("REDIS_URL", default="")
_DATABASE_CACHE_OPTIONS = {"MAX_ENTRIES": 100_000}  # culling past it would forget rate-limit counts
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "FALLBACK_TABLE": "cache",
                "RETRY_SECONDS": env.float("REDIS_CACHE_RETRY_SECONDS", default=10.0),
                **_DATABASE_CACHE_OPTIONS,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cache",
            "OPTIONS": _DATABASE_CACHE_OPTIONS,
        }
    }

# The sign-in cache (accounts.signin_cache): sessions and signed-in users, so a request of a
# signed-in user asks the database nothing about them (docs/performance.md § Requests). It must
# be shared by every process and never fall back to another store (config.cache): Redis, or for
# SQLite a folder of this host (SQLite's processes all run on its host). PostgreSQL without
# Redis has none: sessions and users are read from the database.
SIGNIN_CACHE = "signin"
if REDIS_URL:
    CACHES[SIGNIN_CACHE] = {
        "BACKEND": "config.cache.SignInCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "signin",
        "OPTIONS": {"RETRY_SECONDS": env.float("REDIS_CACHE_RETRY_SECONDS", default=10.0)},
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    CACHES[SIGNIN_CACHE] = {
        "BACKEND": "config.cache.HostFileCache",
        "LOCATION": str(
            VAR_DIR
            / ("signin-cache-test" if DJANGO_ENV == "test" else "signin-cache")
            / short_id(database_identity(DATABASES["default"]))
        ),
        "KEY_PREFIX": "signin",
        "TIMEOUT": None,
    }
SESSION_ENGINE = "accounts.session_store"

# ------------------------------------------------------------------------------
# Celery: Redis when REDIS_URL is set, else kombu's filesystem transport (no servers).
# Bounds and recovery: docs/tasks.md.
# ------------------------------------------------------------------------------
# The embedded broker's folder belongs to one database: by default one folder per database
# (var/celery/<hash>), and a worker refuses a folder another database's worker has claimed.
CELERY_FILESYSTEM_DIR = Path(
    env.str(
        "CELERY_FILESYSTEM_DIR",
        default=str(VAR_DIR / "celery" / short_id(database_identity(DATABASES["default"]))),
    )
)
# A dead worker's unacknowledged task goes back to Redis's queue this long after it was taken:
# above the hard time limit, so a task still running is never handed out twice.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=6 * 60)
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
        "unacked_restore_interval": 10,  # look for such tasks every 10 s (not every 100 s)
        "unacked_restore_throttle": 1,
        "socket_connect_timeout": 2,  # a publish to an unreachable Redis gives up in seconds
        "socket_timeout": 3,
    }
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
else:
    for _sub in ("queue", "processed", "results", "control"):
        (CELERY_FILESYSTEM_DIR / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_DIR / "queue"),
        "data_folder_out": str(CELERY_FILESYSTEM_DIR / "queue"),
        "processed_folder": str(CELERY_FILESYSTEM_DIR / "processed"),
        "store_processed": False,
        "control_folder": str(CELERY_FILESYSTEM_DIR / "control"),
    }
    CELERY_RESULT_BACKEND = f"file://{CELERY_FILESYSTEM_DIR / 'results'}"
    CELERY_BEAT_SCHEDULE_FILENAME = str(CELERY_FILESYSTEM_DIR / "celerybeat-schedule")
CELERY_TIMEZONE = "UTC"
CELERY_ACCEPT_CONTENT = ["json"]  # json only: no pickle from the broker
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_TIME_LIMIT = 5 * 60  # a stuck task is killed...
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60  # ...after it had a minute to give up cleanly
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-task leaves it queued; tasks are idempotent
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Queueing while the broker is down: one quick retry, then the caller logs and moves on
# (config.celery_app.Task.send_or_log); the sweeps send it again later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0.2, "interval_step": 0.5}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE: dict = {
    # Each patient's default summary: the 30 days ending yesterday in *their* time zone at
    # run time. Idempotent, so a re-run (or a missed-then-caught-up beat) adds nothing.
    "care-summaries-nightly": {"task": "care.summaries_nightly", "schedule": crontab(hour=2, minute=30)},
    # Summaries still pending: sent again if lost, `failed` if pending too long (docs/tasks.md).
    "care-summaries-sweep": {
        "task": "care.summaries_sweep",
        "schedule": crontab(),
        "options": {"expires": 55},
    },
    # Red flags a clinician was never told about (broker down, worker died, send failed):
    # their email and Web Push sent again, still exactly once (docs/red-flags.md).
    "care-red-flags-sweep": {
        "task": "care.red_flags_sweep",
        "schedule": crontab(),
        "options": {"expires": 55},
    },
    # Reminders due in the last minutes (idempotent: a duplicate beat sends nothing twice). A
    # beat message older than the next one is dropped rather than run late.
    "reminders-send-due": {"task": "reminders.send_due", "schedule": crontab(), "options": {"expires": 55}},
    "reminders-purge": {"task": "reminders.purge_deliveries", "schedule": crontab(hour=3, minute=15)},
}

# ------------------------------------------------------------------------------
# Authentication (django-allauth: account, headless, mfa)
# ------------------------------------------------------------------------------
# Django's and allauth's backends, reading the signed-in user through the sign-in cache
# (accounts.backends; sessions of the old paths are moved on their next request).
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True  # the PWA asks for the code, no link juggling
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_EMAIL_NOTIFICATIONS = True  # tell the user when their password, email or MFA changes (ASVS 2.2.3)
ACCOUNT_RATE_LIMITS = {  # allauth's defaults, spelled out; they rely on the shared cache above
    "login": "30/m/ip",  # every sign-in attempt (browser, app, portal, admin) per IP
    "login_failed": "10/m/ip,5/5m/key",  # failures per IP, and per IP + email address
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",  # also counts wrong passwords when deleting an account
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Pain diary] "
LOGIN_REDIRECT_URL = "/care/"
HEADLESS_CLIENTS = ("browser", "app")
HEADLESS_TOKEN_STRATEGY = "accounts.token_strategy.SessionTokenStrategy"  # one session read per request
HEADLESS_SERVE_SPECIFICATION = True
HEADLESS_FRONTEND_URLS = {
    "account_confirm_email": "/#/verify-email/{key}",
    "account_reset_password_from_key": "/#/reset-password/{key}",
    "account_signup": "/#/signup",
}
LOGIN_URL = "/accounts/login/"  # the admin signs in here too (config/urls.py): rate limits and MFA
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
# Staff and clinicians without a second factor are sent to set one up before the admin, the
# portal or the clinician API (config.middleware.RequireMfaMiddleware, api.permissions).
REQUIRE_MFA_FOR_STAFF = env.bool("REQUIRE_MFA_FOR_STAFF", default=PRODUCTION)
MFA_SETUP_URL = "/accounts/2fa/"
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG  # passkeys on http://localhost during development

# ------------------------------------------------------------------------------
# Django REST framework and the OpenAPI schema
# ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.SessionTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.CursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],  # JSON only (CONTRACT.md): no forms
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",  # drf-standardized-errors' + our 400s
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["api.renderers.JSONRenderer"],  # never fails on a lone surrogate
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonRateThrottle",  # DRF's, failing open for signed-in users
        "api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_ANON", default="120/min"),
        "user": env.str("THROTTLE_USER", default="1200/min"),
        "sync": env.str("THROTTLE_SYNC", default="240/min"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# The domain raises core.errors and Django's ValidationError; api.errors maps them to HTTP once.
DRF_STANDARDIZED_ERRORS = {"EXCEPTION_HANDLER_CLASS": "api.errors.ApiExceptionHandler"}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append("rest_framework.renderers.BrowsableAPIRenderer")
SPECTACULAR_SETTINGS = {
    "TITLE": "Pain diary API",
    "DESCRIPTION": "Patient, clinician and sync endpoints. See CONTRACT.md for the parts that never drift.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # /api/docs/ loads Swagger UI from our own static files, not a CDN (the CSP allows none),
    # and its start-up script from a URL of its own, not inline (config/urls.py).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ValidationErrorEnum": "drf_standardized_errors.openapi_serializers.ValidationErrorEnum.choices",
        "ClientErrorEnum": "drf_standardized_errors.openapi_serializers.ClientErrorEnum.choices",
        "ServerErrorEnum": "drf_standardized_errors.openapi_serializers.ServerErrorEnum.choices",
        "ErrorCode401Enum": "drf_standardized_errors.openapi_serializers.ErrorCode401Enum.choices",
        "ErrorCode403Enum": "drf_standardized_errors.openapi_serializers.ErrorCode403Enum.choices",
        "ErrorCode404Enum": "drf_standardized_errors.openapi_serializers.ErrorCode404Enum.choices",
        "ErrorCode405Enum": "drf_standardized_errors.openapi_serializers.ErrorCode405Enum.choices",
        "ErrorCode406Enum": "drf_standardized_errors.openapi_serializers.ErrorCode406Enum.choices",
        "ErrorCode415Enum": "drf_standardized_errors.openapi_serializers.ErrorCode415Enum.choices",
        "ErrorCode429Enum": "drf_standardized_errors.openapi_serializers.ErrorCode429Enum.choices",
        "ErrorCode500Enum": "drf_standardized_errors.openapi_serializers.ErrorCode500Enum.choices",
        "RedFlagKindEnum": "api.red_flags.KIND_CHOICES",
        "RedFlagSourceEnum": "api.red_flags.SOURCE_CHOICES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_standardized_errors.openapi_hooks.postprocess_schema_enums",
        "api.schema.index_attrs_as_patterns",
        "api.schema.inline_literals",
    ],
}

# ------------------------------------------------------------------------------
# Email
# ------------------------------------------------------------------------------
# Production sends through EMAIL_URL (smtp+tls://user:pass@host:587); development prints
# emails (verification codes) to the console.
EMAIL_URL = env.str("EMAIL_URL", default="smtp://localhost:25" if PRODUCTION else "consolemail://")
_email = env.email_url_config(EMAIL_URL)
_SMTP_OPTIONS = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
}
_is_smtp = _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {opt: _email[key] for key, opt in _SMTP_OPTIONS.items() if _is_smtp and key in _email},
    }
}
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="Pain diary <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# ------------------------------------------------------------------------------
# Web Push reminders (reminders/, docs/reminders.md)
# ------------------------------------------------------------------------------
# Without both keys reminders are off. `manage.py generate_vapid_keys` makes a pair.
VAPID_PUBLIC_KEY = env.str("VAPID_PUBLIC_KEY", default="")
VAPID_PRIVATE_KEY = env.str("VAPID_PRIVATE_KEY", default="")
VAPID_SUBJECT = env.str("VAPID_SUBJECT", default="mailto:admin@localhost")
# The only places the server posts push messages to (a browser names its endpoint): scheme://host
# patterns. Firefox, Chrome/Android (FCM), Safari, Edge.
PUSH_SERVICE_ORIGINS = env.list(
    "PUSH_SERVICE_ORIGINS",
    default=[
        "https://updates.push.services.mozilla.com",
        "https://fcm.googleapis.com",
        "https://*.push.apple.com",
        "https://*.notify.windows.com",
    ],
)

# ------------------------------------------------------------------------------
# Crisis lines (DOMAIN.md § Catalogues: the self-harm advice names them; catalog/ serves them)
# ------------------------------------------------------------------------------
# Lists of {"name", "number", "region"}, shown by the PWA's urgent-help card (offline too, from
# its stored catalogue) and the portal. Per language by default (diary.crisis_lines, decision
# 102): English suits the UK, Ireland, the US, Canada and Australia; Spanish the US (988's
# Spanish line), Spain and Mexico. CRISIS_LINES, when set (a JSON list), is the deployment's
# own numbers and replaces the defaults for every language; unset, it is the English list.
CRISIS_LINE_DEFAULTS: dict[str, list[dict[str, str]]] = {
    "en": [
        {"name": "Samaritans", "number": "116 123", "region": "UK and Ireland"},
        {"name": "988 Suicide & Crisis Lifeline", "number": "988", "region": "United States"},
        {"name": "9-8-8 Suicide Crisis Helpline", "number": "988", "region": "Canada"},
        {"name": "Lifeline", "number": "13 11 14", "region": "Australia"},
    ],
    "es": [
        {
            "name": "988 Suicide & Crisis Lifeline (marque 2 para español)",
            "number": "988",
            "region": "Estados Unidos",
        },
        {"name": "024 Línea de atención a la conducta suicida", "number": "024", "region": "España"},
        {"name": "Teléfono de la Esperanza", "number": "717 003 717", "region": "España"},
        {"name": "Línea de la Vida", "number": "800 911 2000", "region": "México"},
    ],
}
CRISIS_LINES = env.json("CRISIS_LINES", default=list(CRISIS_LINE_DEFAULTS["en"]))
for _crisis_lines in (CRISIS_LINES, *CRISIS_LINE_DEFAULTS.values()):
    if not isinstance(_crisis_lines, list) or not all(
        isinstance(line, dict)
        and set(line) == {"name", "number", "region"}
        and all(isinstance(value, str) and value.strip() for value in line.values())
        for line in _crisis_lines
    ):
        raise environ.ImproperlyConfigured(
            'CRISIS_LINES: a JSON list of {"name": ..., "number": ..., "region": ...}, '
            "each a non-empty string"
        )


# ------------------------------------------------------------------------------
# Static files (WhiteNoise serves them and the built PWA)
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FRONTEND_DIST = BASE_DIR / "frontend" / "dist"

# ------------------------------------------------------------------------------
# Security headers and cookies
# ------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "worker-src": [CSP.SELF],
}
# Browser features the app never uses, off for it and anything it embeds
# (config.middleware.PermissionsPolicyMiddleware). Notifications and push are not governed by
# this header; passkeys (publickey-credentials-*) keep their default, this origin only.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = False  # the PWA reads the token to send X-CSRFToken
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Session lifetimes (accounts.sessions): idle = since the last request, absolute = since
# sign-in. Patients keep the diary on their own phone; staff and clinicians get ASVS L2's
# 30 minutes / 12 hours. The cookie itself lives as long as the longest absolute limit.
SESSION_TIMEOUTS = {
    "patient": {
        "idle": env.int("SESSION_IDLE_SECONDS", default=7 * 24 * 3600),
        "absolute": env.int("SESSION_ABSOLUTE_SECONDS", default=30 * 24 * 3600),
    },
    "privileged": {
        "idle": env.int("STAFF_SESSION_IDLE_SECONDS", default=30 * 60),
        "absolute": env.int("STAFF_SESSION_ABSOLUTE_SECONDS", default=12 * 3600),
    },
}
SESSION_COOKIE_AGE = max(t["absolute"] for t in SESSION_TIMEOUTS.values())

# ------------------------------------------------------------------------------
# Limits on input
# ------------------------------------------------------------------------------
# Bodies above the limit get 413 (config.middleware.BodySizeLimitMiddleware, first in line,
# from Content-Length: without one Django reads no body); the paths that carry many records
# at once have their own, larger limit. Django's own check (a 400, one size for all) is off.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = None
REQUEST_BODY_LIMITS = {
    "/api/v1/sync/push": 8 * 1024 * 1024,  # 500 mutations (api.sync.TooManyMutations beyond)
    "/api/v1/import/": env.int("IMPORT_MAX_BYTES", default=16 * 1024 * 1024),  # a whole diary
}
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# ------------------------------------------------------------------------------
# Logging: no request bodies or query strings with health data go to the logs
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}
WHITENOISE_ROOT = FRONTEND_DIST if FRONTEND_DIST.exists() else None  # /assets/…, icons, manifest
# WhiteNoise serves the .br and .gz the build writes beside each file (frontend/scripts/compress.mjs)
# by Accept-Encoding, with Vary: Accept-Encoding, for WHITENOISE_ROOT as for STATIC_ROOT.
FRONTEND_IMMUTABLE = "public, max-age=31536000, immutable"  # a year: the name changes with the content
FRONTEND_REVALIDATE = "no-cache"  # stored, but asked again every time (a 304 when unchanged)
FRONTEND_ICONS = "public, max-age=86400"  # unhashed but seldom changed: a day


def _frontend_headers(headers, path: str, url: str) -> None:
    """Cache policy of the built PWA (docs/assets.md).

    Vite puts a content hash in every name under /assets/, so they are kept a year and never
    revalidated. The shell, the service worker and the manifest keep their names across
    releases: they must be revalidated, or a new release waits a cache age.
    """
    if url.startswith("/assets/"):
        headers["Cache-Control"] = FRONTEND_IMMUTABLE
    elif url in ("/sw.js", "/index.html", "/manifest.webmanifest"):
        headers["Cache-Control"] = FRONTEND_REVALIDATE
    elif url.startswith("/icons/"):
        headers["Cache-Control"] = FRONTEND_ICONS
    if url == "/sw.js":
        headers["Service-Worker-Allowed"] = "/"


WHITENOISE_ADD_HEADERS_FUNCTION = _frontend_headers

# ------------------------------------------------------------------------------
# Test runs (DJANGO_ENV=test, set by config/test_settings.py)
# ------------------------------------------------------------------------------
if DJANGO_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed, tests only
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
