"""A deeply nested JSON body is a bad request, not a server error (it raised RecursionError: 500)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from kreisagenda.parsers import MAX_JSON_DEPTH
from rest_framework.test import APIClient

from tenants.models import Town
from tests.conftest import World
from tests.helpers import unchanged

pytestmark = pytest.mark.django_db

TOWNS = "/api/v1/districts/kreis-hoexter/towns/"


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 100_000])
def test_a_deeply_nested_body_is_refused_with_400(world: World, api_as: Callable[[str], APIClient], depth: int) -> None:
    body = '{"name": ' + "[" * depth + "]" * depth + "}"
    with unchanged(Town.objects.all()):
        answer = api_as("operator").post(TOWNS, body, content_type="application/json")
    assert answer.status_code == 400
    assert f"tiefer als {MAX_JSON_DEPTH} Ebenen" in answer.json()["detail"]


def test_brackets_inside_strings_do_not_count(world: World, api_as: Callable[[str], APIClient]) -> None:
    body = '{"name": "' + "[" * 500 + '", "ags": "x"}'
    answer = api_as("operator").post(TOWNS, body, content_type="application/json")
    assert answer.status_code == 400  # refused for its fields, not for nesting
    assert "Ebenen" not in answer.content.decode()
