"""Reading settings from the environment, and the database URL format we accept."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Die Umgebungsvariable {name} ist nicht gesetzt.")
    return value


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} ist kein Wahrheitswert (erwartet: true/false).")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict[str, Any]:
    """Turn ``postgresql://user:pass@host:port/db?host=/socket/dir`` into Django's DATABASES entry.

    The ``host`` query parameter (a Unix socket folder, as the embedded server uses) wins over
    the network location, as in libpq. Connections live ``DJANGO_CONN_MAX_AGE`` seconds (0: closed
    after each request) and are checked before reuse, so a server restart costs one reconnect, not an
    error page (tests/kreisagenda/test_database_restart.py).
    """
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(f"DATABASE_URL muss mit postgresql:// beginnen, nicht {parts.scheme}://")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    host = query.pop("host", None) or (parts.hostname or "")
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL nennt keine Datenbank.")
    return {
        "ENGINE": "django_tenants.postgresql_backend",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(parts.port or ""),
        "OPTIONS": query,
        "CONN_MAX_AGE": env_int("DJANGO_CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": True,
    }


def sqlalchemy_broker_url(database_url: str) -> str:
    """Celery broker on the same PostgreSQL (kombu's SQLAlchemy transport): nothing else to install."""
    parts = urlsplit(database_url)
    return "sqla+postgresql+psycopg" + database_url[len(parts.scheme) :]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} ist keine ganze Zahl.") from None


def other_databases_from_env(raw: str) -> dict[str, str]:
    """``KREISAGENDA_DATABASES`` (``name=postgresql://…, name2=postgresql://…``): the installation's other
    databases, on which districts are placed (D107), by name. A name is also the connection's alias."""
    databases: dict[str, str] = {}
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        name, separator, url = item.partition("=")
        name = name.strip()
        if not separator or not name or not url.strip():
            raise ImproperlyConfigured(f"KREISAGENDA_DATABASES: „{item}“ hat nicht die Form name=postgresql://…")
        if name == "default" or name in databases or not name.replace("-", "").replace("_", "").isalnum():
            raise ImproperlyConfigured(f"KREISAGENDA_DATABASES: der Name „{name}“ ist nicht erlaubt oder doppelt.")
        databases[name] = url.strip()
    return databases
