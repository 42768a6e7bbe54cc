"""Periodic work of the comparison: load nothing, call the service."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from benchmarking.services import size_class_figures_reconcile


@shared_task(autoretry_for=(OperationalError,), retry_backoff=2, retry_backoff_max=60, max_retries=3)
def size_class_figures_reconcile_task() -> list[int]:
    """Run by Celery beat (settings.CELERY_BEAT_SCHEDULE): store the size-class figures of any year that
    misses a published snapshot (D105)."""
    return size_class_figures_reconcile()
