"""The connection's real search_path follows the active schema, although it is set only after a switch.

With ``TENANT_LIMIT_SET_CALLS`` django-tenants issues ``SET search_path`` once after the schema
changed through its API and then trusts it. These tests look at what PostgreSQL itself reports
(``current_schemas``) after the ways the path could get out of step: a switch within one
connection, a rollback, provisioning's raw DDL, and one connection serving request after request
(as with persistent connections, CONN_MAX_AGE > 0: Django's test client keeps the connection open
between requests too).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from django.db import IntegrityError, ProgrammingError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from kreisagenda.tenancy import active_schema, public_schema_activate, town_schema_activate

from audit.models import AuditEntry
from roadmap.measures.models import Measure
from tenants import provisioning
from tenants.models import Town
from tenants.services import town_create
from tests.conftest import World


class _RolledBackError(Exception):
    pass


def _schemas() -> list[str]:
    """The schemas the next statement searches, as the database reports them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT array_to_string(current_schemas(false), ',')")
        row = cursor.fetchone()
    assert row is not None
    return str(row[0]).split(",")


def _provisioned_summary() -> str:
    """Each town schema's own first history entry names the town."""
    return AuditEntry.objects.get(action="town_provisioned").summary


def _set_statements(captured: CaptureQueriesContext) -> int:
    return sum(1 for query in captured.captured_queries if query["sql"].startswith("SET search_path"))


def test_a_switch_within_one_connection_reads_the_new_towns_data(world: World, db: None) -> None:
    town_schema_activate(world.town_hoexter)
    with CaptureQueriesContext(connection) as captured:
        assert _provisioned_summary() == "Datenbereich für Höxter angelegt"
        assert _provisioned_summary() == "Datenbereich für Höxter angelegt"
    assert _set_statements(captured) == 1  # the first statement after the switch, not every one
    assert _schemas() == [world.town_hoexter.schema_name, "public"]

    town_schema_activate(world.town_brakel)
    with CaptureQueriesContext(connection) as captured:
        assert _provisioned_summary() == "Datenbereich für Brakel angelegt"
    assert _set_statements(captured) == 1
    assert _schemas() == [world.town_brakel.schema_name, "public"]

    public_schema_activate()
    assert _schemas() == ["public"]
    assert Town.objects.filter(pk=world.town_brakel.pk).exists()
    with pytest.raises(ProgrammingError, match="audit_auditentry"), transaction.atomic():
        AuditEntry.objects.count()  # a town table is not found from the public schema


def _in_a_savepoint(town: Town, work: Callable[[], object]) -> None:
    with transaction.atomic():
        town_schema_activate(town)
        work()


def _brakel_read_then_roll_back() -> None:
    assert _provisioned_summary() == "Datenbereich für Brakel angelegt"
    raise _RolledBackError


def _measure_beyond_100_percent() -> None:
    Measure.objects.create(title="Zu weit", field_key="verwaltung", progress=101)


def test_a_rolled_back_switch_leaves_no_stale_path(world: World, db: None) -> None:
    town_schema_activate(world.town_hoexter)
    assert _provisioned_summary() == "Datenbereich für Höxter angelegt"
    with pytest.raises(_RolledBackError):
        _in_a_savepoint(world.town_brakel, _brakel_read_then_roll_back)
    # The rollback to the savepoint took the SET back (the database is on Höxter's path again),
    # while Brakel is still the active schema: the next statement must set the path again.
    assert active_schema() == world.town_brakel.schema_name
    assert _provisioned_summary() == "Datenbereich für Brakel angelegt"
    assert _schemas() == [world.town_brakel.schema_name, "public"]


def test_a_failed_statement_leaves_no_stale_path(world: World, db: None) -> None:
    town_schema_activate(world.town_hoexter)
    assert _provisioned_summary() == "Datenbereich für Höxter angelegt"
    with pytest.raises(IntegrityError, match="measure_progress_0_100"):
        _in_a_savepoint(world.town_brakel, _measure_beyond_100_percent)
    assert _provisioned_summary() == "Datenbereich für Brakel angelegt"
    assert _schemas() == [world.town_brakel.schema_name, "public"]


def test_the_path_is_right_after_provisioning_replays_its_ddl(
    world: World, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even a blueprint that changes the session's search_path (ddl_from_dump drops such lines,
    a stored blueprint might still hold one) leaves the next statement on the active schema."""
    blueprint = provisioning.blueprint_get()
    meddling = dataclasses.replace(
        blueprint, ddl=blueprint.ddl + "SELECT pg_catalog.set_config('search_path', 'pg_catalog', false);\n"
    )
    monkeypatch.setattr(provisioning, "blueprint_get", lambda: meddling)
    town_schema_activate(world.town_hoexter)
    assert _provisioned_summary() == "Datenbereich für Höxter angelegt"  # the path is set and trusted
    provisioning.schema_create("town_99999011")
    assert _schemas() == [world.town_hoexter.schema_name, "public"]
    assert _provisioned_summary() == "Datenbereich für Höxter angelegt"


def test_a_new_towns_schema_is_found_after_it_was_provisioned(world: World, db: None) -> None:
    town = town_create(district=world.lippe_district, name="Lemgo", ags="05766040", population=40000)
    assert active_schema() == "public"
    assert _schemas() == ["public"]
    town_schema_activate(town)
    assert _provisioned_summary() == "Datenbereich für Lemgo angelegt"
    assert _schemas() == [town.schema_name, "public"]


def _roadmap_page(district: str, town: str) -> str:
    return f"/kreise/{district}/kommunen/{town}/roadmap/"


def test_one_connection_serves_town_a_then_town_b_each_with_its_own_data(
    world: World, db: None, client_as: Callable[[str], Client]
) -> None:
    """Requests for town A and then town B on the same connection (as with persistent connections):
    the second reads B's data, and each request ends on the public schema."""
    for town, title in [(world.town_hoexter, "Nur in Höxter 4711"), (world.town_brakel, "Nur in Brakel 4712")]:
        town_schema_activate(town)
        Measure.objects.create(title=title, field_key="verwaltung")
    public_schema_activate()
    assert _schemas() == ["public"]
    backend = connection.connection
    coordinator = client_as("coordinator")  # may read both towns

    first = coordinator.get(_roadmap_page("kreis-hoexter", "hoexter")).content.decode()
    assert (active_schema(), _schemas()) == ("public", ["public"])
    second = coordinator.get(_roadmap_page("kreis-hoexter", "brakel")).content.decode()
    assert (active_schema(), _schemas()) == ("public", ["public"])
    third = coordinator.get(_roadmap_page("kreis-hoexter", "hoexter")).content.decode()

    assert connection.connection is backend  # one connection throughout
    assert "Nur in Höxter 4711" in first
    assert "Nur in Brakel 4712" not in first
    assert "Nur in Brakel 4712" in second
    assert "Nur in Höxter 4711" not in second
    assert "Nur in Höxter 4711" in third
    assert "Nur in Brakel 4712" not in third
