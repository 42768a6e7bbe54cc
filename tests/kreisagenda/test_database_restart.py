"""PostgreSQL restarts while a request is waiting on it: that request answers 503 with Retry-After
(not 500, and it does not hang), and pages work again at once, without anyone signing in anew.

The parts are real (``tests/live.py``): a copy of the test database on a PostgreSQL server of its own,
so the suite's own server never goes down; a gunicorn serving the app on loopback; and
``pg_ctl restart -m fast`` (what an operator or a package update does), which ends every backend. The
request is held mid-flight by a lock on the session table, so the restart hits it while it waits for
the database. Runs once with connections closed after each request and once with persistent
connections (``DJANGO_CONN_MAX_AGE``), whose dead connection must not cost an error page once the
server is back (Django's health check replaces it).
"""

from __future__ import annotations

import threading
import time

import psycopg
import pytest

from tests.live import DatabaseCopy, Server, server_start

COORDINATOR = "koordination@kreis-hoexter.example"
PAGE = "/kreise/kreis-hoexter/"
RECOVERY_SECONDS = 5.0


def _waiting_on_lock(world_copy: DatabaseCopy) -> bool:
    with psycopg.connect(world_copy.url, autocommit=True) as probe:
        row = probe.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = %s",
            [world_copy.database],
        ).fetchone()
    return bool(row and row[0])


def _page_after_restart(server: Server, back_at: float) -> list[int]:
    """Ask for the page until it comes back; the answers on the way, which must all be 503."""
    answers: list[int] = []
    while True:
        status, _, page = server.get(PAGE, timeout=10)
        answers.append(status)
        if status == 200:
            assert "Kreis Höxter" in page  # still signed in: the session outlived the restart
            return answers
        assert status == 503, page
        assert time.monotonic() - back_at < RECOVERY_SECONDS, f"not back after the restart: {answers}"
        time.sleep(0.1)


@pytest.mark.parametrize("conn_max_age", [0, 600], ids=["connection-per-request", "persistent-connections"])
def test_a_restart_costs_only_the_request_it_catches_and_pages_work_again_at_once(
    world_copy: DatabaseCopy, conn_max_age: int
) -> None:
    # One worker process, so every request below meets the connection the one before left behind.
    server = server_start(world_copy, conn_max_age=conn_max_age)
    try:
        server.sign_in(COORDINATOR)
        status, _, page = server.get(PAGE)
        assert status == 200
        assert "Kreis Höxter" in page  # the coordinator's page, signed in

        # A restart between requests: a kept connection died with it, and is replaced unnoticed.
        world_copy.restart()
        assert _page_after_restart(server, time.monotonic()) == [200]

        # A restart during a request: hold the request mid-flight, waiting for its session row.
        holder = psycopg.connect(world_copy.url)
        holder.execute("LOCK TABLE django_session IN ACCESS EXCLUSIVE MODE")
        caught: list[tuple[int, dict[str, str], str]] = []
        in_flight = threading.Thread(target=lambda: caught.append(server.get(PAGE, timeout=60)))
        in_flight.start()
        deadline = time.monotonic() + 20
        while not _waiting_on_lock(world_copy):
            assert time.monotonic() < deadline, "the request never reached the database"
            time.sleep(0.05)
        world_copy.restart()
        back_at = time.monotonic()
        in_flight.join(timeout=30)
        assert not in_flight.is_alive(), "the request caught by the restart hangs"
        holder.close()

        status, headers, body = caught[0]
        assert status == 503, body
        assert headers["Retry-After"] == "30"
        assert "Die Datenbank ist gerade nicht erreichbar" in body
        assert _page_after_restart(server, back_at) == [200]
    finally:
        server.stop()
