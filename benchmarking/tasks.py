"""Publishing in the background. Tasks load their arguments and call services, nothing else.

They are sent from the town's schema, so tenant-schemas-celery runs them there; each also enters
the town's schema itself, so a task sent from elsewhere (a command, a retry) reads the right town.
Late acknowledgement (settings) plus one transaction per publish: a worker killed mid-task leaves
no half-written snapshot, and the redelivered task writes it whole. Lock timeouts and lost
connections are retried.
"""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError
from kreisagenda.tenancy import town_schema_activate

from benchmarking.items import PublishableItem
from benchmarking.services import assessment_publish, items_publish
from quickcheck.models import GridVersion
from roadmap.measures.selectors import measures_publishable
from solutions.selectors import solutions_publishable
from tenants.models import Town


@shared_task(autoretry_for=(OperationalError,), retry_backoff=2, retry_backoff_max=60, max_retries=8)
def assessment_publish_task(*, town_id: int, grid_id: int) -> int | None:
    town = Town.objects.select_related("district").get(pk=town_id)
    grid = GridVersion.objects.get(pk=grid_id, district_id=town.district_id)
    town_schema_activate(town)
    snapshot = assessment_publish(town=town, grid=grid)
    return snapshot.version if snapshot else None


def town_items_publishable() -> list[PublishableItem]:
    """Everything a town publishes for the duplicate check and the roadmap (town schema active)."""
    return solutions_publishable() + measures_publishable()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=2, retry_backoff_max=60, max_retries=8)
def items_publish_task(*, town_id: int) -> int:
    town = Town.objects.select_related("district").get(pk=town_id)
    town_schema_activate(town)
    return items_publish(town=town, items=town_items_publishable()).version
