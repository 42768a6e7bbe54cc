"""The instant mail with a real Celery worker and broker: sent once the transaction commits, by the
worker, never inside the request (the worker writes its mails into a folder for the test to read)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import transaction
from kreisagenda.permissions import Action

from accounts.models import User
from notifications import kinds
from notifications.models import Frequency, Notification, NotificationSetting
from notifications.services import Message, notify
from tests.conftest import SessionWorker, World

pytestmark = pytest.mark.worker


@pytest.fixture
def mail_folder_worker(
    celery_worker: SessionWorker, tmp_path: Path, django_db_blocker: pytest.FixtureRequest
) -> Iterator[Path]:
    """The session's worker, started again with mails going into a folder; afterwards as before."""
    folder = tmp_path / "mail"
    saved = {name: os.environ.get(name) for name in ("EMAIL_BACKEND", "EMAIL_FILE_PATH")}
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
    os.environ["EMAIL_FILE_PATH"] = str(folder)
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        try:
            celery_worker.start()
            yield folder
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
            celery_worker.start()


def _mails_to(folder: Path, address: str, subject: str) -> list[str]:
    if not folder.exists():
        return []
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in folder.iterdir()]
    return [text for text in texts if f"To: {address}" in text and subject in text]


def test_an_instant_notification_is_mailed_once_by_the_worker_after_the_commit(
    world: World, mail_folder_worker: Path, django_db_blocker: pytest.FixtureRequest
) -> None:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        officer = User.objects.get(email="digital@brakel.example")
        NotificationSetting.objects.update_or_create(
            user=officer, kind=kinds.MEASURE_LATE.key, defaults={"frequency": Frequency.INSTANT}
        )
        subject = "Worker-Test-Maßnahme verspätet"
        try:
            with transaction.atomic():
                made = notify(
                    kind=kinds.MEASURE_LATE,
                    candidates=[officer],
                    about=world.town_brakel,
                    action=Action.EDIT_TOWN_DATA,
                    message=Message(subject, "Bitte prüfen.", "/kreise/kreis-hoexter/kommunen/brakel/roadmap/"),
                )
                time.sleep(1)
                assert _mails_to(mail_folder_worker, officer.email, "Worker-Test") == []  # not before the commit
            deadline = time.monotonic() + 60
            while not Notification.objects.filter(pk=made[0].pk, mailed_at__isnull=False).exists():
                assert time.monotonic() < deadline, "Der Worker hat die E-Mail nicht versandt"
                time.sleep(0.2)
            time.sleep(0.5)
            assert len(_mails_to(mail_folder_worker, officer.email, "Worker-Test")) == 1
        finally:
            Notification.objects.filter(title=subject).delete()
            NotificationSetting.objects.filter(user=officer, kind=kinds.MEASURE_LATE.key).delete()
