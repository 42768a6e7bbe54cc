from __future__ import annotations

import pytest
from django.db import connection
from django_tenants.utils import schema_exists

from tenants.catalogue import schema_catalogue
from tenants.exports import tenant_models
from tenants.models import Town
from tenants.provisioning import (
    SCHEMA_PLACEHOLDER,
    ProvisioningError,
    blueprint_get,
    ddl_from_dump,
    schema_create,
    schema_create_by_migrations,
    schema_drop,
)
from tests.conftest import World
from tests.helpers import schemas_unchanged, town_unchanged


def _tables(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s", [schema])
        return {row[0] for row in cursor.fetchall()}


def test_every_demo_town_has_its_schema_with_the_tenant_tables(world: World, db: None) -> None:
    expected = {model._meta.db_table for model in tenant_models(include_auto_created=True)} | {"django_migrations"}
    towns = list(Town.objects.filter(district=world.hoexter_district))
    assert len(towns) == 11
    for town in towns:
        assert schema_exists(town.schema_name)
        assert _tables(town.schema_name) == expected


def test_public_schema_holds_no_tenant_tables(world: World, db: None) -> None:
    tenant_tables = {model._meta.db_table for model in tenant_models(include_auto_created=True)}
    assert tenant_tables
    assert not tenant_tables & _tables("public")


@pytest.mark.django_db(transaction=False)
def test_provisioned_schema_equals_a_migrated_schema(world: World) -> None:
    """The blueprint path builds exactly what running every migration builds."""
    schema_create("town_99999001")
    # Migrations run outside the test transaction; the reference schema is dropped by hand.
    try:
        schema_create_by_migrations("reference_99999002")
        provisioned = schema_catalogue("town_99999001")
        migrated = schema_catalogue("reference_99999002")
    finally:
        schema_drop("reference_99999002")
    assert provisioned["tables"], "the catalogue query found nothing"
    for part in migrated:
        assert provisioned[part] == migrated[part], part
    assert len(provisioned["recorded_migrations"]) == len(blueprint_get().migrations)


def test_failed_provisioning_leaves_nothing_behind(world: World, db: None) -> None:
    with town_unchanged(world.town_brakel), pytest.raises(Exception, match="already exists"):
        schema_create(world.town_brakel.schema_name)
    assert _tables(world.town_brakel.schema_name) == {
        m._meta.db_table for m in tenant_models(include_auto_created=True)
    } | {"django_migrations"}


@pytest.mark.parametrize("name", ["Town", "1town", "town;drop", "pg_town", "town-1", ""])
def test_invalid_schema_names_are_refused(name: str, db: None) -> None:
    with schemas_unchanged(), pytest.raises(ProvisioningError):
        schema_create(name)


def test_ddl_from_dump_keeps_ddl_and_drops_session_state() -> None:
    dump = "\n".join(
        [
            "--",
            "-- PostgreSQL database dump",
            "\\restrict abc",
            "SET statement_timeout = 0;",
            "SELECT pg_catalog.set_config('search_path', '', false);",
            "CREATE SCHEMA tmpl;",
            "CREATE TABLE tmpl.audit (",
            "    id bigint NOT NULL",
            ");",
            'CREATE INDEX i ON "tmpl".audit USING btree (id);',
            "ALTER TABLE ONLY tmpl.audit ADD CONSTRAINT fk FOREIGN KEY (id) REFERENCES public.accounts_user(id);",
            "\\unrestrict abc",
        ]
    )
    ddl = ddl_from_dump(dump, "tmpl")
    assert ddl.splitlines() == [
        f"CREATE TABLE {SCHEMA_PLACEHOLDER}.audit (",
        "    id bigint NOT NULL",
        ");",
        f"CREATE INDEX i ON {SCHEMA_PLACEHOLDER}.audit USING btree (id);",
        f"ALTER TABLE ONLY {SCHEMA_PLACEHOLDER}.audit ADD CONSTRAINT fk FOREIGN KEY (id) REFERENCES public.accounts_user(id);",
    ]


def test_ddl_from_dump_refuses_a_template_name_it_cannot_replace() -> None:
    with pytest.raises(ProvisioningError):
        ddl_from_dump("CREATE FUNCTION tmpl_x() RETURNS text AS $$ SELECT 'tmpl' $$ LANGUAGE sql;", "tmpl")


def test_catalogue_comparison_notices_a_difference(world: World, db: None) -> None:
    """The equality test above can fail: one extra index makes two schemas differ."""
    schema_create("town_99999003")
    schema_create("town_99999004")
    with connection.cursor() as cursor:
        cursor.execute('CREATE INDEX extra ON "town_99999004".audit_auditentry (action)')
    first, second = schema_catalogue("town_99999003"), schema_catalogue("town_99999004")
    assert first["tables"] == second["tables"]
    assert first["indexes"] != second["indexes"]
