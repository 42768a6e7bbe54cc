"""Notifications in the worker: instant mails after the commit, the weekly digest, and the daily
reminders (deadlines, late measures) run by Celery beat (settings.CELERY_BEAT_SCHEDULE).
Tasks only load arguments and call functions of the app."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.db import OperationalError, transaction
from django.utils import timezone
from kreisagenda.tenancy import public_schema_activate

from notifications import mailing

# An instant mail still unsent after this long lost its task (a broker that forgot it, D51).
LOST_AFTER = datetime.timedelta(minutes=5)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=2, retry_backoff_max=60, max_retries=5)
def mails_instant_task(*, notification_ids: list[int]) -> int:
    public_schema_activate()
    return mailing.mails_instant_send(notification_ids=notification_ids)


def mails_instant_later(notification_ids: list[int]) -> None:
    """Send these notifications' instant mails from the worker once the transaction has committed."""
    ids = list(notification_ids)
    transaction.on_commit(lambda: mails_instant_task.delay(notification_ids=ids))


@shared_task(autoretry_for=(OperationalError,), retry_backoff=2, retry_backoff_max=60, max_retries=3)
def mails_instant_reconcile_task() -> int:
    public_schema_activate()
    pending = mailing.mails_instant_pending(before=timezone.now() - LOST_AFTER)
    return mailing.mails_instant_send(notification_ids=pending)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=2, retry_backoff_max=60, max_retries=3)
def digests_weekly_task() -> int:
    public_schema_activate()
    return mailing.digests_send()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=2, retry_backoff_max=60, max_retries=3)
def reminders_daily_task() -> int:
    """Deadline reminders and late measures (each once per key and person, D86)."""
    from notifications.events import deadlines_remind, measures_late_remind

    public_schema_activate()
    today = timezone.localdate()
    return len(deadlines_remind(today=today)) + len(measures_late_remind(today=today))


@shared_task(autoretry_for=(OperationalError,), retry_backoff=2, retry_backoff_max=60, max_retries=3)
def synergies_notify_task(*, district_id: int, year: int) -> int:
    from notifications.events import synergies_notify
    from tenants.models import District

    public_schema_activate()
    district = District.objects.filter(pk=district_id).first()
    return len(synergies_notify(district=district, year=year)) if district else 0


def synergies_notify_later(district_id: int, year: int) -> None:
    transaction.on_commit(lambda: synergies_notify_task.delay(district_id=district_id, year=year))
