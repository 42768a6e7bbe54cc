"""The demo and local development: an embedded PostgreSQL unless DATABASE_URL names a server."""

from __future__ import annotations

import os

from kreisagenda.env import database_from_url, env_bool, sqlalchemy_broker_url

from .base import *  # noqa: F403
from .base import REPO_DIR

# Mails of the demo land as files in .local/mail/ (the demo says so at start); EMAIL_BACKEND chooses another.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = REPO_DIR / ".local" / "mail"
KREISAGENDA_SITE_URL = os.environ.get(
    "KREISAGENDA_SITE_URL", f"http://localhost:{os.environ.get('KREISAGENDA_DEMO_PORT', '8000')}"
)

# Off in the demo too (error pages show no internals); DJANGO_DEBUG=1 for development.
DEBUG = env_bool("DJANGO_DEBUG", default=False)
if DEBUG:
    # Development: static files straight from the source folders, as they change.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
# Otherwise (the demo) as in production: hashed, compressed (gzip, brotli) and cached for a year,
# collected into .local/static by `manage.py static_ensure`, which the demo runs at start.

if not os.environ.get("DATABASE_URL"):
    from kreisagenda.embedded import embedded_database_url

    _url = embedded_database_url(REPO_DIR / ".local" / "pgdata", database="kreisagenda")
    DATABASES = {"default": database_from_url(_url), **OTHER_DATABASES}  # noqa: F405
    CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or sqlalchemy_broker_url(_url)
