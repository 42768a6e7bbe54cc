"""A sign-in ends after 30 minutes without a request and after 10 hours at most (sessions lasted 14 days)."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from kreisagenda.sessions import RENEWED, STARTED

from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db

HOME = "/kreise/kreis-hoexter/kommunen/hoexter/"


def _session(client: Client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_thirty_minutes_without_a_request_end_the_sign_in(world: World, client_as: Callable[[str], Client]) -> None:
    client = client_as("officer_hoexter")
    assert client.get(HOME).status_code == 200
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    row = _session(client)
    assert row.expire_date <= timezone.now() + datetime.timedelta(minutes=30)
    Session.objects.filter(pk=row.pk).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    answer = client.get(HOME)
    assert answer.status_code == 302
    assert answer["Location"].startswith("/anmelden/")


def test_requests_keep_the_sign_in_alive_saving_at_most_once_a_minute(
    world: World, client_as: Callable[[str], Client]
) -> None:
    client = client_as("officer_hoexter")
    client.get(HOME)
    first = _session(client).expire_date
    client.get(HOME)
    assert _session(client).expire_date == first  # within the minute: no write
    session = client.session
    session[RENEWED] = int(time.time()) - 61
    session.save()
    before = _session(client).expire_date
    client.get(HOME)
    assert _session(client).expire_date > before  # renewed: another 30 minutes from now


def test_ten_hours_after_signing_in_the_sign_in_ends_even_when_active(
    world: World, client_as: Callable[[str], Client]
) -> None:
    client = client_as("officer_hoexter")
    client.get(HOME)
    session = client.session
    session[STARTED] = int(time.time()) - 10 * 3600 - 1
    session.save()
    answer = client.get(HOME)
    assert answer.status_code == 302
    assert answer["Location"].startswith("/anmelden/")
    assert "_auth_user_id" not in client.session


def test_the_sign_in_page_notes_when_the_sign_in_began(world: World) -> None:
    client = Client()
    before = int(time.time())
    answer = client.post("/anmelden/", {"username": "digital@hoexter.example", "password": PASSWORD})
    assert answer.status_code == 302
    assert before <= client.session[STARTED] <= int(time.time())
