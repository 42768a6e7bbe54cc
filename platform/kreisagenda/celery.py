"""The Celery app. tenant-schemas-celery carries the active schema in each task's headers."""

from __future__ import annotations

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kreisagenda.settings.local")

app = CeleryApp("kreisagenda")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
