"""How long a kept database connection lives: until it has worked in so many schemas (D122).

A PostgreSQL backend keeps the catalogue entries of every schema it touched, about 0.17 MB each (D104).
What makes a kept connection large is therefore the number of schemas it worked in, not its age. Each
new backend in turn starts cold, and loads those entries again inside some request (10-40 ms). So a
connection is closed at the end of the request in which it has worked in more than
``KREISAGENDA_CONN_MAX_SCHEMAS`` schemas. ``CONN_MAX_AGE`` stays as an upper bound in time, and gunicorn
replaces its workers after about 1,000 requests.

A schema counts once it is selected (django-tenants calls ``schema_selected`` from every ``set_tenant``,
through ``EXTRA_SET_TENANT_METHOD_PATH``). A request selects a town's schema only to read or write in it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

_SELECTED = "kreisagenda_schemas_selected"


def schema_selected(wrapper: BaseDatabaseWrapper, tenant: Any) -> None:
    """Remember that the connection now works in ``tenant``'s schema (django-tenants' hook)."""
    wrapper.__dict__.setdefault(_SELECTED, set()).add(tenant.schema_name)


def schemas_selected(wrapper: BaseDatabaseWrapper) -> set[str]:
    """The schemas the connection selected since it was opened."""
    return set(wrapper.__dict__.get(_SELECTED, ()))


def connection_opened(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """A new backend has worked in no schema yet but the one selected now and public, which is on every
    search_path (receiver of ``connection_created``)."""
    public = getattr(settings, "PUBLIC_SCHEMA_NAME", "public")  # django-tenants' default, as its helper reads it
    connection.__dict__[_SELECTED] = {public, getattr(connection, "schema_name", None)} - {None}


def connection_close_if_wide(wrapper: BaseDatabaseWrapper, limit: int) -> bool:
    """Close the connection if it worked in more than ``limit`` schemas (0: no limit); whether it did.

    Never inside a transaction (a test's, or a caller's that is still open): closing would end it."""
    if not limit or wrapper.connection is None or wrapper.in_atomic_block:
        return False
    if len(schemas_selected(wrapper)) <= limit:
        return False
    wrapper.close()
    return True


def connections_close_wide(**kwargs: Any) -> None:
    """At the end of each request (receiver of ``request_finished``, as Django closes old connections)."""
    for wrapper in connections.all(initialized_only=True):
        connection_close_if_wide(wrapper, settings.KREISAGENDA_CONN_MAX_SCHEMAS)


def connection_renew_if_wide() -> bool:
    """For work that walks many towns' schemas in one task: the default connection is closed once it has
    worked in more than ``KREISAGENDA_CONN_MAX_SCHEMAS`` schemas, as after a request, so the backend's
    catalogue memory stays bounded; the next statement opens a new one. Call between towns."""
    return connection_close_if_wide(connections[DEFAULT_DB_ALIAS], settings.KREISAGENDA_CONN_MAX_SCHEMAS)
