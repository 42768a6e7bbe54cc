"""Settings shared by every environment. Environment-specific files only change what differs."""

from __future__ import annotations

import datetime
from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kreisagenda.env import (
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    other_databases_from_env,
    sqlalchemy_broker_url,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent  # platform/kreisagenda
REPO_DIR = PROJECT_DIR.parent.parent

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "unsafe-development-key-do-not-use-in-production")
DEBUG = env_bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# --- Tenancy (django-tenants) ---------------------------------------------------------------
# Apps are either shared (public schema) or tenant (one schema per town), never both.
SHARED_APPS = [
    "django_tenants",
    "tenants",  # districts and towns (the tenant model)
    "accounts",  # one account across districts and towns, memberships
    "shared_vision",  # the district's vision, principles, fields of action, goals (versions)
    "quickcheck",  # the district's Quick-Check grid, one version per campaign year
    "publishing",  # immutable snapshots of what towns released (the district reads only these)
    "roadmap",  # joint projects of the district's towns, the district's roadmap, the yearly review
    "benchmarking",  # comparison, synergies and duplicated-structure flags, from published snapshots
    "comments",  # comments on joint projects and duplicate flags (and, as comments.town, on a town's measures)
    "mentoring",  # mentoring records between towns, requests for a mentor, interest in joint projects
    "opendata",  # a district's open data: public pages, files and a DCAT-AP.de catalogue (opt-in)
    "partners",  # partners' proposals of measures to a town or the district (Stadtwerke, Digitalbeirat, …)
    "dashboards",  # the homes of each role (no tables of its own)
    "reports",  # the conference's and the towns' reports (PDF, XLSX, CSV), built in the worker
    "notifications",  # a person's inbox, e-mails (instant or weekly) and their settings, from the apps' hooks
    "django.contrib.postgres",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "rest_framework",
    "kreisagenda",  # before drf_spectacular: its templates/drf_spectacular/ gives the API docs page lang and contrast
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",  # failed sign-ins and lockouts (public schema)
]
TENANT_APPS = [
    "audit",  # the town's own history of changes
    "quickcheck.answers",  # the town's Quick-Check answers, drafts and releases
    "shared_vision.town_focus",  # the town's priorities per field of action and local goals
    "roadmap.measures",  # the town's measures, milestones and their state at each release
    "solutions",  # the town's solution register (published to the district on every change)
    "comments.town",  # comments on the town's measures (the town's data, D88)
    "evidence",  # the town's evidence files on answers and measures (bytes in its schema, D91)
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Town"
# Routing is path-based (see docs/decisions.md, D1); django-tenants' Domain model is not used,
# but the library reads this setting in a few management commands.
TENANT_DOMAIN_MODEL = "tenants.Town"
DATABASE_ROUTERS = ["kreisagenda.tenancy.DatabaseRouter", "django_tenants.routers.TenantSyncRouter"]  # D107
# `SET search_path` only on the first statement after the schema changed (set_tenant and
# set_schema_to_public, i.e. kreisagenda.tenancy), not before every statement. Safe because the
# search_path changes only through those calls: the middleware resets every request to public,
# tenant-schemas-celery and tenant_context switch through them too, django-tenants sets the path
# again after a rollback (also to a savepoint) or a closed connection, and raw SQL that could change
# the path calls tenancy.search_path_refresh() (provisioning). tests/kreisagenda/test_search_path.py.
TENANT_LIMIT_SET_CALLS = True
# A kept connection (CONN_MAX_AGE) is closed at the end of the request in which it has worked in more than
# this many schemas (0: no limit): a backend keeps each touched schema's catalogue entries (D122). Counted
# through django-tenants' hook on every schema selection (kreisagenda.connections).
KREISAGENDA_CONN_MAX_SCHEMAS = max(0, env_int("KREISAGENDA_CONN_MAX_SCHEMAS", 100))
EXTRA_SET_TENANT_METHOD_PATH = "kreisagenda.connections.schema_selected"
# migrate_schemas migrates only the towns' schemas that lack a migration (kreisagenda.tenancy.migration_executor).
GET_EXECUTOR_FUNCTION = "kreisagenda.tenancy.migration_executor"
# The schema of the template from which town schemas are provisioned (tenants/provisioning.py).
KREISAGENDA_TEMPLATE_SCHEMA = "kreisagenda_template"
# pg_dump used to capture the template's DDL; empty means: the embedded server's, else PATH.
KREISAGENDA_PG_DUMP = env_str("KREISAGENDA_PG_DUMP", "")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kreisagenda.headers.SecurityHeadersMiddleware",  # CSP, and private caching of signed-in pages
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kreisagenda.middleware.PublicSchemaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kreisagenda.sessions.SessionLimitsMiddleware",  # idle and absolute limits of a sign-in
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # answers a locked-out sign-in with the lockout page
    # Last: its refusal comes after the CSRF check and may show who is signed in.
    "kreisagenda.middleware.ControlCharactersMiddleware",
]

