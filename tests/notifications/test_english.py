"""The inbox, the settings and the kinds speak English on request (the stored notification text stays
in the language it was written in)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils.translation import override

from accounts.models import User
from notifications import kinds
from notifications.models import Frequency, Notification
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_every_kind_has_an_english_label_and_audience() -> None:
    for kind in kinds.KINDS.values():
        with override("de"):
            german = (str(kind.label), str(kind.audience))
        with override("en"):
            english = (str(kind.label), str(kind.audience))
        assert english[0] != german[0], kind.key
        assert english[1] != german[1], kind.key


def test_the_inbox_and_the_settings_in_english(
    world: World, person: Callable[[str], User], client_as: Callable[[str], Client]
) -> None:
    brakel = person("officer_brakel")
    Notification.objects.filter(recipient=brakel).delete()
    Notification.objects.create(
        recipient=brakel,
        kind=kinds.MEASURE_LATE.key,
        district=world.hoexter_district,
        town=world.town_brakel,
        title="Maßnahme „E-Akte“ ist verspätet",
        delivery=Frequency.NEVER,
    )
    client = client_as("officer_brakel")
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/benachrichtigungen/"}).status_code == 302
    inbox = client.get("/benachrichtigungen/").content.decode()
    assert '<html lang="en">' in inbox
    assert "My notifications" in inbox
    assert "Notifications (1 unread)" in inbox
    assert "A measure of my town is late" in inbox
    assert "Mark all as read" in inbox
    assert "Ungelesen" not in inbox
    settings = client.get("/benachrichtigungen/einstellungen/").content.decode()
    assert "Notification settings" in settings
    assert "Received by: the town&#x27;s digital officers. Default: in the weekly summary." in settings
    assert "not by email (inbox only)" in settings
