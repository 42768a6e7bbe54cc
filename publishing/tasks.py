"""Publishing in the background. Tasks load their arguments and call services, nothing else.

They are sent from the town's schema, so tenant-schemas-celery runs them there; each also enters
the town's schema itself (``town_schema``), so a task sent from elsewhere (a command, a retry) reads the right town.
Late acknowledgement (settings) plus one transaction per publish: a worker killed mid-task leaves
no half-written snapshot, and the redelivered task writes it whole. Lock timeouts and lost
connections are retried.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError, transaction
from kreisagenda.connections import connection_renew_if_wide
from kreisagenda.tenancy import town_schema

from publishing.hooks import town_items
from publishing.items import PublishableItem
from publishing.selectors import assessments_unpublished, items_unpublished
from publishing.services import assessment_progress_publish, assessment_publish, items_publish
from quickcheck.models import GridVersion
from quickcheck.selectors import town_grid_get
from tenants.models import SchemaStatus, Town

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=2, retry_backoff_max=60, max_retries=8)
def assessment_publish_task(*, town_id: int, grid_id: int) -> int | None:
    town, grid = town_grid_get(town_id=town_id, grid_id=grid_id)
    with town_schema(town):
        snapshot = assessment_publish(town=town, grid=grid)
    return snapshot.version if snapshot else None


@shared_task(autoretry_for=(OperationalError,), retry_backoff=2, retry_backoff_max=60, max_retries=8)
def assessment_progress_publish_task(*, town_id: int, grid_id: int) -> int | None:
    town, grid = town_grid_get(town_id=town_id, grid_id=grid_id)
    with town_schema(town):
        progress = assessment_progress_publish(town=town, grid=grid)
    return progress.answered if progress else None


def town_items_publishable() -> list[PublishableItem]:
    """Everything a town publishes for the duplicate check and the roadmap (town schema active)."""
    return [item for items in town_items.fire() for item in items]


@shared_task(autoretry_for=(OperationalError,), retry_backoff=2, retry_backoff_max=60, max_retries=8)
def items_publish_task(*, town_id: int) -> int:
    town = Town.objects.select_related("district").get(pk=town_id)
    with town_schema(town):
        return items_publish(town=town, items=town_items_publishable()).version


def assessment_publish_later(town: Town, grid: GridVersion) -> None:
    """Publish ``town``'s Quick Check of ``grid`` once the current transaction has committed."""
    transaction.on_commit(lambda: assessment_publish_task.delay(town_id=town.pk, grid_id=grid.pk))


def assessment_progress_publish_later(town: Town, grid: GridVersion) -> None:
    """Publish how far ``town`` has answered ``grid`` once the current transaction has committed."""
    transaction.on_commit(lambda: assessment_progress_publish_task.delay(town_id=town.pk, grid_id=grid.pk))


def items_publish_later(town: Town) -> None:
    """Publish ``town``'s items once the current transaction has committed."""
    transaction.on_commit(lambda: items_publish_task.delay(town_id=town.pk))


# --- reconciliation: what a lost task did not publish -----------------------------------------------


def publications_reconcile() -> list[str]:
    """Publish whatever a town changed that its latest snapshots do not hold, town by town.

    A publish task can be lost: a worker killed while running it is not given the message again by
    every broker (kombu's SQLAlchemy transport never redelivers it; decision D51). Publishing is
    idempotent, so publishing again what is behind is all it takes. Each town in its own transactions;
    a town whose row is locked (another publish running) is left for the next run. Names what it published.
    """
    published: list[str] = []
    for town in Town.objects.filter(schema_status=SchemaStatus.READY).select_related("district").order_by("pk"):
        try:
            with town_schema(town):
                for grid_id in assessments_unpublished(town=town):
                    grid = GridVersion.objects.get(pk=grid_id, district_id=town.district_id)
                    assessment_publish(town=town, grid=grid)
                    published.append(f"{town.name}: Quick Check {grid.year}")
                items = town_items_publishable()
                if items_unpublished(town=town, items=items):
                    items_publish(town=town, items=items)
                    published.append(f"{town.name}: Lösungsregister und Maßnahmen")
        except OperationalError:
            logger.warning("Abgleich: %s ist gerade gesperrt, beim nächsten Lauf wieder", town.name)
        # One task walks every town: without this its backend would keep every schema's catalogue (D122).
        connection_renew_if_wide()
    return published


@shared_task(autoretry_for=(OperationalError,), retry_backoff=2, retry_backoff_max=60, max_retries=3)
def publications_reconcile_task() -> list[str]:
    """Run by Celery beat (settings.CELERY_BEAT_SCHEDULE); the worker's log names what it published."""
    return publications_reconcile()


# Messages queued before publishing became an app of its own still name the old tasks; a worker
# must run them, not reject them as unregistered (the release would stay unpublished). Remove once
# no installation still holds such messages (decision D40).
@shared_task(name="benchmarking.tasks.assessment_publish_task", autoretry_for=(OperationalError,), max_retries=8)
def assessment_publish_task_queued_before_the_move(*, town_id: int, grid_id: int) -> int | None:
    return assessment_publish_task(town_id=town_id, grid_id=grid_id)


@shared_task(name="benchmarking.tasks.items_publish_task", autoretry_for=(OperationalError,), max_retries=8)
def items_publish_task_queued_before_the_move(*, town_id: int) -> int:
    return items_publish_task(town_id=town_id)
