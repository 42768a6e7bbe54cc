"""The reconciliation walks every town in one task, and replaces its connection on the way (D122).

Run outside the test's transaction, on a copy of the test database (``tests/live.py``), as the worker
runs it: in autocommit, each town in its own transactions.
"""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.backends.signals import connection_created
from django.test import override_settings

from publishing.tasks import publications_reconcile
from tenants.models import SchemaStatus, Town
from tests.live import DatabaseCopy, connected_to


def _reconcile_counting_connections(world_copy: DatabaseCopy) -> tuple[list[str], int, int]:
    """What the reconciliation published, how many connections it opened, and over how many towns."""
    opened: list[str] = []

    def count(sender: Any, connection: Any, **kwargs: Any) -> None:
        if connection.alias == DEFAULT_DB_ALIAS:
            opened.append(connection.alias)

    with connected_to(world_copy):
        towns = Town.objects.filter(schema_status=SchemaStatus.READY).count()
        opened.clear()
        connection_created.connect(count)
        try:
            published = publications_reconcile()
        finally:
            connection_created.disconnect(count)
    return published, len(opened), towns


def test_the_reconciliation_opens_a_new_connection_each_time_the_last_worked_in_too_many_schemas(
    world_copy: DatabaseCopy,
) -> None:
    with override_settings(KREISAGENDA_CONN_MAX_SCHEMAS=3):
        published, opened, towns = _reconcile_counting_connections(world_copy)
    assert published == []  # the copied world is consistent: nothing to publish, nothing lost
    # public and two towns fit; the third town's schema makes four, and the connection is closed after
    # that town: a new one opens for the fourth, the seventh, … (none after the last town).
    assert towns >= 9
    assert opened == (towns - 1) // 3


def test_without_a_limit_the_reconciliation_keeps_its_one_connection(world_copy: DatabaseCopy) -> None:
    with override_settings(KREISAGENDA_CONN_MAX_SCHEMAS=0):
        published, opened, towns = _reconcile_counting_connections(world_copy)
    assert published == []
    assert towns >= 9
    assert opened == 0  # the count from Town above opened it
