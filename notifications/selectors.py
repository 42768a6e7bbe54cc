"""Reading notifications: a person's inbox (only what they may still see), their settings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from kreisagenda.permissions import districts_visible_to, partner_districts_of, scopes_of, towns_visible_to

from accounts.models import Role
from notifications.kinds import KINDS, Kind, kinds_for_roles
from notifications.models import Frequency, Notification, NotificationSetting

if TYPE_CHECKING:
    from accounts.models import User


def inbox_of(*, user: User) -> QuerySet[Notification]:
    """``user``'s notifications, newest first, without those about a district or town they can no
    longer see (a membership ended, an API key limited to one town): one query, whatever the count."""
    return Notification.objects.filter(recipient_id=user.pk).filter(
        Q(town__isnull=True, district__isnull=True)
        | Q(town__isnull=True, district__in=districts_visible_to(user))
        | Q(town__isnull=True, district__in=partner_districts_of(user))
        | Q(town__in=towns_visible_to(user))
    )


def unread_count(*, user: User) -> int:
    return inbox_of(user=user).filter(read_at__isnull=True).count()


def notification_get(*, user: User, notification_id: int) -> Notification | None:
    """One of ``user``'s own notifications (None for anyone else's: the caller answers 404)."""
    return inbox_of(user=user).filter(pk=notification_id).first()


def roles_of(user: User) -> set[Role]:
    scopes = scopes_of(user)
    held = {role for role, ids in scopes.districts_by_role.items() if ids}
    held |= {role for role, ids in scopes.towns_by_role.items() if ids}
    return held


def kinds_of(*, user: User) -> list[Kind]:
    """The kinds ``user`` may receive with the roles they hold (the settings offer these)."""
    return kinds_for_roles(roles_of(user))


def frequencies_of(users: Iterable[User], kind: Kind) -> dict[int, Frequency]:
    """Each person's choice for ``kind`` (the default where they made none), one query."""
    ids = [user.pk for user in users]
    chosen = dict(
        NotificationSetting.objects.filter(user_id__in=ids, kind=kind.key).values_list("user_id", "frequency")
    )
    return {pk: Frequency(chosen.get(pk, kind.default)) for pk in ids}


def frequencies_for(*, user: User) -> dict[str, Frequency]:
    """``user``'s choice for each kind offered to them (the default where they made none)."""
    chosen = dict(NotificationSetting.objects.filter(user_id=user.pk).values_list("kind", "frequency"))
    return {kind.key: Frequency(chosen.get(kind.key, kind.default)) for kind in kinds_of(user=user)}


def kind_label(key: str) -> str:
    kind = KINDS.get(key)
    return str(kind.label) if kind else key
