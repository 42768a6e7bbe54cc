"""Read-only pages refuse POST with 405 (they answered it like GET) and change nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from reports.models import Report
from tenants.models import Town
from tests.conftest import World
from tests.helpers import town_unchanged, unchanged

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
DISTRICT = "/kreise/kreis-hoexter"
TOWN = f"{DISTRICT}/kommunen/hoexter"

READ_ONLY = [
    ("coordinator", "/?liste"),
    ("coordinator", f"{DISTRICT}/"),
    ("conference", f"{DISTRICT}/konferenz/"),
    ("conference", f"{DISTRICT}/konferenz/praesentation/"),
    ("officer_hoexter", f"{TOWN}/"),
    ("coordinator", f"{DISTRICT}/leitbild/"),
    ("coordinator", f"{DISTRICT}/quick-check/{YEAR}/"),
    ("officer_hoexter", f"{TOWN}/quick-check/{YEAR}/verlauf/"),
    ("officer_hoexter", f"{TOWN}/roadmap/"),
    ("coordinator", f"{DISTRICT}/roadmap/"),
    ("officer_hoexter", f"{DISTRICT}/leuchttuerme/"),
    ("coordinator", f"{DISTRICT}/fortschreibung/{YEAR}/"),
    ("officer_hoexter", f"{TOWN}/fortschreibung/{YEAR}/"),
    ("coordinator", f"{DISTRICT}/vergleich/{YEAR}/"),
]


@pytest.mark.parametrize(("label", "path"), READ_ONLY, ids=[path for _label, path in READ_ONLY])
def test_a_read_only_page_refuses_post(world: World, client_as: Callable[[str], Client], label: str, path: str) -> None:
    client = client_as(label)
    assert client.get(path).status_code == 200
    with unchanged(Town.objects.all(), Report.objects.all()), town_unchanged(world.town_hoexter):
        answer = client.post(path, {"title": "hineingeschoben", "status": "released"})
    assert answer.status_code == 405
    assert "GET" in answer["Allow"]
