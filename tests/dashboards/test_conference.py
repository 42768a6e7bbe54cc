"""The mayors' conference's joint Lagebild: the district over the years and what it does together."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from kreisagenda.tenancy import town_schema

from benchmarking.selectors import comparison_get
from dashboards.selectors import conference_overview
from publishing.tasks import items_publish_task
from quickcheck.models import GridVersion
from roadmap.measures.services import MeasureInput, measure_create
from roadmap.models import JointProject
from roadmap.rules import PlanInput
from roadmap.selectors import plan_context
from shared_vision.selectors import vision_current
from tenants.models import Town
from tests.conftest import World
from tests.factories import TownFactory, comparison_grid, published_snapshot

PAGE = "/kreise/kreis-hoexter/konferenz/"


def test_the_trend_holds_each_campaign_years_medians(world: World, grid: GridVersion) -> None:
    overview = conference_overview(district=world.hoexter_district)
    years = [point.year for point in overview.trend]
    expected = [
        g.year
        for g in GridVersion.objects.filter(district=world.hoexter_district).exclude(status="draft").order_by("year")
        if comparison_get(district=world.hoexter_district, year=g.year).towns
    ]
    assert years == expected
    assert grid.year in years
    for point in overview.trend:
        comparison = comparison_get(district=world.hoexter_district, year=point.year)
        assert point.towns == len(comparison.towns)
        assert point.medians == {f.key: f.statistics.median for f in comparison.fields if f.statistics is not None}
        assert point.overall == (comparison.overall.median if comparison.overall else None)


def test_the_page_shows_the_trend_as_a_table_and_a_chart(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    html = client_as("conference").get(PAGE).content.decode()
    overview = conference_overview(district=world.hoexter_district)
    header = re.search(r'<table id="trend-figures">.*?<thead>(.*?)</thead>', html, re.S)
    assert header is not None
    assert [int(year) for year in re.findall(r">(\d{4})</th>", header.group(1))] == [p.year for p in overview.trend]
    assert 'data-chart-for="trend-chart"' in html
    assert html.count("data-trend=") == len(overview.field_names)


def test_a_measure_naming_a_goal_counts_for_it(world: World, grid: GridVersion) -> None:
    vision = vision_current(district=world.hoexter_district)
    assert vision is not None
    field = vision.fields.all()[0]
    goal = field.goals.all()[0]
    before = next(g for g in conference_overview(district=world.hoexter_district).goals if g.text == goal.text)
    with town_schema(world.town_hoexter):
        measure_create(
            town=world.town_hoexter,
            data=MeasureInput(plan=PlanInput(title="Für das Ziel", field_key=field.key, shared_goal_keys=(goal.key,))),
            context=plan_context(district=world.hoexter_district),
            actor=None,
        )
    items_publish_task.run(town_id=world.town_hoexter.pk)
    after = next(g for g in conference_overview(district=world.hoexter_district).goals if g.text == goal.text)
    assert after.measures == before.measures + 1


def test_joint_projects_are_listed_with_lead_town_and_participants(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    html = client_as("conference").get(PAGE).content.decode()
    for project in JointProject.objects.filter(district=world.hoexter_district):
        row = re.search(rf'<tr data-project="{project.pk}">(.*?)</tr>', html, re.S)
        assert row is not None
        assert project.title in row.group(1)
        if project.lead_town:
            assert project.lead_town.name in row.group(1)


@pytest.mark.parametrize(
    ("label", "status"),
    [
        ("conference", 200),
        ("coordinator", 200),
        ("operator", 200),
        ("officer_hoexter", 403),
        ("viewer_hoexter", 403),
        ("coordinator_lippe", 403),
        ("no_role", 403),
    ],
)
def test_who_sees_the_joint_lagebild(world: World, client_as: Callable[[str], Client], label: str, status: int) -> None:
    response = client_as(label).get(PAGE)
    assert response.status_code == status
    assert (b'id="trend-figures"' in response.content) is (status == 200)


def test_a_trend_over_two_years_computed_by_hand(world: World, db: None) -> None:
    """Lippe gets two campaigns with three towns each; the medians per year are checked by hand."""
    lippe = world.lippe_district
    towns = [world.town_detmold, *(TownFactory.create(district=lippe) for _ in range(2))]
    assert all(isinstance(t, Town) for t in towns)
    first = comparison_grid(district=lippe, year=2031, field_keys=["verwaltung", "bildung"])
    second = comparison_grid(district=lippe, year=2032, field_keys=["verwaltung", "bildung"])
    for town, (v1, b1, v2, b2) in zip(
        towns, [("10", "40", "30", "50"), ("20", "60", "50", "50"), ("60", "80", "70", "90")], strict=True
    ):
        published_snapshot(town=town, grid=first, fields={"verwaltung": v1, "bildung": b1})
        published_snapshot(town=town, grid=second, fields={"verwaltung": v2, "bildung": b2})
    trend = conference_overview(district=lippe).trend
    assert [(p.year, p.towns) for p in trend] == [(2031, 3), (2032, 3)]
    assert {k: str(v) for k, v in trend[0].medians.items()} == {"verwaltung": "20.0", "bildung": "60.0"}
    assert {k: str(v) for k, v in trend[1].medians.items()} == {"verwaltung": "50.0", "bildung": "50.0"}


def test_the_presentation_has_one_slide_per_chart_each_with_its_numbers(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    html = client_as("conference").get(f"{PAGE}praesentation/").content.decode()
    slides = re.findall(r'data-slide="([a-z]+)"', html)
    assert slides == ["title", "trend", "heatmap", "projects", "lighthouses"]
    # Every chart points at a table with the same numbers (the text alternative).
    for chart_id, table_id in re.findall(r'id="([a-z-]+-chart)"[^>]*aria-describedby="([a-z-]+)"', html):
        assert f'id="{table_id}"' in html, chart_id
    assert 'class="site-header"' not in html  # the slides fill the screen
    assert "/static/dashboards/js/presentation.js" in html
    assert "http://" not in html.replace("http://testserver", "")  # nothing from elsewhere


@pytest.mark.parametrize(
    ("label", "status"), [("conference", 200), ("officer_hoexter", 403), ("coordinator_lippe", 403)]
)
def test_who_may_present(world: World, client_as: Callable[[str], Client], label: str, status: int) -> None:
    response = client_as(label).get(f"{PAGE}praesentation/")
    assert response.status_code == status
    assert (b"data-slide=" in response.content) is (status == 200)
