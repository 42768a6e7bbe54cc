"""The Kreisagenda project package: settings, URLs, permissions, API root and the Celery app."""

from kreisagenda.celery import app as celery_app

__all__ = ["celery_app"]
