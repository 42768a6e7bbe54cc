"""Switching the connection between the public schema and a town's schema (typed, in one place).

The only module that calls django-tenants' schema switching. A request enters the town it names
after the permission check (``kreisagenda.lookups.town_enter``; the middleware resets every
request to public). Everything else that reads or writes a town's schema from outside a request
for it is one of the named crossings (docs/architecture.md): provisioning, publishing, campaign
preparation, the town export, and the demo's seeding; it uses :func:`town_schema`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

from django.db import connection
from django_tenants.utils import tenant_context

if TYPE_CHECKING:
    from tenants.models import Town


def _tenant_connection() -> Any:
    # django-tenants' backend adds these methods; the stubs only know Django's base wrapper.
    return cast(Any, connection)


def public_schema_activate() -> None:
    _tenant_connection().set_schema_to_public()


def town_schema_activate(town: Town) -> None:
    """Work in ``town``'s schema from here on. Callers must have checked permissions first."""
    _tenant_connection().set_tenant(town)


@contextmanager
def town_schema(town: Town) -> Iterator[None]:
    """Work in ``town``'s schema inside the block; the schema active before is restored afterwards,
    also after an error. Callers have checked permissions first."""
    with tenant_context(town):
        yield


def search_path_refresh() -> None:
    """Make the next statement set the search_path again, for the schema that is active now.

    With ``TENANT_LIMIT_SET_CALLS`` django-tenants issues ``SET search_path`` only after the schema
    was changed through its API. Call this after raw SQL that may have changed the path behind its
    back (DDL replayed by provisioning): selecting the active schema again is that API's way to forget
    the path it set, without leaving the schema.
    """
    tenant_connection = _tenant_connection()
    tenant_connection.set_tenant(tenant_connection.tenant, include_public=tenant_connection.include_public_schema)


def active_schema() -> str:
    return str(_tenant_connection().schema_name)


def town_schema_require(town: Town, *, purpose: str) -> None:
    """Refuse to read or write ``town``'s data unless its schema is the active one (a programming error)."""
    if active_schema() != town.schema_name:
        raise RuntimeError(f"{purpose} für {town} braucht deren Schema, aktiv ist {active_schema()}.")
