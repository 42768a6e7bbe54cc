"""Production: everything from the environment; passes `manage.py check --deploy`."""

from __future__ import annotations

from kreisagenda.env import env_bool, env_int, env_str

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")  # redis://redis:6379/0 in deploy/compose.yaml
# One cache for all web processes: the API's rate limits count per installation, not per process.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("KREISAGENDA_CACHE_URL", "redis://redis:6379/1"),
    }
}

# Connections are kept between requests (DJANGO_CONN_MAX_AGE; measured: a new PostgreSQL backend per request
# cost about 30 % of the server's CPU) and checked before reuse (D104). What a kept backend holds grows with
# the town schemas it touched, so a connection is closed once it has worked in more than
# KREISAGENDA_CONN_MAX_SCHEMAS schemas (D122); 10 minutes is the bound in time. gunicorn and the worker
# recycle their processes too (deploy/compose.yaml).
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DJANGO_CONN_MAX_AGE", 600)  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Secure-sessionid"
CSRF_COOKIE_NAME = "__Secure-csrftoken"
