"""Every page carries a Content-Security-Policy; what a signed-in person sees is never cached for others.
(The browser tests run every page under this policy: a script or style it blocks is a console error.)"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_pages_carry_a_policy_that_allows_only_the_apps_own_scripts(
    world: World, client_as: Callable[[str], Client]
) -> None:
    for response in (
        Client().get("/anmelden/"),
        client_as("officer_hoexter").get("/kreise/kreis-hoexter/kommunen/hoexter/"),
    ):
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "'unsafe-eval'" not in policy
        assert "default-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy


def test_a_signed_in_persons_pages_and_answers_are_private(world: World, client_as: Callable[[str], Client]) -> None:
    client = client_as("officer_hoexter")
    for path in ("/kreise/kreis-hoexter/kommunen/hoexter/", "/api/v1/districts/kreis-hoexter/towns/hoexter/"):
        cache_control = client.get(path)["Cache-Control"]
        assert "private" in cache_control
        assert "no-cache" in cache_control


def test_the_api_docs_start_their_script_from_a_file(world: World, client_as: Callable[[str], Client]) -> None:
    page = client_as("officer_hoexter").get("/api/v1/docs/").content.decode()
    assert "<script>" not in page  # an inline script would be blocked by the policy
    script = client_as("officer_hoexter").get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
