"""Districts on several databases (D107), against two embedded PostgreSQL servers: the suite's own and a
second one started for this module.

The second database is what a second group of processes would serve. Its work runs here under
``database_active`` (as that database's own process would run it) inside a transaction on the second
server that is rolled back after each test, as the suite's own transaction is on the first.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connections
from django.test import Client, TestCase
from django.test.utils import override_settings
from kreisagenda.embedded import embedded_database_url
from kreisagenda.env import database_from_url
from kreisagenda.tenancy import database_active, databases, town_schema

from accounts.models import Role
from accounts.services import membership_grant, user_create
from benchmarking.models import SizeClassFigure, SizeClassYear
from benchmarking.selectors import size_class_comparison, size_class_years_behind
from benchmarking.services import size_class_figures_reconcile
from benchmarking.statistics import SizeClass
from publishing.services import assessment_publish
from quickcheck.answers.samples import sample_answers_write
from quickcheck.answers.services import assessment_release
from quickcheck.grid_io import default_grid_rows
from quickcheck.services import grid_create, grid_open
from tenants.models import District, FederalState, Town
from tenants.selectors import database_loads, district_database
from tenants.services import Placement, district_place, town_create
from tests.conftest import World

SECOND = "zweite"
OWN = "kreisagenda"
YEAR = 2031  # a year the suite's world has no campaign in
POPULATIONS = [4_000, 12_000, 25_000]  # size classes: below 5,000, from 10,000, from 20,000


@pytest.fixture(scope="module")
def second_server(tmp_path_factory: pytest.TempPathFactory, django_db_blocker: pytest.FixtureRequest) -> Iterator[str]:
    """A second embedded PostgreSQL server with a migrated database, registered as the database ``zweite``;
    stopped and deleted when the module ends."""
    import pgserver

    pgdata = Path(tmp_path_factory.mktemp("zweiter-server")) / "pgdata"
    url = embedded_database_url(pgdata, database="kreisagenda_zweite", throwaway=True)
    configured = connections.configure_settings(
        {"default": connections.settings["default"], SECOND: database_from_url(url)}
    )
    connections.settings[SECOND] = configured[SECOND]
    overridden = override_settings(KREISAGENDA_OTHER_DATABASES={SECOND: url})
    overridden.enable()
    try:
        with django_db_blocker.unblock(), database_active(SECOND):  # type: ignore[attr-defined]
            call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        yield url
    finally:
        overridden.disable()
        connections[SECOND].close()
        del connections[SECOND]
        del connections.settings[SECOND]
        pgserver.get_server(pgdata).cleanup()


@pytest.fixture
def second(second_server: str, db: None) -> None:
    """The second database for one test, in a transaction rolled back afterwards (the mark below)."""


pytestmark = pytest.mark.django_db(databases=["default", SECOND])


def _released_district(*, name: str, key: str, database: str = "") -> Placement:
    """A district with three towns, each of which released and published the standard Quick Check."""
    placement = district_place(name=name, key=key, federal_state=FederalState.NORDRHEIN_WESTFALEN, database=database)
    with database_active(placement.database):
        grid = grid_create(district=placement.district, year=YEAR, actor=None, rows=default_grid_rows())
        grid = grid_open(grid=grid, actor=None)
        for number, population in enumerate(POPULATIONS, 1):
            town = town_create(
                district=placement.district,
                name=f"{name.split()[-1]} {number}",
                ags=f"{key}{number:03d}",
                population=population,
            )
            with town_schema(town):
                sample_answers_write(town=town, grid=grid)
                assessment_release(town=town, grid=grid, actor=None)
                # What runs once the publish commits (the size-class refresh, D118), on this database's
                # connection, as in its own process; the test's transaction itself never commits.
                with TestCase.captureOnCommitCallbacks(execute=True):
                    assessment_publish(town=town, grid=grid)
    return placement


def _schemas_on(alias: str) -> set[str]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        return {row[0] for row in cursor.fetchall()}


def _figures(alias: str) -> list[tuple[str, str, int, int, object]]:
    return list(
        SizeClassFigure.objects.using(alias)
        .filter(year_figures__year=YEAR)
        .order_by("size_class", "field_key")
        .values_list("size_class", "field_key", "towns", "districts", "median")
    )


def test_a_new_district_goes_to_the_database_with_the_fewest_schemas_and_its_towns_follow_it(
    second: None, world: World
) -> None:
    loads = {load.name: load.schemas for load in database_loads()}
    assert loads[OWN] > 0  # the suite's world lives on the first server
    assert loads[SECOND] == 0

    out = io.StringIO()
    call_command(
        "create_district", name="Kreis Paderborn", key="05774", state=FederalState.NORDRHEIN_WESTFALEN, stdout=out
    )
    assert out.getvalue().strip().endswith("Datenbank zweite.")
    assert District.objects.using(SECOND).filter(key="05774").exists()
    assert not District.objects.filter(key="05774").exists()
    assert district_database(key_or_slug="kreis-paderborn") == SECOND

    # The reverse proxy's map sends the district's pages to its database's processes.
    placed = io.StringIO()
    call_command("placement_map", stdout=placed)
    lines = placed.getvalue().splitlines()
    assert "~^/kreise/kreis-paderborn/ zweite;" in lines
    assert f"~^/kreise/{world.hoexter_district.slug}/ kreisagenda;" in lines

    # The command finds the district where it is and creates the town's schema on that server.
    call_command("add_town", district="05774", name="Büren", ags="05774012", population=21_000, stdout=io.StringIO())
    town = Town.objects.using(SECOND).get(ags="05774012")
    assert town.district.key == "05774"
    assert town.schema_name in _schemas_on(SECOND)
    assert town.schema_name not in _schemas_on("default")
    assert not Town.objects.filter(ags="05774012").exists()


def test_key_and_short_name_are_unique_across_the_databases_and_a_refusal_writes_nothing(
    second: None, world: World
) -> None:
    _released_district(name="Kreis Paderborn", key="05774", database=SECOND)
    before = {load.name: (load.districts, load.schemas) for load in database_loads()}

    with pytest.raises(ValidationError) as taken_here:
        district_place(name="Kreis Höxter neu", key=world.hoexter_district.key, federal_state="05", database=SECOND)
    assert taken_here.value.message_dict == {"key": ["05762 ist schon vergeben, in der Datenbank „kreisagenda“."]}

    with pytest.raises(ValidationError) as taken_there:
        district_place(name="Kreis Paderborn", key="05770", federal_state="05", database=OWN)
    assert taken_there.value.message_dict == {
        "slug": ["kreis-paderborn ist schon vergeben, in der Datenbank „zweite“."]
    }

    with pytest.raises(ValidationError) as unknown:
        district_place(name="Kreis Minden-Lübbecke", key="05770", federal_state="05", database="dritte")
    assert "dritte" in unknown.value.message_dict["database"][0]

    assert {load.name: (load.districts, load.schemas) for load in database_loads()} == before


def test_when_every_database_is_full_a_new_district_is_refused_and_nothing_is_written(
    second: None, world: World
) -> None:
    before = {load.name: (load.districts, load.schemas) for load in database_loads()}
    with override_settings(KREISAGENDA_SCHEMAS_PER_DATABASE=0), pytest.raises(ValidationError) as full:
        district_place(name="Kreis Minden-Lübbecke", key="05770", federal_state="05")
    assert "KREISAGENDA_DATABASES" in full.value.messages[0]
    assert {load.name: (load.districts, load.schemas) for load in database_loads()} == before


def test_the_size_class_figures_count_the_districts_of_both_databases_and_are_stored_in_each(
    second: None, world: World
) -> None:
    _released_district(name="Kreis Lippe-Nord", key="05767", database=OWN)
    _released_district(name="Kreis Paderborn", key="05774", database=SECOND)

    for alias in ("default", SECOND):
        stored = SizeClassYear.objects.using(alias).get(year=YEAR)
        assert stored.released_districts == 2
        assert set(stored.snapshot_marks) == {OWN, SECOND}
    assert _figures("default") == _figures(SECOND)

    # Read as each database's own process reads it: the same figures, six towns in two districts.
    for name in (OWN, SECOND):
        with database_active(name):
            assert databases()[name] == "default"
            by_size = size_class_comparison(year=YEAR)
            assert by_size is not None
            assert sum(comparison.n for comparison in by_size.values()) == 6
            assert by_size[SizeClass.FROM_20K].district_count == 2


def test_the_reconciliation_finds_figures_that_miss_a_snapshot_of_the_other_database(
    second: None, world: World
) -> None:
    _released_district(name="Kreis Lippe-Nord", key="05767", database=OWN)
    _released_district(name="Kreis Paderborn", key="05774", database=SECOND)
    assert YEAR not in size_class_years_behind()
    complete = _figures("default")

    # As if the second database's last publish had not reached this one (a concurrent refresh here).
    SizeClassYear.objects.filter(year=YEAR).update(snapshot_marks={OWN: [1, 1]}, released_districts=1)
    assert YEAR in size_class_years_behind()
    assert size_class_figures_reconcile() == [YEAR]
    assert SizeClassYear.objects.get(year=YEAR).released_districts == 2
    assert _figures("default") == complete
    assert YEAR not in size_class_years_behind()


def test_a_person_of_one_database_cannot_reach_a_district_of_the_other(second: None, world: World) -> None:
    own = _released_district(name="Kreis Lippe-Nord", key="05767", database=OWN)
    other = _released_district(name="Kreis Paderborn", key="05774", database=SECOND)
    coordinator = user_create(email="koordination@lippe-nord.example", full_name="Koordination", password=None)
    membership_grant(user=coordinator, role=Role.DISTRICT_COORDINATOR, district=own.district)
    client = Client()
    client.force_login(coordinator)

    for url in (
        f"/kreise/{other.district.slug}/",
        f"/kreise/{other.district.slug}/vergleich/{YEAR}/",
        f"/api/v1/districts/{other.district.slug}/benchmark/{YEAR}/",
    ):
        assert client.get(url).status_code == 404, url

    # The own district's comparison counts the other database's towns in the size classes, as aggregates
    # only: never by name.
    page = client.get(f"/kreise/{own.district.slug}/vergleich/{YEAR}/")
    answer = client.get(f"/api/v1/districts/{own.district.slug}/benchmark/{YEAR}/")
    assert page.status_code == answer.status_code == 200
    assert answer.json()["size_classes"][SizeClass.FROM_20K]["n"] == 2
    other_names = [town.name for town in Town.objects.using(SECOND).filter(district__key="05774")]
    assert len(other_names) == 3
    for name in other_names:
        assert name not in page.content.decode()
        assert name not in answer.content.decode()
