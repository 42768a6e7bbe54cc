"""Building reports in the worker: load the report, call the service, nothing else.

Sent from the public schema (report pages and the API never enter a town's), so tenant-schemas-celery
runs them there: a report reads published data only."""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import Report
from reports.selectors import reports_stale
from reports.services import STALE_AFTER, report_build, report_failed, report_sent_again

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=2, retry_backoff_max=60, max_retries=5)
def report_build_task(*, report_id: int) -> str:
    report = Report.objects.select_related("district", "town__district").filter(pk=report_id).first()
    if report is None:  # deleted with its district or town meanwhile
        return "gone"
    try:
        return report_build(report=report).status
    except OperationalError:
        raise  # retried
    except Exception:
        logger.exception("Bericht %s konnte nicht erstellt werden", report_id)
        report_failed(report=report, problem=_("Der Bericht konnte nicht erstellt werden. Bitte erneut anfordern."))
        return "failed"


def report_build_later(report: Report) -> None:
    """Build ``report`` in the worker once the current transaction has committed."""
    transaction.on_commit(lambda: report_build_task.delay(report_id=report.pk))


def reports_reconcile(*, now: datetime.datetime | None = None) -> list[int]:
    """Send again the builds of reports that have been silent too long; the ids sent. Sending marks the
    report active, so the next run leaves it for another STALE_AFTER; after BUILDS_AT_MOST sends it fails
    instead. A build that was not lost after all keeps the report (reports.services.report_build)."""
    sent = []
    for report in reports_stale(before=(now or timezone.now()) - STALE_AFTER):
        if report_sent_again(report=report):
            report_build_later(report)
            sent.append(report.pk)
    return sent


@shared_task(autoretry_for=(OperationalError,), retry_backoff=2, retry_backoff_max=60, max_retries=3)
def reports_reconcile_task() -> list[int]:
    """Run by Celery beat (settings.CELERY_BEAT_SCHEDULE)."""
    return reports_reconcile()
