"""A kept database connection is closed once it has worked in more schemas than the limit (D122).

Served for real (``tests/live.py``): one gunicorn worker keeping its connection, on a copy of the test
database, whose backends are read from ``pg_stat_activity``. The coordinator opens the district's page
(the public schema) and then towns' pages, each in its town's schema.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import psycopg
import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from kreisagenda.connections import connection_close_if_wide, schemas_selected
from kreisagenda.tenancy import public_schema_activate

from tests.conftest import World
from tests.live import DatabaseCopy, Server, server_start

COORDINATOR = "koordination@kreis-hoexter.example"
TOWNS = ["hoexter", "brakel", "warburg"]


def _app_backends(world_copy: DatabaseCopy) -> set[int]:
    """The server's connections to the copy (this probe's own left out)."""
    with psycopg.connect(world_copy.url, autocommit=True) as probe:
        rows = probe.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = %s AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
            [world_copy.database],
        ).fetchall()
    return {row[0] for row in rows}


def _backends_settled(world_copy: DatabaseCopy, expected: Callable[[set[int]], bool], seconds: float = 10) -> set[int]:
    """The backends once ``expected(backends)`` holds, or after ``seconds``: the worker closes its
    connection after it has sent the response."""
    deadline = time.monotonic() + seconds
    while True:
        backends = _app_backends(world_copy)
        if expected(backends) or time.monotonic() > deadline:
            return backends
        time.sleep(0.05)


def _town_page(server: Server, town: str) -> str:
    """The town's page, without its CSRF tokens (new with every answer): the rest is the same each time
    unless the data it was read from differs."""
    status, _, page = server.get(f"/kreise/kreis-hoexter/kommunen/{town}/")
    assert status == 200, page
    assert "Bereiche der Kommune" in page  # the town's own page
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


@pytest.mark.parametrize("limit", [3, 0], ids=["limit-3-schemas", "no-limit"])
def test_a_kept_connection_is_replaced_after_the_request_that_took_it_past_the_limit(
    world_copy: DatabaseCopy, limit: int
) -> None:
    server = server_start(world_copy, conn_max_age=600, environment={"KREISAGENDA_CONN_MAX_SCHEMAS": str(limit)})
    try:
        server.sign_in(COORDINATOR)
        status, _, page = server.get("/kreise/kreis-hoexter/")
        assert status == 200, page
        first = _backends_settled(world_copy, lambda backends: len(backends) == 1)
        assert len(first) == 1, first

        # public, Höxter, Brakel: three schemas, the limit reached but not passed; the connection is kept.
        pages = {}
        for town in TOWNS[:2]:
            pages[town] = _town_page(server, town)
            assert _backends_settled(world_copy, lambda backends: backends != first, seconds=2) == first

        _town_page(server, TOWNS[2])  # a fourth schema
        after = _backends_settled(world_copy, lambda backends: backends != first, seconds=10 if limit else 2)
        if limit:
            assert after == set(), "the connection that worked in four schemas was kept"
            # Served on a new connection, which starts counting afresh, from Höxter's schema: the page is
            # the one the old connection served, not one read where that connection left off (Warburg).
            assert _town_page(server, TOWNS[0]) == pages[TOWNS[0]]
            renewed = _app_backends(world_copy)
            assert len(renewed) == 1
            assert renewed.isdisjoint(first)
            _town_page(server, TOWNS[1])
            assert _backends_settled(world_copy, lambda backends: backends != renewed, seconds=2) == renewed
        else:
            assert after == first, "without a limit the connection is kept"
    finally:
        server.stop()


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def test_a_connection_inside_a_transaction_is_not_closed_whatever_it_worked_in(world: World, db: None) -> None:
    pid = _backend_pid()
    for schema in ("kreisagenda_eins", "kreisagenda_zwei"):
        connection.set_schema(schema)  # type: ignore[attr-defined]  # django-tenants' API; no statement runs
    public_schema_activate()
    wrapper = connections[DEFAULT_DB_ALIAS]  # ``connection`` is a proxy for it
    assert {"kreisagenda_eins", "kreisagenda_zwei", "public"} <= schemas_selected(wrapper)

    assert connection_close_if_wide(wrapper, 1) is False  # the test's transaction is open
    assert wrapper.connection is not None
    assert _backend_pid() == pid
