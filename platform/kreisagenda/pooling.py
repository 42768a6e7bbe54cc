"""PgBouncer only in session mode (D108): a check that refuses a connection pooled per transaction.

django-tenants sets the town's schema with ``SET search_path`` once per request (``TENANT_LIMIT_SET_CALLS``),
a setting of the session. Behind a pooler that hands the server connection to another client after each
transaction (PgBouncer's ``transaction`` or ``statement`` mode), the next statement may run with another
request's search_path: one town would read another's data. PgBouncer cannot be asked its mode over an
ordinary connection, so the check looks at what it does: two connections open at the same time get two
server processes from PostgreSQL itself and from a session-mode pool, but may share one when pooled per
transaction. Seen once, that is proof; not seeing it is not (a pool may hand out another process), hence
"where possible". Runs with the database checks (``migrate``, ``check --database default``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from django.apps import AppConfig
from django.core.checks import CheckMessage, Error, Tags, register
from django.db import connections

ROUNDS = 5  # a pool per transaction hands the freed server process to the next client at once (LIFO)


def _connect(settings_dict: dict[str, Any]) -> psycopg.Connection[Any]:
    parameters: dict[str, Any] = {
        key: value for key, value in settings_dict.get("OPTIONS", {}).items() if isinstance(value, str)
    }
    parameters.update(
        dbname=settings_dict["NAME"],
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        connect_timeout=10,
    )
    return psycopg.connect(autocommit=True, **parameters)


_seen: dict[tuple[str, ...], bool] = {}


def pooled_per_transaction(settings_dict: dict[str, Any]) -> bool:
    """Whether two connections open at once to this database were seen sharing one server process; asked
    once per process and database (``migrate_schemas`` runs the checks again for every schema)."""
    key = tuple(str(settings_dict.get(name) or "") for name in ("HOST", "PORT", "NAME", "USER"))
    if key not in _seen:
        _seen[key] = _shared_server_process_seen(settings_dict)
    return _seen[key]


def _shared_server_process_seen(settings_dict: dict[str, Any]) -> bool:
    with _connect(settings_dict) as first, _connect(settings_dict) as second:
        for _ in range(ROUNDS):
            one = first.execute("SELECT pg_backend_pid()").fetchone()
            other = second.execute("SELECT pg_backend_pid()").fetchone()
            if one is not None and other is not None and one[0] == other[0]:
                return True
    return False


@register(Tags.database)
def session_pooling_check(
    *, app_configs: Sequence[AppConfig] | None = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    for alias in databases or []:
        if alias not in connections.settings:
            continue
        if pooled_per_transaction(connections.settings[alias]):
            problems.append(
                Error(
                    f"Die Datenbankverbindung „{alias}“ wird pro Transaktion gepoolt (PgBouncer im Modus "
                    "transaction oder statement). Kreisagenda braucht pool_mode = session: sonst liest eine "
                    "Anfrage mit dem search_path einer anderen Kommune.",
                    hint="In pgbouncer.ini für diese Datenbank pool_mode = session setzen (D108).",
                    id="kreisagenda.E108",
                )
            )
    return problems
