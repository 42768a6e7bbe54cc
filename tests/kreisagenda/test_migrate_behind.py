"""A deploy migrates only the towns' schemas that are behind (kreisagenda.tenancy.migration_executor)."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.exceptions import InconsistentMigrationHistory
from django_tenants.signals import schema_pre_migration
from kreisagenda import tenancy
from kreisagenda.tenancy import migrations_expected, schemas_behind, schemas_migrate

from tenants.models import Town
from tests.conftest import World

pytestmark = pytest.mark.django_db

# A shared app's migration: in a town's schema it is only recorded, so applying it again is harmless.
SHARED_ONLY = ("reports", "0002_report_build_activity")


def _town_schemas() -> list[str]:
    return list(Town.objects.order_by("pk").values_list("schema_name", flat=True))


def _recorded(schema: str) -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations')  # noqa: S608
        return set(cursor.fetchall())


def _forget(schema: str, migration: tuple[str, str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{schema}".django_migrations WHERE app = %s AND name = %s', list(migration))  # noqa: S608


@pytest.fixture
def entered() -> Iterator[list[str]]:
    """The schemas django-tenants runs Django's migrate in, in order."""
    schemas: list[str] = []

    def receiver(sender: object, schema_name: str, **kwargs: object) -> None:
        schemas.append(schema_name)

    schema_pre_migration.connect(receiver)
    yield schemas
    schema_pre_migration.disconnect(receiver)


def test_every_provisioned_town_has_recorded_every_migration(world: World) -> None:
    assert SHARED_ONLY in migrations_expected()
    for schema in _town_schemas():
        assert migrations_expected() <= _recorded(schema), schema
    assert schemas_behind(_town_schemas()) == []


def test_a_schema_that_lacks_a_migration_or_its_table_is_behind(world: World) -> None:
    _forget(world.town_brakel.schema_name, SHARED_ONLY)
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA town_00000000")
    names = [*_town_schemas(), "town_00000000"]
    assert schemas_behind(names) == [world.town_brakel.schema_name, "town_00000000"]


def test_the_check_costs_two_queries_however_many_towns(
    world: World, django_assert_num_queries: pytest.FixtureRequest
) -> None:
    every, one = _town_schemas(), _town_schemas()[:1]
    for names in (every, one):
        with django_assert_num_queries(2):  # type: ignore[operator]
            assert schemas_behind(names) == []


def test_a_deploy_without_new_migrations_enters_no_town_schema(
    world: World, entered: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("migrate_schemas", executor="standard", interactive=False, verbosity=1, stdout=io.StringIO())
    towns = len(_town_schemas())
    assert entered == ["public"]
    assert f"{towns} von {towns} Datenbereichen aktuell; 0 zu migrieren" in capsys.readouterr().out


def test_a_deploy_migrates_only_the_schema_that_is_behind_and_brings_it_up_to_date(
    world: World, entered: list[str]
) -> None:
    schema = world.town_hoexter.schema_name
    _forget(schema, SHARED_ONLY)
    call_command("migrate_schemas", executor="standard", interactive=False, verbosity=0)
    assert entered == ["public", schema]
    assert SHARED_ONLY in _recorded(schema)
    assert schemas_behind(_town_schemas()) == []


def test_a_named_migration_still_goes_to_every_schema(world: World, entered: list[str]) -> None:
    app, name = SHARED_ONLY
    call_command("migrate_schemas", app, name, executor="standard", interactive=False, verbosity=0)
    assert entered == ["public", *_town_schemas()]


# A town app's migration that adds one column: taken back in a schema (column dropped, record removed),
# a deploy must add the column again, as a new migration would (D117).
ONE_COLUMN = ("solutions", "0002_solution_annual_cost")


def _take_back_one_column(schema: str, *, drop_column: bool = True) -> None:
    with connection.cursor() as cursor:
        if drop_column:
            cursor.execute(f'ALTER TABLE "{schema}".solutions_solution DROP COLUMN annual_cost')
    _forget(schema, ONE_COLUMN)


def _has_column(schema: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = 'solutions_solution' AND column_name = 'annual_cost'",
            [schema],
        )
        return bool(cursor.fetchone()[0])


def test_a_new_column_reaches_every_town_schema_with_progress_and_nothing_else_entered(
    world: World, entered: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    towns = _town_schemas()
    for schema in towns:
        _take_back_one_column(schema)
    assert schemas_behind(towns) == towns
    call_command("migrate_schemas", executor="standard", interactive=False, verbosity=1)
    assert entered == ["public", *towns]
    for schema in towns:
        assert _has_column(schema), schema
        assert ONE_COLUMN in _recorded(schema), schema
    assert schemas_behind(towns) == []
    output = capsys.readouterr().out
    assert f"[{len(towns)}/{len(towns)} {towns[-1]}] solutions.0002_solution_annual_cost" in output
    assert connection.schema_name == "public"  # type: ignore[attr-defined]


def test_a_migration_that_fails_in_one_schema_leaves_it_behind_and_the_next_deploy_goes_on_from_there(
    world: World,
) -> None:
    first, failing, *rest = _town_schemas()
    _take_back_one_column(first)
    _take_back_one_column(failing, drop_column=False)  # the column is there: adding it fails
    for schema in rest:
        _take_back_one_column(schema)
    with pytest.raises(Exception, match="annual_cost"):
        call_command("migrate_schemas", executor="standard", interactive=False, verbosity=0)
    assert schemas_behind(_town_schemas()) == [failing, *rest]
    assert _has_column(first)
    assert not any(_has_column(schema) for schema in rest)
    with connection.cursor() as cursor:  # what someone mends by hand before deploying again
        cursor.execute(f'ALTER TABLE "{failing}".solutions_solution DROP COLUMN annual_cost')
    call_command("migrate_schemas", executor="standard", interactive=False, verbosity=0)
    assert schemas_behind(_town_schemas()) == []
    assert all(_has_column(schema) for schema in _town_schemas())


def test_inside_a_transaction_the_connection_is_kept_however_many_schemas(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tenancy, "_SCHEMAS_PER_CONNECTION", 2)  # closing now would break the transaction
    towns = _town_schemas()
    for schema in towns:
        _take_back_one_column(schema)
    assert schemas_migrate(towns, verbosity=0) == []
    assert schemas_behind(towns) == []


def test_a_schema_without_a_migrations_table_is_left_to_django_s_migrate_untouched(world: World) -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA town_00000000")
    assert schemas_migrate(["town_00000000"], verbosity=0) == ["town_00000000"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'town_00000000'")
        assert cursor.fetchone()[0] == 0
    assert connection.schema_name == "public"  # type: ignore[attr-defined]


def test_a_history_with_a_gap_is_refused_by_schema_and_migration_and_nothing_is_applied(world: World) -> None:
    schema = world.town_brakel.schema_name
    _forget(schema, ("solutions", "0001_initial"))  # 0002 stays recorded: its predecessor is missing
    _take_back_one_column(world.town_hoexter.schema_name)
    recorded = _recorded(schema)
    with pytest.raises(InconsistentMigrationHistory) as refused:
        schemas_migrate([schema, world.town_hoexter.schema_name], verbosity=0)
    assert f"{schema}: solutions.0002_solution_annual_cost" in str(refused.value)
    assert "solutions.0001_initial nicht" in str(refused.value)
    assert _recorded(schema) == recorded
    assert not _has_column(world.town_hoexter.schema_name)  # the deploy stopped before it
