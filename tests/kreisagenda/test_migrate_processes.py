"""A deploy's migration outside a test's transaction (D117): what forked processes apply must be
committed, and a replaced connection must not be inside one. The towns migrated here are made by the
fixture and removed after, so the prepared world's schemas are not touched."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings
from kreisagenda import tenancy
from kreisagenda.tenancy import public_schema_activate, schemas_behind

from tenants.models import District
from tenants.provisioning import schema_drop
from tenants.services import town_create
from tests.kreisagenda.test_migrate_behind import ONE_COLUMN, _has_column, _recorded, _take_back_one_column


@pytest.fixture
def own_towns(_prepared_world: object, django_db_blocker: pytest.FixtureRequest) -> Iterator[list[str]]:
    """Three towns of Kreis Höxter with their schemas, committed; removed afterwards."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        district = District.objects.get(key="05762")
        towns = [
            town_create(district=district, name=f"Prozessdorf {number}", ags=f"0576209{number}", population=900)
            for number in range(3)
        ]
        public_schema_activate()
        try:
            yield [town.schema_name for town in towns]
        finally:
            public_schema_activate()
            for town in towns:
                schema_drop(town.schema_name)
                town.delete()


def test_two_processes_bring_the_schemas_behind_up_to_date(
    own_towns: list[str], django_db_blocker: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    shares: list[list[str]] = []
    in_processes = tenancy._schemas_migrate_in_processes

    def spy(schema_names: list[str], **options: int) -> list[str]:
        shares.append(list(schema_names))
        return in_processes(schema_names, **options)

    monkeypatch.setattr(tenancy, "_schemas_migrate_in_processes", spy)
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        for schema in own_towns:
            _take_back_one_column(schema)
        with override_settings(TENANT_MULTIPROCESSING_MAX_PROCESSES=2):
            call_command("migrate_schemas", executor="multiprocessing", interactive=False, verbosity=0)
        connection.close()  # a fresh look, as after the deploy
        assert shares == [own_towns]  # only the schemas behind, handed to the processes
        assert schemas_behind(own_towns) == []
        for schema in own_towns:
            assert _has_column(schema), schema
            assert ONE_COLUMN in _recorded(schema), schema


def test_one_process_replaces_its_connection_every_so_many_schemas(
    own_towns: list[str], django_db_blocker: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tenancy, "_SCHEMAS_PER_CONNECTION", 2)
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        for schema in own_towns:
            _take_back_one_column(schema)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            before = cursor.fetchone()[0]
        tenancy.schemas_migrate(own_towns, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid(), current_schemas(false)")
            after, path = cursor.fetchone()
        assert after != before
        assert path == ["public"]
        assert schemas_behind(own_towns) == []
        assert all(_has_column(schema) for schema in own_towns)
