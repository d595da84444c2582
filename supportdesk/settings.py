"""Supportdesk settings: the only settings module, driven by the environment (see .env.example)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from supportdesk import embedded

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # local convenience; real environment variables win
# Runtime state (embedded database, broker folder, uploads); tests point it at a temporary folder.
VAR_DIR = Path(env.str("SUPPORTDESK_VAR_DIR", default=str(BASE_DIR / "var")))

# --- Core ---
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY")  # no default: a missing secret stops startup
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
PRODUCTION = env.bool("SUPPORTDESK_PRODUCTION", default=False)
SITE_URL = env.str("SUPPORTDESK_SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "daphne",  # channels.testing imports it; uvicorn serves in production
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and Redoc served from our static files, no CDN
    "channels",
    "guardian",
    "auditlog",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "accounts",
    "tickets",
    "knowledgebase",
    "chat",
    "privacy",
    "dashboards",
    "assistant",
    "portal",
    "api",
    "telephony",
    "mail",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "supportdesk.language.ChosenLanguageMiddleware",  # Russian unless the visitor chose otherwise
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
    "accounts.middleware.DeskPresenceMiddleware",  # desk page views are signs of life (accounts.presence)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "supportdesk.urls"
WSGI_APPLICATION = None
ASGI_APPLICATION = "supportdesk.asgi.application"

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
                "accounts.context_processors.roles",
            ],
        },
    },
]

# --- Database ---
# With no DATABASE_URL an embedded PostgreSQL under var/ serves (make run, make test on a bare machine).
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
    # django-environ keeps a percent-encoded unix-socket folder (postgres://user@%2Fpath/db) encoded
    DATABASES["default"]["HOST"] = unquote(DATABASES["default"]["HOST"])
else:
    DATABASES = {"default": embedded.postgres_settings(VAR_DIR / "postgres")}
DATABASES["default"].setdefault("TEST", {})["NAME"] = env.str("TEST_DATABASE_NAME", default="test_supportdesk")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, channel layer, Celery ---
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # redis-py 8 caps an asyncio pool at 100 connections; channels-redis passes none (research/performance.md)
    CHANNEL_LAYERS = {
        "default": {
            # pub/sub: one PUBLISH per event; measured against RedisChannelLayer by benchmarks/chat_delivery.py
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": REDIS_URL, "max_connections": 1000}]},
        }
    }
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
else:
    # One process serves every socket in the embedded setup, so the in-memory layer is enough.
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
    _broker_folder = embedded.celery_filesystem_folder(VAR_DIR) if CELERY_BROKER_URL == "filesystem://" else ""
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": _broker_folder,
        "data_folder_out": _broker_folder,
        # kombu's default is ./control (relative to the working directory): keep it under var/ too
        "control_folder": f"{_broker_folder}/control" if _broker_folder else "",
    }

CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/Moscow"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Dashboard rollups (dashboards.services): each minute recompute the hours whose requests changed, so the
    # supervisor's «live» figures lag by a minute at most; nightly a full rebuild also drops the hours of
    # requests deleted by retention (deletions leave no journal row to find them by).
    "dashboards-rollup-refresh": {"task": "dashboards.tasks.rollup_refresh_task", "schedule": crontab()},
    "dashboards-rollup-rebuild": {
        "task": "dashboards.tasks.rollup_rebuild_task",
        "schedule": crontab(hour=3, minute=30),
    },
    # Routing safety net (tickets.routing.routing_sweep): requests still queued are offered again each minute,
    # in case an event that frees an operator (status, capacity) was lost; routing itself is event-driven.
    "tickets-routing-sweep": {"task": "tickets.tasks.routing_sweep_task", "schedule": crontab()},
    # Desk presence (accounts.presence): operators whose desk fell silent are marked «отошёл» and their requests
    # re-routed. An interval (like the SLA sweep below), so an absence is noticed within the timeout + 30 s.
    "accounts-presence-sweep": {
        "task": "accounts.tasks.operator_presence_sweep_task",
        "schedule": 30.0,
        "options": {"expires": 30.0},
    },
    # Callbacks (telephony.callback_sla): one past its 30-minute deadline is flagged, journaled and alerted to
    # supervisors within a minute; idempotent (flagged once), so an overlapping run alerts nobody twice.
    "telephony-callbacks-overdue": {"task": "telephony.tasks.callbacks_overdue_task", "schedule": crontab()},
    # Mobile API (api.services): expired sign-in tokens and idempotency records are dropped hourly.
    "api-expired-purge": {"task": "api.tasks.api_expired_purge_task", "schedule": crontab(minute=17)},
    # Knowledge base: each morning editors hear of articles whose regulation is due for review (TQ2).
    "knowledgebase-review-reminders": {
        "task": "knowledgebase.tasks.review_reminders_task",
        "schedule": crontab(hour=9, minute=0),
    },
    # Answer-time estimates depend on the queue; closing resolved requests keeps the queue honest.
    "tickets-close-resolved": {
        "task": "tickets.tasks.close_resolved_tickets_task",
        "schedule": crontab(minute="*/10"),
    },
    # SLA sweep (tickets.sla): at risk, breached, escalation, supervisor alerts. An interval, not a crontab:
    # crontab's finest step is a minute, while the first-contact target is 30 s and turns «at risk» at 24 s.
    # Short intervals are safe from beat's restart reset (PostHog's warning is about intervals of 60 s and
    # more), and the sweep is idempotent, so an overlapping or repeated run writes nothing twice.
    "tickets-sla-sweep": {
        "task": "tickets.tasks.sla_sweep_task",
        "schedule": 10.0,
        "options": {"expires": 10.0},  # a sweep still queued when the next one is due is dropped, not stacked
    },
}

# --- Auth, 2FA, lockout ---
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out attempts before checking passwords
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "portal-home"
OTP_TOTP_ISSUER = "Supportdesk"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
GUARDIAN_USER_OBJ_PERMS_MODEL = "guardian.UserObjectPermission"
ANONYMOUS_USER_NAME = None  # guardian: no database row for the anonymous user

# --- Sessions and cookies ---
SESSION_COOKIE_AGE = 60 * 60 * 8  # one operator shift
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Internationalisation ---
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Русский")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("SUPPORTDESK_MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
ATTACHMENT_MAX_BYTES = env.int("SUPPORTDESK_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
ATTACHMENT_MAX_COUNT = 5
ATTACHMENT_MAX_TOTAL_BYTES = env.int("SUPPORTDESK_ATTACHMENT_MAX_TOTAL_BYTES", default=25 * 1024 * 1024)
ATTACHMENT_MAX_IMAGE_PIXELS = 40_000_000  # a 40-megapixel scan; larger is a decompression bomb
# ClamAV's clamd scans every upload (tickets.clamav); production requires it: an outage refuses uploads.
CLAMD_SOCKET = env.str("SUPPORTDESK_CLAMD_SOCKET", default="")
CLAMD_HOST = env.str("SUPPORTDESK_CLAMD_HOST", default="")
CLAMD_PORT = env.int("SUPPORTDESK_CLAMD_PORT", default=3310)
ATTACHMENT_SCAN_REQUIRED = env.bool("SUPPORTDESK_ATTACHMENT_SCAN_REQUIRED", default=not DEBUG)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Requests ---
# The assistant reads a request that arrives without a topic; its topic and urgency feed routing (tickets.triage).
TICKETS_AUTO_TRIAGE = env.bool("SUPPORTDESK_AUTO_TRIAGE", default=True)
# The portal's own systems for the assistant's scenarios (portal.gateway): "demo" (local tables) or "http".
PORTAL_GATEWAY = env.str("SUPPORTDESK_PORTAL_GATEWAY", default="demo")
PORTAL_GATEWAY_URL = env.str("SUPPORTDESK_PORTAL_GATEWAY_URL", default="")
PORTAL_GATEWAY_TOKEN = env.str("SUPPORTDESK_PORTAL_GATEWAY_TOKEN", default="")
# Portal chats start with the assistant (chat.dialogue), which hands over to people when needed.
CHAT_ASSISTANT_FIRST = env.bool("SUPPORTDESK_CHAT_ASSISTANT_FIRST", default=True)
# Desk presence (accounts.presence): an operator on the line whose scripted desk has been silent this many
# seconds is marked «отошёл» and their requests re-routed; open desks write a sign of life every HEARTBEAT s.
DESK_PRESENCE_TIMEOUT = env.int("SUPPORTDESK_DESK_PRESENCE_TIMEOUT", default=120)
DESK_PRESENCE_HEARTBEAT = env.float("SUPPORTDESK_DESK_PRESENCE_HEARTBEAT", default=30.0)

# --- Email ---
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="127.0.0.1")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Поддержка Госуслуг <support@gosuslugi.example>")
# Inbound mail (mail/): an IMAP mailbox polled each minute (off while MAIL_IMAP_HOST is empty) and/or push
# delivery from the MTA to `manage.py mail_server` (LMTP on 127.0.0.1:MAIL_SERVER_PORT). Both may run at once.
MAIL_IMAP_HOST = env.str("MAIL_IMAP_HOST", default="")
MAIL_IMAP_PORT = env.int("MAIL_IMAP_PORT", default=993)
MAIL_IMAP_USER = env.str("MAIL_IMAP_USER", default="")
MAIL_IMAP_PASSWORD = env.str("MAIL_IMAP_PASSWORD", default="")
MAIL_IMAP_SSL = env.bool("MAIL_IMAP_SSL", default=True)
MAIL_IMAP_FOLDER = env.str("MAIL_IMAP_FOLDER", default="INBOX")
MAIL_SERVER_PORT = env.int("MAIL_SERVER_PORT", default=8025)
MAIL_MAX_BYTES = env.int("MAIL_MAX_BYTES", default=35 * 1024 * 1024)  # 25 MB of attachments after base64
# Letters whose processing failed (not a database outage: those are taken again by LMTP/IMAP) are processed
# again after 5 min, 10 min, … up to 6 h apart (mail.services.mail_failed_retry); then a person decides.
CELERY_BEAT_SCHEDULE["mail-failed-retry"] = {
    "task": "mail.tasks.mail_failed_retry_task",
    "schedule": crontab(minute="*/5"),
}
if MAIL_IMAP_HOST:
    # each minute: citizens' letters are acknowledged within a minute; overlapping polls are harmless
    # (a letter's Message-ID is claimed once), and a poll still queued when the next is due is dropped
    CELERY_BEAT_SCHEDULE["mail-imap-poll"] = {
        "task": "mail.tasks.mail_imap_poll_task",
        "schedule": crontab(),
        "options": {"expires": 60.0},
    }

# --- API ---
# Rate limits (and any other cache use) must be shared by every worker process: Redis when there is one.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "supportdesk.errors.api_exception_handler",
    # scopes of api.throttling (the mobile API); counted in the default cache, shared by workers through Redis
    "DEFAULT_THROTTLE_RATES": {
        "api_anonymous": "60/min",
        "api_citizen": "300/min",
        "api_sign_in": "10/min",
        "api_create": "30/hour",
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Supportdesk API",
    "DESCRIPTION": "API службы поддержки портала госуслуг",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Logging: personal data never reaches log lines (see tickets.services for what is logged) ---
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "pgserver": {"level": "WARNING"}},
}

# --- Supportdesk ---
ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="admin/")
SUPPORT_PHONE = "+7 495 777-77-77"
# Prometheus scrapers send «Authorization: Bearer <token>» to /metrics; empty: only signed-in staff read it.
METRICS_TOKEN = env.str("SUPPORTDESK_METRICS_TOKEN", default="")
