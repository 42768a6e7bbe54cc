"""The size-class comparison is stored when a Quick Check is published, not computed per page (D105)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from kreisagenda.tenancy import town_schema_activate

from benchmarking import services as benchmarking_services
from benchmarking.models import SizeClassFigure, SizeClassYear
from benchmarking.selectors import size_class_comparison, size_class_comparison_compute, size_class_years_behind
from benchmarking.services import size_class_figures_reconcile, size_class_figures_refresh
from benchmarking.statistics import SizeClass
from publishing.hooks import assessment_published
from publishing.models import AssessmentSnapshot
from publishing.services import assessment_publish
from quickcheck.answers.services import assessment_release
from quickcheck.models import GridVersion
from tenants.models import District, Town
from tests.conftest import World
from tests.factories import DistrictFactory, comparison_grid, published_snapshot, unprovisioned_town

pytestmark = pytest.mark.django_db

YEAR = 2032  # apart from the demo district's campaigns and the other comparison tests


def _district_with_towns(name: str, key_scores: list[tuple[int, str]]) -> tuple[District, list[Town]]:
    district: District = DistrictFactory.create(name=name)
    grid = comparison_grid(district=district, year=YEAR, field_keys=["verwaltung", "bildung"])
    towns = []
    for index, (population, score) in enumerate(key_scores, start=1):
        town = unprovisioned_town(
            district=district, name=f"{name} {index}", ags=f"{district.key}{index:03d}", population=population
        )
        published_snapshot(town=town, grid=grid, fields={"verwaltung": score, "bildung": "20.0"})
        towns.append(town)
    return district, towns


def _two_districts() -> None:
    _district_with_towns("Kreis Nord", [(12_000, "30.0"), (15_000, "40.0"), (18_000, "50.0")])
    _district_with_towns("Kreis Süd", [(11_000, "70.0"), (25_000, "90.0")])


def test_stored_figures_read_as_the_computed_ones(db: None) -> None:
    _two_districts()
    computed = size_class_comparison_compute(year=YEAR)
    size_class_figures_refresh(year=YEAR)
    stored = size_class_comparison(year=YEAR)
    assert stored == computed.by_size_class
    small = stored[SizeClass.FROM_10K]
    assert (small.n, small.district_count, small.field_counts) == (4, 2, {"verwaltung": 4, "bildung": 4})
    verwaltung = small.fields["verwaltung"]
    assert verwaltung is not None
    assert (verwaltung.minimum, verwaltung.median, verwaltung.maximum) == (Decimal(30), Decimal(45), Decimal(70))
    assert stored[SizeClass.FROM_20K].fields["verwaltung"] is None  # one town: not shown
    assert SizeClassFigure.objects.filter(year_figures__year=YEAR, size_class=SizeClass.FROM_20K).count() == 3


def test_reading_the_stored_figures_costs_two_queries_however_many_towns_and_one_until_they_change(
    db: None, django_assert_num_queries: pytest.FixtureRequest
) -> None:
    _two_districts()
    size_class_figures_refresh(year=YEAR)
    with django_assert_num_queries(2):  # type: ignore[operator]
        first = size_class_comparison(year=YEAR)
    with django_assert_num_queries(1):  # type: ignore[operator]  # unchanged since: built once per process
        assert size_class_comparison(year=YEAR) == first
    _district_with_towns("Kreis West", [(13_000 + n, "60.0") for n in range(30)])
    size_class_figures_refresh(year=YEAR)
    with django_assert_num_queries(2):  # type: ignore[operator]
        by_class = size_class_comparison(year=YEAR)
    assert by_class is not None
    assert by_class[SizeClass.FROM_10K].n == 34


def test_one_district_gives_no_comparison_across_districts_but_a_towns_position_has_its_class(db: None) -> None:
    _district_with_towns("Kreis Allein", [(12_000, "30.0"), (15_000, "40.0"), (18_000, "50.0")])
    size_class_figures_refresh(year=YEAR)
    assert size_class_comparison(year=YEAR) is None
    alone = size_class_comparison(year=YEAR, min_districts=1)
    assert alone is not None
    assert alone[SizeClass.FROM_10K].n == 3


def test_a_publish_stores_the_figures_through_the_hook_once_it_has_committed(
    db: None, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    _two_districts()
    assert not SizeClassYear.objects.filter(year=YEAR).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assessment_published.fire(AssessmentSnapshot.objects.filter(year=YEAR).latest("pk"))
        assert not SizeClassYear.objects.filter(year=YEAR).exists()  # not inside the publish's transaction
    stored = SizeClassYear.objects.get(year=YEAR)
    assert stored.released_districts == 2
    of_year = AssessmentSnapshot.objects.filter(year=YEAR)
    assert stored.snapshot_marks == {"kreisagenda": [of_year.count(), of_year.latest("pk").pk]}


def test_a_refresh_that_fails_after_the_commit_leaves_the_publish_and_the_callbacks_after_it_alone(
    db: None, django_capture_on_commit_callbacks: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another database unreachable, say: the publish has committed, so its caller must not see it fail,
    later callbacks (notifications) still run, and the reconciliation finds the year to refresh."""
    _two_districts()

    def unreachable(*, year: int) -> None:
        raise ConnectionError("zweite Datenbank nicht erreichbar")

    monkeypatch.setattr(benchmarking_services, "size_class_figures_refresh", unreachable)
    after: list[str] = []
    with django_capture_on_commit_callbacks(execute=True):
        assessment_published.fire(AssessmentSnapshot.objects.filter(year=YEAR).latest("pk"))
        transaction.on_commit(lambda: after.append("benachrichtigt"))
    assert after == ["benachrichtigt"]
    assert not SizeClassYear.objects.filter(year=YEAR).exists()
    assert YEAR in size_class_years_behind()


