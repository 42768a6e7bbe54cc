"""The e-mails: one per instant notification, one weekly digest per person (D85, D87).

German (the project stores no language per person), plain text with an HTML alternative, each with the
link to the item and to the settings. Sent by Django's mail framework: SMTP in production, a folder in
the demo (``.local/mail/``), memory in the tests.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.models import Frequency, Notification
from notifications.selectors import inbox_of

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

MAIL_LANGUAGE = "de"


def absolute(path: str) -> str:
    return f"{settings.KREISAGENDA_SITE_URL.rstrip('/')}{path}" if path.startswith("/") else path


def _send(*, to: str, subject: str, template: str, context: dict[str, object]) -> None:
    context = {**context, "settings_url": absolute(reverse("notification-settings")), "site_url": absolute("/")}
    text = render_to_string(f"notifications/mail/{template}.txt", context)
    html = render_to_string(f"notifications/mail/{template}.html", context)
    mail = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    mail.attach_alternative(html, "text/html")
    mail.send()


def mails_instant_send(*, notification_ids: list[int]) -> int:
    """Send the instant mails of these notifications not sent yet; each once, even if two workers try."""
    sent = 0
    for pk in notification_ids:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .filter(pk=pk, delivery=Frequency.INSTANT, mailed_at__isnull=True)
                .first()
            )
            if notification is None:
                continue
            if not _still_visible(notification.recipient, [notification]):
                # Access ended (or the account) since: no mail; marked done so no run sends it later.
                notification.mailed_at = timezone.now()
                notification.save(update_fields=["mailed_at"])
                continue
            with translation.override(MAIL_LANGUAGE):
                _send(
                    to=notification.recipient.email,
                    # One line: a header never carries a line break from an item's title.
                    subject=_("[Kreisagenda] %(title)s") % {"title": " ".join(notification.title.split())},
                    template="instant",
                    context={"notification": notification, "item_url": absolute(notification.url)},
                )
            notification.mailed_at = timezone.now()
            notification.save(update_fields=["mailed_at"])
            sent += 1
    return sent


def mails_instant_pending(*, before: datetime.datetime) -> list[int]:
    """Instant notifications made before ``before`` and still not mailed (their task was lost, D51)."""
    return list(
        Notification.objects.filter(
            delivery=Frequency.INSTANT, mailed_at__isnull=True, created_at__lt=before
        ).values_list("pk", flat=True)[:500]
    )


def digests_send() -> int:
    """One mail per person listing their notifications chosen for the weekly digest and not mailed yet;
    the notifications are marked mailed in the same transaction, so a second run sends nothing."""
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(delivery=Frequency.WEEKLY, mailed_at__isnull=True)
            .order_by("recipient_id", "created_at", "pk")
        )
        by_person: dict[int, list[Notification]] = defaultdict(list)
        for notification in pending:
            by_person[notification.recipient_id].append(notification)
        now = timezone.now()
        sent = 0
        for everything in by_person.values():
            recipient = everything[0].recipient
            # Marked done whether listed or not: access that ended since withholds an item for good.
            Notification.objects.filter(pk__in=[n.pk for n in everything]).update(mailed_at=now)
            items = _still_visible(recipient, everything)
            if not items:
                continue
            sent += 1
            with translation.override(MAIL_LANGUAGE):
                _send(
                    to=recipient.email,
                    subject=_("[Kreisagenda] Ihre Wochenübersicht: %(count)s Benachrichtigungen")
                    % {"count": len(items)},
                    template="digest",
                    context={
                        "recipient": recipient,
                        "items": [(n, absolute(n.url)) for n in items],
                        "inbox_url": absolute(reverse("notification-inbox")),
                    },
                )
        return sent


def _still_visible(recipient: User, notifications: list[Notification]) -> list[Notification]:
    """Those of ``notifications`` the recipient's inbox still shows (the same rule: inbox_of), none for a
    deactivated account: a mail never tells more than the inbox would now."""
    if not recipient.is_active:
        return []
    shown = set(inbox_of(user=recipient).filter(pk__in=[n.pk for n in notifications]).values_list("pk", flat=True))
    return [n for n in notifications if n.pk in shown]
