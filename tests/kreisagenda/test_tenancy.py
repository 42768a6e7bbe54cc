"""kreisagenda.tenancy: the one module that switches schemas."""

from __future__ import annotations

import pytest
from django.db import connection
from kreisagenda.tenancy import active_schema, town_schema, town_schema_activate, town_schema_require

from tests.conftest import World


def _search_path() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW search_path")
        return str(cursor.fetchone()[0])


def test_a_town_schema_block_works_in_the_town_and_returns_to_public(world: World, db: None) -> None:
    assert active_schema() == "public"
    with town_schema(world.town_hoexter):
        assert active_schema() == world.town_hoexter.schema_name
        assert _search_path().startswith(world.town_hoexter.schema_name)
    assert active_schema() == "public"
    assert _search_path().startswith("public")


def test_a_town_schema_block_restores_the_schema_before_it_even_after_an_error(world: World, db: None) -> None:
    seen: list[str] = []

    def fail_inside() -> None:
        with town_schema(world.town_hoexter):
            seen.append(active_schema())
            raise ValueError("boom")

    town_schema_activate(world.town_brakel)
    with pytest.raises(ValueError, match="boom"):
        fail_inside()
    assert seen == [world.town_hoexter.schema_name]
    assert active_schema() == world.town_brakel.schema_name
    assert _search_path().startswith(world.town_brakel.schema_name)


def test_reading_a_town_refuses_when_another_schema_is_active(world: World, db: None) -> None:
    with town_schema(world.town_brakel), pytest.raises(RuntimeError, match="braucht deren Schema"):
        town_schema_require(world.town_hoexter, purpose="Lesen")
