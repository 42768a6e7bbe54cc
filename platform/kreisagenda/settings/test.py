"""Tests: a real PostgreSQL (embedded and thrown away unless DATABASE_URL names one)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kreisagenda.env import database_from_url, sqlalchemy_broker_url

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-with-enough-length-for-django-checks-0123456789"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="kreisagenda-static-"))
WHITENOISE_USE_FINDERS = True
KREISAGENDA_EXPORT_DIR = Path(tempfile.mkdtemp(prefix="kreisagenda-exports-"))

if not os.environ.get("DATABASE_URL"):
    from kreisagenda.embedded import embedded_database_url

    # A fresh server per test run, deleted when the run ends.
    _url = embedded_database_url(
        Path(tempfile.mkdtemp(prefix="kreisagenda-test-pg-")), database="kreisagenda", throwaway=True
    )
    # Child processes (the Celery worker the tests start) reuse this server.
    os.environ["DATABASE_URL"] = _url
    DATABASES = {"default": database_from_url(_url), **OTHER_DATABASES}  # noqa: F405
    CELERY_BROKER_URL = sqlalchemy_broker_url(_url)

# The API's rate limits are off for the suite (it makes thousands of calls a minute as few accounts);
# tests/accounts/test_sign_in_limits.py turns them on with small rates.
KREISAGENDA_API_RATES = {"failed_token": None, "account": None}

# Mails stay in memory (django.core.mail.outbox); a test's own worker may write them into a folder instead.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")
KREISAGENDA_SITE_URL = "http://testserver"
