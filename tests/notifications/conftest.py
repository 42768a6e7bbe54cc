"""Helpers of the notification tests: mails sent in this process, who got what."""

from __future__ import annotations

import pytest

from notifications import mailing, tasks
from notifications.models import Notification


@pytest.fixture
def mails_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The instant-mail task runs here instead of in a worker (locmem outbox); the worker's own path
    is tested in test_worker.py."""
    monkeypatch.setattr(
        tasks.mails_instant_task,
        "delay",
        lambda notification_ids: mailing.mails_instant_send(notification_ids=notification_ids),
    )


def recipients(**filters: object) -> set[str]:
    return set(Notification.objects.filter(**filters).values_list("recipient__email", flat=True))