ROOT_URLCONF = "kreisagenda.urls"
WSGI_APPLICATION = "kreisagenda.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kreisagenda.context_processors.navigation",
                "notifications.context_processors.unread",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# DATABASE_URL names a real server; local and test settings fall back to an embedded one.
DATABASE_URL = env_str("DATABASE_URL", "")
# Growing past one database (D107): districts, each with its towns, are placed on several databases.
# This process serves its own ("default", named KREISAGENDA_DATABASE_NAME); the others are named in
# KREISAGENDA_DATABASES and reached only for placing districts and the size-class figures.
KREISAGENDA_DATABASE_NAME = env_str("KREISAGENDA_DATABASE_NAME", "kreisagenda")
KREISAGENDA_OTHER_DATABASES = other_databases_from_env(env_str("KREISAGENDA_DATABASES", ""))
if KREISAGENDA_DATABASE_NAME in KREISAGENDA_OTHER_DATABASES:
    raise ImproperlyConfigured(
        f"KREISAGENDA_DATABASES nennt „{KREISAGENDA_DATABASE_NAME}“, den Namen der eigenen Datenbank "
        "(KREISAGENDA_DATABASE_NAME); dort nur die anderen eintragen."
    )
OTHER_DATABASES = {name: database_from_url(url) for name, url in KREISAGENDA_OTHER_DATABASES.items()}
# A new district goes to the database with the fewest schemas, as long as one stays below this (D107).
KREISAGENDA_SCHEMAS_PER_DATABASE = env_int("KREISAGENDA_SCHEMAS_PER_DATABASE", 2000)
DATABASES = {"default": database_from_url(DATABASE_URL), **OTHER_DATABASES} if DATABASE_URL else {}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out sign-in before the password is checked (decision D56).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# Five wrong passwords for one account from one address lock that pair for 15 minutes; the
# coordination's office behind one address keeps working, and a guesser cannot lock anyone out
# from elsewhere. Unlock early: `manage.py axes_reset_username <e-mail>` (docs/operations).
AXES_FAILURE_LIMIT = env_int("KREISAGENDA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form's field (it holds the e-mail address, our USERNAME_FIELD)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Behind the town hall's reverse proxy: how many proxies stand in front (their X-Forwarded-For is trusted).
KREISAGENDA_NUM_PROXIES = env_int("KREISAGENDA_NUM_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "kreisagenda.clients.client_address"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

# --- Language and formats: German first ------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Berlin"
USE_THOUSAND_SEPARATOR = True

# --- Static files: everything is served by the app itself (no CDN) ----------------------------
STATIC_URL = "/static/"
STATIC_ROOT = REPO_DIR / ".local" / "static"


# plotly.js is served by the app (no CDN): its partial "cartesian" bundle (bar, box, scatter, heatmap —
# every trace the charts use), vendored in kreisagenda/static/vendor/plotly/ (decision D81).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = REPO_DIR / ".local" / "media"
# Where the export of a town's data is written before the town is removed.
KREISAGENDA_EXPORT_DIR = Path(env_str("KREISAGENDA_EXPORT_DIR", str(REPO_DIR / ".local" / "exports")))

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous API call is then answered 401 with a WWW-Authenticate header.
        "accounts.authentication.ApiTokenAuthentication",  # a person's own tokens (D59), wrong ones limited
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Default deny: every view names what it allows through kreisagenda.permissions.
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "accounts.authentication.ReadOnlyTokens",  # a read-only token reads (D59)
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's parsers that also refuse control characters in any text, 400 by field (D53), and JSON nested too deep (D58).
    "DEFAULT_PARSER_CLASSES": [
        "kreisagenda.parsers.JSONParser",
        "kreisagenda.parsers.FormParser",
        "kreisagenda.parsers.MultiPartParser",
    ],
    # A service's django.core.exceptions.ValidationError answers 400, keyed by field (kreisagenda.api).
    "EXCEPTION_HANDLER": "kreisagenda.api.exception_handler",
    # Each account's calls per minute (wrong tokens per address: accounts.authentication).
    "DEFAULT_THROTTLE_CLASSES": ["kreisagenda.throttling.AccountRateThrottle"],
    "NUM_PROXIES": KREISAGENDA_NUM_PROXIES,
}
KREISAGENDA_API_RATES: dict[str, str | None] = {
    "failed_token": env_str("KREISAGENDA_API_RATE_FAILED_TOKEN", "30/min"),
    "account": env_str("KREISAGENDA_API_RATE_ACCOUNT", "600/min"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kreisagenda API",
    "DESCRIPTION": "Gemeinsame Digitalisierungsstrategie von Kreis und Kommunen.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs UI's assets come from drf-spectacular-sidecar: served by us, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No links inside the operations' toggle buttons (nested interactive controls), no validator badge
    # (it would ask a third-party server).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    # Several answers have a "status" or a "kind", each with its own choices: name each set, so the
    # schema's enum names stay stable.
    "ENUM_NAME_OVERRIDES": {
        "ProjectStatusEnum": "roadmap.models.ProjectStatus",
        "AssessmentStatusEnum": "quickcheck.answers.models.AssessmentStatus",
        "SnapshotStatusEnum": "publishing.models.SnapshotStatus",
        "FlagStatusEnum": "benchmarking.models.FlagStatus",
        "TownKindEnum": "tenants.models.TownKind",
        "RoadmapRowKindEnum": ["measure", "joint_project"],
        "NotificationFrequencyEnum": "notifications.models.Frequency",
    },
}

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", sqlalchemy_broker_url(DATABASE_URL) if DATABASE_URL else "")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Celery beat (started by the demo beside the worker): publish what a lost task left unpublished (D51).
CELERY_BEAT_SCHEDULE = {
    "publications-reconcile": {
        "task": "publishing.tasks.publications_reconcile_task",
        "schedule": env_int("KREISAGENDA_RECONCILE_SECONDS", 300),
    },
    # Reports whose build was lost the same way are built again (reports.tasks.reports_reconcile).
    "reports-reconcile": {
        "task": "reports.tasks.reports_reconcile_task",
        "schedule": env_int("KREISAGENDA_RECONCILE_SECONDS", 300),
    },
    # Size-class figures of a year published before they were stored, or whose refresh failed (D105).
    "size-class-figures-reconcile": {
        "task": "benchmarking.tasks.size_class_figures_reconcile_task",
        "schedule": env_int("KREISAGENDA_RECONCILE_SECONDS", 300),
    },
    # Notifications (D86): instant mails whose task was lost, the daily reminders (deadlines, late
    # measures; each once), the weekly digest on Monday morning.
    "notifications-mails-reconcile": {
        "task": "notifications.tasks.mails_instant_reconcile_task",
        "schedule": env_int("KREISAGENDA_RECONCILE_SECONDS", 300),
    },
    "notifications-reminders": {
        "task": "notifications.tasks.reminders_daily_task",
        "schedule": crontab(hour=6, minute=30),
    },
    "notifications-digest": {
        "task": "notifications.tasks.digests_weekly_task",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),
    },
}

# --- E-mail (notifications, D87) ---------------------------------------------------------------
# Production: SMTP from the environment. The demo writes mails into .local/mail/, the tests keep them in memory.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Kreisagenda <kreisagenda@localhost>")
# The address people reach the site at: links in e-mails.
KREISAGENDA_SITE_URL = env_str("KREISAGENDA_SITE_URL", "http://localhost:8000")

# --- Security defaults (production tightens further) ----------------------------------------
SESSION_COOKIE_HTTPONLY = True
# A sign-in ends after 30 minutes without a request and after 10 hours at most (kreisagenda.sessions, D57).
SESSION_COOKIE_AGE = env_int("KREISAGENDA_SESSION_IDLE_MINUTES", 30) * 60
# Evidence files (D91): per file, per answer or measure, per town. Uploads above
# FILE_UPLOAD_MAX_MEMORY_SIZE (Django's 2.5 MB) are streamed to a temporary file, not held in memory;
# the size is checked before the file is read.
KREISAGENDA_EVIDENCE_MAX_FILE_BYTES = env_int("KREISAGENDA_EVIDENCE_MAX_FILE_MB", 10) * 1024 * 1024
KREISAGENDA_EVIDENCE_MAX_FILES_PER_ITEM = env_int("KREISAGENDA_EVIDENCE_MAX_FILES_PER_ITEM", 10)
KREISAGENDA_EVIDENCE_TOWN_QUOTA_BYTES = env_int("KREISAGENDA_EVIDENCE_TOWN_QUOTA_MB", 200) * 1024 * 1024
KREISAGENDA_SESSION_MAX_SECONDS = env_int("KREISAGENDA_SESSION_MAX_HOURS", 10) * 3600
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "pgserver": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
