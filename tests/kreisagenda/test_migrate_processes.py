"""A deploy's migration in several processes (D117): what they apply must be committed, so this test
works outside the test's transaction and leaves every schema up to date, as it found them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings
from kreisagenda.tenancy import schemas_behind, schemas_migrate

from tenants.models import Town
from tests.kreisagenda.test_migrate_behind import ONE_COLUMN, _has_column, _recorded, _take_back_one_column


@pytest.fixture
def committed(_prepared_world: object, django_db_blocker: pytest.FixtureRequest) -> Iterator[list[str]]:
    """The towns' schemas, with the database open outside a transaction; every schema up to date after."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        schemas = list(Town.objects.order_by("pk").values_list("schema_name", flat=True))
        try:
            yield schemas
        finally:
            schemas_migrate(schemas_behind(schemas), verbosity=0)
            assert schemas_behind(schemas) == []


def test_two_processes_bring_every_town_schema_up_to_date(committed: list[str]) -> None:
    for schema in committed:
        _take_back_one_column(schema)
    with override_settings(TENANT_MULTIPROCESSING_MAX_PROCESSES=2):
        call_command("migrate_schemas", executor="multiprocessing", interactive=False, verbosity=0)
    connection.close()  # a fresh look, as after the deploy
    assert schemas_behind(committed) == []
    for schema in committed:
        assert _has_column(schema), schema
        assert ONE_COLUMN in _recorded(schema), schema
