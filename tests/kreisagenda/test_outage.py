"""While the database is away, pages and the API answer 503 with Retry-After (not 500), and the next
request after it is back works. The outage is real: the connection points at a server that is not there.

Runs outside the per-test transaction (the connection is closed); it writes nothing.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from accounts.models import User
from tests.conftest import World


def test_pages_and_the_api_answer_503_while_the_database_is_away(
    world: World, django_db_blocker: pytest.FixtureRequest
) -> None:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(email="koordination@kreis-hoexter.example"))
        saved = dict(connection.settings_dict)
        try:
            connection.close()
            connection.settings_dict["HOST"] = "/nonexistent/kreisagenda-socket-dir"
            page = client.get("/kreise/kreis-hoexter/")
            api = client.get("/api/v1/districts/")
        finally:
            connection.close()
            connection.settings_dict.update(saved)
        assert page.status_code == 503
        assert page["Retry-After"] == "30"
        assert "Die Datenbank ist gerade nicht erreichbar" in page.content.decode()
        assert api.status_code == 503
        assert api["Retry-After"] == "30"
        assert "Datenbank" in api.json()["detail"]
        assert client.get("/kreise/kreis-hoexter/").status_code == 200  # back: the next request works
