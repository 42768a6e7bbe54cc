"""Background work on towns. Tasks only load their arguments and call services."""

from __future__ import annotations

from celery import shared_task
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from kreisagenda.permissions import Action, can

from accounts.models import User
from tenants.models import Town
from tenants.services import town_provision


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def town_provision_task(*, town_id: int, actor_id: int | None = None) -> str:
    actor = User.objects.filter(pk=actor_id).first() if actor_id is not None else None
    town = Town.objects.select_related("district").get(pk=town_id)
    if actor is not None and not can(actor, Action.MANAGE_TOWNS, town.district):
        raise PermissionDenied(f"{actor} darf in {town.district} keine Kommunen anlegen.")
    return town_provision(town_id=town_id, actor=actor).schema_status
