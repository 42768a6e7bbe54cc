"""Each person's choice per kind: instant (one mail from the worker's task after the commit), weekly
(nothing at once, one digest listing the items on the weekly run, once), never (the inbox only)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.utils import timezone
from kreisagenda.permissions import Action

from accounts.models import Role, User
from accounts.services import membership_grant
from notifications import kinds
from notifications.mailing import digests_send, mails_instant_pending
from notifications.models import Frequency, Notification, NotificationSetting
from notifications.services import Message, notify
from tests.conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mails_in_process")]


def _notify(world: World, person: Callable[[str], User], title: str, *, key: str = "") -> list[Notification]:
    return notify(
        kind=kinds.MEASURE_LATE,
        candidates=[person("officer_brakel"), person("officer_hoexter")],
        about=world.town_brakel,
        action=Action.EDIT_TOWN_DATA,
        message=Message(title, "Bitte Zeitplan prüfen.", "/kreise/kreis-hoexter/kommunen/brakel/roadmap/"),
        key=key,
    )


def _choose(user: User, kind: kinds.Kind, frequency: Frequency) -> None:
    NotificationSetting.objects.update_or_create(user=user, kind=kind.key, defaults={"frequency": frequency})


def test_only_who_may_see_the_item_is_notified(world: World, person: Callable[[str], User]) -> None:
    made = _notify(world, person, "Maßnahme verspätet")
    assert [n.recipient for n in made] == [person("officer_brakel")]  # Höxter's officer may not see Brakel's


def test_instant_sends_one_mail_after_the_commit_with_links_to_the_item_and_the_settings(
    world: World, person: Callable[[str], User], django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    _choose(person("officer_brakel"), kinds.MEASURE_LATE, Frequency.INSTANT)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # type: ignore[attr-defined]
        made = _notify(world, person, "Maßnahme „E-Akte“ verspätet")
    assert mail.outbox == []  # nothing inside the transaction
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["digital@brakel.example"]
    assert sent.subject == "[Kreisagenda] Maßnahme „E-Akte“ verspätet"
    assert "http://testserver/kreise/kreis-hoexter/kommunen/brakel/roadmap/" in sent.body
    assert "http://testserver/benachrichtigungen/einstellungen/" in sent.body
    html, kind = sent.alternatives[0]  # type: ignore[attr-defined]
    assert kind == "text/html"
    assert 'href="http://testserver/benachrichtigungen/einstellungen/"' in html
    Notification.objects.filter(pk=made[0].pk).update(mailed_at=None)  # the task delivered twice:
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 2  # (a reset mailed_at sends again, so the first run did set it)
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 2


def test_never_sends_no_mail_but_the_inbox_has_it(
    world: World, person: Callable[[str], User], django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    Notification.objects.filter(delivery=Frequency.WEEKLY, mailed_at__isnull=True).update(mailed_at=timezone.now())
    _choose(person("officer_brakel"), kinds.MEASURE_LATE, Frequency.NEVER)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        made = _notify(world, person, "Maßnahme verspätet")
    assert mail.outbox == []
    assert Notification.objects.filter(pk=made[0].pk, delivery=Frequency.NEVER).exists()
    digests_send()
    assert mail.outbox == []


def test_weekly_sends_nothing_at_once_and_one_digest_listing_the_items_once(
    world: World, person: Callable[[str], User], django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    Notification.objects.filter(delivery=Frequency.WEEKLY, mailed_at__isnull=True).update(mailed_at=timezone.now())
    _choose(person("officer_brakel"), kinds.MEASURE_LATE, Frequency.WEEKLY)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        _notify(world, person, "Erste Maßnahme verspätet")
        _notify(world, person, "Zweite Maßnahme verspätet")
    assert mail.outbox == []
    assert digests_send() == 1
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == ["digital@brakel.example"]
    assert "2 Benachrichtigungen" in digest.subject
    assert "Erste Maßnahme verspätet" in digest.body
    assert "Zweite Maßnahme verspätet" in digest.body
    assert digests_send() == 0  # the weekly run again: nothing twice
    assert len(mail.outbox) == 1


def test_no_mail_tells_of_a_town_one_no_longer_belongs_to_nor_reaches_a_deactivated_account(
    world: World, person: Callable[[str], User], django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    Notification.objects.filter(delivery=Frequency.WEEKLY, mailed_at__isnull=True).update(mailed_at=timezone.now())
    brakel = person("officer_brakel")
    _choose(brakel, kinds.MEASURE_LATE, Frequency.INSTANT)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # type: ignore[attr-defined]
        made = _notify(world, person, "Maßnahme verspätet")
    brakel.memberships.all().delete()  # left Brakel before the worker sent the mail
    for callback in callbacks:
        callback()
    assert mail.outbox == []
    assert made[0].pk not in mails_instant_pending(before=timezone.now())  # not sent later either

    _choose(brakel, kinds.MEASURE_LATE, Frequency.WEEKLY)
    membership_grant(user=brakel, role=Role.TOWN_DIGITAL_OFFICER, town=world.town_brakel)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        _notify(world, person, "Noch eine Maßnahme verspätet")
    User.objects.filter(pk=brakel.pk).update(is_active=False)
    assert digests_send() == 0
    assert mail.outbox == []
    assert digests_send() == 0  # withheld for good, not held back for the next week


def test_the_default_of_the_kind_holds_without_a_choice(world: World, person: Callable[[str], User]) -> None:
    NotificationSetting.objects.filter(user=person("officer_brakel")).delete()
    made = _notify(world, person, "Maßnahme verspätet")
    assert made[0].delivery == kinds.MEASURE_LATE.default
