"""The yearly review's start in the towns: each town's Quick Check of a newly opened campaign is
created in the town's schema, prefilled from last year. Tasks only load arguments and call services."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError
from kreisagenda.tenancy import public_schema_activate, town_schema

from quickcheck.answers.services import assessment_prepare
from quickcheck.models import GridVersion
from quickcheck.selectors import town_grid_get
from tenants.models import SchemaStatus, Town


@shared_task(autoretry_for=(OperationalError,), retry_backoff=2, retry_backoff_max=60, max_retries=8)
def assessment_prepare_task(*, town_id: int, grid_id: int) -> int | None:
    town, grid = town_grid_get(town_id=town_id, grid_id=grid_id)
    with town_schema(town):
        assessment = assessment_prepare(town=town, grid=grid)
    return assessment.pk if assessment else None


@shared_task
def campaign_prepare_task(*, grid_id: int) -> int:
    """One task per town of the grid's district (each runs in its own town's schema)."""
    public_schema_activate()
    grid = GridVersion.objects.get(pk=grid_id)
    town_ids = list(
        Town.objects.filter(district_id=grid.district_id, schema_status=SchemaStatus.READY).values_list("pk", flat=True)
    )
    for town_id in town_ids:
        assessment_prepare_task.delay(town_id=town_id, grid_id=grid_id)
    return len(town_ids)