def test_publishing_a_release_fires_the_hook_once_and_stores_the_figures(
    world: World, grid: GridVersion, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    fired: list[tuple[int, int]] = []

    def receiver(snapshot: AssessmentSnapshot) -> None:
        fired.append((snapshot.town_id, snapshot.year))

    town = Town.objects.get(slug="marienmuenster")  # complete, not yet released
    assessment_published.register(receiver)
    try:
        town_schema_activate(town)
        assessment_release(town=town, grid=grid, actor=None)
        with django_capture_on_commit_callbacks(execute=True):
            assessment_publish(town=town, grid=grid)
            assessment_publish(town=town, grid=grid)  # unchanged: no new snapshot, no second refresh
    finally:
        assessment_published._receivers.remove(receiver)
    assert fired == [(town.pk, grid.year)]
    stored = SizeClassYear.objects.get(year=grid.year)
    of_year = AssessmentSnapshot.objects.filter(year=grid.year)
    assert stored.snapshot_marks == {"kreisagenda": [of_year.count(), of_year.latest("pk").pk]}


def test_the_reconciliation_stores_the_years_that_miss_a_snapshot_and_only_those(db: None) -> None:
    _two_districts()
    assert YEAR in size_class_years_behind()
    assert YEAR in size_class_figures_reconcile()
    assert YEAR not in size_class_years_behind()
    refreshed_at = SizeClassYear.objects.get(year=YEAR).computed_at
    assert YEAR not in size_class_figures_reconcile()
    assert SizeClassYear.objects.get(year=YEAR).computed_at == refreshed_at
    # A snapshot written after the figures (a refresh that failed): behind again, and healed.
    district = District.objects.get(name="Kreis Süd")
    grid = GridVersion.objects.get(district=district, year=YEAR)
    late = unprovisioned_town(district=district, name="Spät", ags=f"{district.key}009", population=14_000)
    published_snapshot(town=late, grid=grid, fields={"verwaltung": "10.0"})
    assert YEAR in size_class_years_behind()
    size_class_figures_reconcile()
    by_class = size_class_comparison(year=YEAR)
    assert by_class is not None
    assert by_class[SizeClass.FROM_10K].n == 5
    # A town removed with its snapshots (not the newest one): behind again, and counted no more.
    AssessmentSnapshot.objects.filter(town__name="Kreis Nord 1", year=YEAR).delete()
    assert YEAR in size_class_years_behind()
    size_class_figures_reconcile()
    by_class = size_class_comparison(year=YEAR)
    assert by_class is not None
    assert by_class[SizeClass.FROM_10K].n == 4
