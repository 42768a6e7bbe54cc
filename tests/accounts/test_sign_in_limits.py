"""Guessing passwords and hammering the API are limited (issue 13): before, 30 wrong passwords in 8 s
were followed by a successful sign-in, and the admin's sign-in and the API had no limits at all."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from rest_framework.test import APIClient

from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db

EMAIL = "digital@brakel.example"
LIMIT = settings.AXES_FAILURE_LIMIT


@pytest.fixture(autouse=True)
def _fresh_counts() -> Iterator[None]:
    cache.clear()  # the API's rate limits count in the cache
    yield
    cache.clear()


def _sign_in(client: Client, password: str, path: str = "/anmelden/") -> int:
    return client.post(path, {"username": EMAIL, "password": password}).status_code


def test_wrong_passwords_lock_the_account_for_that_address_even_for_the_right_one(world: World) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(LIMIT - 1):
        assert _sign_in(client, "falsch") == 200  # the form again, with its message
    response = client.post("/anmelden/", {"username": EMAIL, "password": "falsch"})
    assert response.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in response.content.decode()
    assert "15 Minuten" in response.content.decode()
    assert _sign_in(client, PASSWORD) == 429  # the right password does not get through now
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username=EMAIL, ip_address="203.0.113.7").count() == 1


def test_the_same_account_from_another_address_still_signs_in(world: World) -> None:
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(LIMIT):
        _sign_in(attacker, "falsch")
    office = Client(REMOTE_ADDR="198.51.100.20")
    assert _sign_in(office, PASSWORD) == 302  # a guesser elsewhere cannot lock the officer out
    assert "_auth_user_id" in office.session


def test_the_operator_lifts_a_lock_with_the_documented_command(world: World) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(LIMIT):
        _sign_in(client, "falsch")
    assert _sign_in(client, PASSWORD) == 429
    call_command("axes_reset_username", EMAIL)
    assert _sign_in(client, PASSWORD) == 302


def test_the_admin_sign_in_is_limited_too(world: World) -> None:
    client = Client(REMOTE_ADDR="203.0.113.8")
    for _ in range(LIMIT):
        _sign_in(client, "falsch", path="/admin/login/")
    assert _sign_in(client, PASSWORD, path="/admin/login/") == 429


@override_settings(KREISAGENDA_API_RATES={"failed_token": "3/min", "account": None})
def test_wrong_tokens_are_limited_per_address(world: World) -> None:
    client = APIClient(REMOTE_ADDR="203.0.113.9")
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)  # a guessed token
    answers = [client.get("/api/v1/districts/").status_code for _ in range(5)]
    assert answers == [401, 401, 401, 429, 429]
    assert "Sekunden" in client.get("/api/v1/districts/").json()["detail"]
    other = APIClient(REMOTE_ADDR="203.0.113.10")
    other.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert other.get("/api/v1/districts/").status_code == 401


@override_settings(KREISAGENDA_API_RATES={"failed_token": None, "account": "3/min"})
def test_each_accounts_api_calls_are_limited(world: World, api_as: object) -> None:
    client = api_as("officer_brakel")  # type: ignore[operator]
    answers = [client.get("/api/v1/districts/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert "Sekunden" in client.get("/api/v1/districts/").json()["detail"]  # German, says when to try again
    assert api_as("officer_hoexter").get("/api/v1/districts/").status_code == 200  # type: ignore[operator]
