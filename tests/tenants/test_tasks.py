"""Town creation from the web: the page hands the schema to a Celery task, a real worker does it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django_tenants.utils import schema_exists
from kreisagenda.tenancy import public_schema_activate

from accounts.models import User
from tenants.models import SchemaStatus, Town
from tenants.provisioning import schema_drop
from tenants.services import town_create
from tenants.tasks import town_provision_task
from tests.conftest import World
from tests.helpers import api_key_for, schemas_unchanged, unchanged


def test_create_page_leaves_the_town_pending_and_enqueues_its_schema(
    world: World, client_as: Callable[[str], Client], django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # type: ignore[attr-defined]
        response = client_as("operator").post(
            "/kreise/kreis-hoexter/kommunen/neu/",
            {"name": "Neudorf", "ags": "05762097", "population": "321", "kind": "town"},
        )
    assert response.status_code == 302
    assert response["Location"] == "/kreise/kreis-hoexter/kommunen/neudorf/status/"
    town = Town.objects.get(ags="05762097")
    assert town.schema_status == SchemaStatus.PENDING
    assert not schema_exists(town.schema_name)
    assert len(callbacks) == 1
    # What the worker runs, run here: the task body.
    assert town_provision_task.run(town_id=town.pk, actor_id=None) == SchemaStatus.READY
    assert schema_exists(town.schema_name)
    status_page = client_as("operator").get(response["Location"])
    assert 'data-status="ready"' in status_page.content.decode()


def test_create_page_shows_what_is_wrong(world: World, client_as: Callable[[str], Client]) -> None:
    operator = client_as("operator")
    with unchanged(Town), schemas_unchanged():
        response = operator.post(
            "/kreise/kreis-hoexter/kommunen/neu/",
            {"name": "Neudorf", "ags": "05766097", "population": "321", "kind": "town"},
        )
    assert response.status_code == 200
    assert "Der AGS 05766097 beginnt nicht mit dem Kreisschlüssel 05762." in response.content.decode()


def test_task_refuses_an_actor_who_may_not_create_towns(world: World, person: Callable[[str], User]) -> None:
    town = town_create(
        district=world.hoexter_district, name="Neudorf", ags="05762097", population=321, provision="async"
    )
    coordinator = person("coordinator")
    with (
        unchanged(Town),
        schemas_unchanged(),
        pytest.raises(PermissionDenied, match="darf in Kreis Höxter keine Kommunen anlegen"),
    ):
        town_provision_task.run(town_id=town.pk, actor_id=coordinator.pk)
    town.refresh_from_db()
    assert town.schema_status == SchemaStatus.PENDING
    assert not schema_exists(town.schema_name)


@pytest.fixture
def committed_cleanup(django_db_blocker: pytest.FixtureRequest) -> Iterator[list[str]]:
    """For the worker test: data must be committed for another process to see it; remove it after."""
    ags_list: list[str] = []
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        yield ags_list
        for town in Town.objects.filter(ags__in=ags_list):
            schema_drop(town.schema_name)
            town.delete()


@pytest.mark.worker
def test_real_worker_provisions_a_town_created_through_the_api(
    world: World, celery_worker: object, committed_cleanup: list[str], django_db_blocker: pytest.FixtureRequest
) -> None:
    from rest_framework.test import APIClient

    committed_cleanup.append("05762096")
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        operator = User.objects.get(email="betrieb@kreisagenda.example")
        key = api_key_for(operator)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        response = client.post(
            "/api/v1/districts/kreis-hoexter/towns/", {"name": "Neuenheerse", "ags": "05762096", "population": 1500}
        )
        assert response.status_code == 202
        assert response.json()["schema_status"] == "pending"
        deadline = time.monotonic() + 60
        status = "pending"
        while status == "pending" and time.monotonic() < deadline:
            time.sleep(0.3)
            status = client.get("/api/v1/districts/kreis-hoexter/towns/neuenheerse/").json()["schema_status"]
        assert status == "ready"
        assert schema_exists("town_05762096")
        detail = client.get("/api/v1/districts/kreis-hoexter/towns/neuenheerse/").json()
        assert [change["by"] for change in detail["recent_changes"]] == [str(operator)]
        public_schema_activate()
