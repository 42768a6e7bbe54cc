"""Writing notifications: who gets one (decided by ``kreisagenda.permissions``), reading, settings.

``notify`` is the one way in: every event hands it the candidates (people by role), what they must be
allowed to do to see the item (``action`` on ``about``), and the text; nobody else gets anything
(D84). Instant mails go out from the worker once the transaction has committed (D87).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kreisagenda.permissions import Action, can, scopes_load

import notifications.tasks as notification_tasks
from notifications.kinds import KINDS, Kind
from notifications.models import Frequency, Notification, NotificationSetting
from notifications.selectors import frequencies_for, frequencies_of, kinds_of
from tenants.models import District, Town

if TYPE_CHECKING:
    from accounts.models import User


@dataclass(frozen=True)
class Message:
    title: str
    body: str = ""
    url: str = ""  # a path on this site: the item


def notify(
    *,
    kind: Kind,
    candidates: Iterable[User],
    about: District | Town,
    action: Action,
    message: Message | Callable[[User], Message],
    key: str = "",
    exclude: User | None = None,
) -> list[Notification]:
    """Notify those of ``candidates`` who may do ``action`` on ``about`` (and hold one of the kind's roles
    there, as the caller chose them); ``message`` may differ per person (names of peers). With ``key``,
    a person already notified under it gets nothing again. Returns the notifications made."""
    people = {user.pk: user for user in candidates if user.is_active and (exclude is None or user.pk != exclude.pk)}
    scopes_load(people.values())
    allowed = [user for user in people.values() if can(user, action, about)]
    if not allowed:
        return []
    if key:
        done = set(
            Notification.objects.filter(key=key, recipient_id__in=[u.pk for u in allowed]).values_list(
                "recipient_id", flat=True
            )
        )
        allowed = [user for user in allowed if user.pk not in done]
    frequencies = frequencies_of(allowed, kind)
    district = about.district if isinstance(about, Town) else about
    town = about if isinstance(about, Town) else None
    made = []
    for user in sorted(allowed, key=lambda u: u.pk):
        text = message(user) if callable(message) else message
        made.append(
            Notification(
                recipient=user,
                kind=kind.key,
                district=district,
                town=town,
                title=text.title[:200],
                body=text.body,
                url=text.url,
                key=key,
                delivery=frequencies[user.pk],
            )
        )
    made = Notification.objects.bulk_create(made, ignore_conflicts=bool(key))
    if key:  # ignore_conflicts leaves no primary keys: read back what is now there
        made = list(Notification.objects.filter(key=key, recipient_id__in=[n.recipient_id for n in made]))
    instant = [n.pk for n in made if n.delivery == Frequency.INSTANT and n.mailed_at is None]
    if instant:
        notification_tasks.mails_instant_later(instant)
    return made


def notifications_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark ``user``'s notifications read (all of them with None); others' are never touched."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def settings_save(*, user: User, frequencies: Mapping[str, str]) -> dict[str, Frequency]:
    """Set ``user``'s e-mail frequency per kind (kind key → frequency); refuses unknown kinds, kinds the
    person cannot receive, and unknown frequencies, naming the kind. Writes all or nothing."""
    offered = {kind.key: kind for kind in kinds_of(user=user)}
    errors: dict[str, list[str]] = {}
    for name, value in frequencies.items():
        if name not in KINDS:
            errors[name] = [_("Diese Art von Benachrichtigung gibt es nicht.")]
        elif name not in offered:
            errors[name] = [_("Diese Benachrichtigung gibt es für Ihre Rollen nicht.")]
        elif value not in Frequency.values:
            errors[name] = [
                _("Unbekannte Auswahl „%(value)s“; möglich sind: %(choices)s.")
                % {"value": value, "choices": ", ".join(Frequency.values)}
            ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for name, value in frequencies.items():
            NotificationSetting.objects.update_or_create(user=user, kind=name, defaults={"frequency": value})
    return frequencies_for(user=user)
