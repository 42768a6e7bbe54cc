"""A town's own page: its standing, priorities and gaps, its roadmap, this year's Quick Check, what
concerns it in the district; and the mayor reading the town's measures."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from kreisagenda.tenancy import town_schema

from benchmarking.selectors import comparison_get, flags_open
from dashboards.selectors import TownOverview, town_overview
from quickcheck.answers.services import AnswerInput, answer_save
from quickcheck.models import GridQuestion, GridVersion
from roadmap.measures.models import Measure
from roadmap.measures.services import MeasureInput, measure_create
from roadmap.rules import PlanInput
from roadmap.selectors import plan_context
from shared_vision.town_focus.models import FieldPriority
from tenants.models import Town
from tests.conftest import World
from tests.helpers import town_unchanged

HOEXTER = "/kreise/kreis-hoexter/kommunen/hoexter/"


def _measure(world: World, title: str, **plan: object) -> Measure:
    """A measure of Höxter's, written as its officer would."""
    with town_schema(world.town_hoexter):
        return measure_create(
            town=world.town_hoexter,
            data=MeasureInput(plan=PlanInput(title=title, **{"field_key": "verwaltung", **plan})),  # type: ignore[arg-type]
            context=plan_context(district=world.hoexter_district),
            actor=None,
        )


def _overview(world: World, today: datetime.date | None = None) -> TownOverview:
    with town_schema(world.town_hoexter):
        return town_overview(town=world.town_hoexter, include_drafts=True, names_visible=True, today=today)


def test_a_released_town_sees_its_scores_against_the_districts_quartiles(world: World, grid: GridVersion) -> None:
    overview = _overview(world)
    comparison = comparison_get(district=world.hoexter_district, year=grid.year)
    own = comparison.town(world.town_hoexter.pk)
    assert overview.released
    assert own is not None
    for row in overview.fields:
        group = next(f for f in comparison.fields if f.key == row.key).statistics
        published = own.fields.get(row.key)
        assert (row.current, row.target) == ((published.current, published.target) if published else (None, None))
        assert row.median == (group.median if group else None)
        assert row.lower_quartile == (group.lower_quartile if group else None)


def test_before_release_a_town_sees_its_draft_and_no_group_figures(world: World, grid: GridVersion) -> None:
    with town_schema(world.town_brakel):
        overview = town_overview(town=world.town_brakel, include_drafts=True, names_visible=True)
    assert not overview.released
    assert {row.median for row in overview.fields} == {None}  # give and take: peers only after release
    assert any(row.current is not None for row in overview.fields)  # its own draft scores
    assert overview.completeness is not None
    assert overview.completeness.percent < 100
    assert overview.mentors == []


def test_a_gap_is_a_weak_or_high_priority_field_with_nothing_planned(world: World, grid: GridVersion) -> None:
    overview = _overview(world)
    for row in overview.fields:
        needs = row.verdict == "weakness" or row.priority == "high"
        assert row.is_gap == (needs and row.measures == 0 and row.joint_projects == 0)
    # Make an unplanned field important: it becomes a gap; a measure there closes it again.
    unplanned = next(row for row in overview.fields if row.measures == 0 and row.joint_projects == 0)
    with town_schema(world.town_hoexter):
        FieldPriority.objects.update_or_create(field_key=unplanned.key, defaults={"priority": "high"})
    assert unplanned.key in {row.key for row in _overview(world).gaps}
    with town_schema(world.town_hoexter):
        measure_create(
            town=world.town_hoexter,
            data=MeasureInput(plan=PlanInput(title="Die Lücke schließen", field_key=unplanned.key)),
            context=plan_context(district=world.hoexter_district),
            actor=None,
        )
    assert unplanned.key not in {row.key for row in _overview(world).gaps}


def test_the_roadmap_marks_today_and_what_is_late(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    _measure(
        world, "Überfällig seit dem Frühjahr", status="in_progress", start_quarter="2025-Q3", end_quarter="2026-Q1"
    )
    _measure(world, "Läuft bis 2028", status="in_progress", start_quarter="2026-Q1", end_quarter="2028-Q4")
    overview = _overview(world, today=datetime.date(2027, 2, 1))
    late_titles = {row.title for row in overview.late}
    assert "Überfällig seit dem Frühjahr" in late_titles
    assert "Läuft bis 2028" not in late_titles
    html = client_as("officer_hoexter").get(HOEXTER).content.decode()
    figure = json.loads(re.search(r'data-chart-for="timeline-chart">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert figure["layout"]["shapes"][0]["type"] == "line"  # today
    assert figure["layout"]["annotations"][0]["text"] == "heute"
    labels = [label for trace in figure["data"] for label in trace["y"]]
    page_late = {row.title for row in _overview(world).late}
    for title in page_late:
        assert f"⚠ {title}" in labels
        assert re.search(rf"⚠ {re.escape(title)}", html)


def test_the_page_lists_exactly_the_open_flags_with_an_item_of_the_town(world: World, grid: GridVersion) -> None:
    overview = _overview(world)
    expected = [
        flag.pk
        for flag in flags_open(district=world.hoexter_district)
        if any(item["town_id"] == world.town_hoexter.pk for item in flag.evidence["items"])
    ]
    assert expected, "the demo plants a duplicated structure with Höxter in it"
    assert sorted(flag.pk for flag in overview.flags) == sorted(expected)


def test_mentors_are_named_only_where_the_district_shows_names(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    with town_schema(world.town_hoexter):
        named = town_overview(town=world.town_hoexter, include_drafts=True, names_visible=True).mentors
    assert named, "the demo has Höxter weak where others are strong"
    officer = client_as("officer_hoexter")
    shown = re.search(r"<dl data-town-mentors>(.*?)</dl>", officer.get(HOEXTER).content.decode(), re.S)
    assert shown is not None
    assert {offer.mentor_name for offer in named} <= set(re.findall(r"<dd data-mentor>([^<]+) – ", shown.group(1)))

    district = world.hoexter_district
    district.towns_see_peer_names = False
    district.save(update_fields=["towns_see_peer_names"])
    html = officer.get(HOEXTER).content.decode()
    section = re.search(r'<section aria-labelledby="district-heading".*?</section>', html, re.S)
    assert section is not None
    assert "Namen zeigt der Kreis nicht" in section.group(0)
    others = Town.objects.filter(district=district).exclude(pk=world.town_hoexter.pk).values_list("name", flat=True)
    assert [name for name in others if name in section.group(0)] == []  # no other town named: mentors, flags


def test_the_mayor_reads_a_measure_but_cannot_change_it(world: World, client_as: Callable[[str], Client]) -> None:
    measure = _measure(world, "Bürgerportal ausbauen", status="planned", start_quarter="2027-Q1")
    mayor = client_as("viewer_hoexter")
    url = f"{HOEXTER}roadmap/{measure.pk}/"
    page = mayor.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert measure.title in html
    assert "Nur lesen" in html
    facts = re.search(r"<dl class=\"facts\" data-measure-facts>(.*?)</dl>", html, re.S)
    assert facts is not None
    assert "<dd>Bürgerportal ausbauen</dd>" in facts.group(1)
    assert "<dd>geplant</dd>" in facts.group(1)  # a choice by its label, not its code
    assert 'class="stacked"' not in html  # no form to fill in
    assert ">Speichern</button>" not in html
    with town_unchanged(world.town_hoexter):
        assert mayor.post(url, {"title": "Vom Bürgermeister geändert", "field_key": "verwaltung"}).status_code == 403
        assert mayor.post(url, {"delete": "1"}).status_code == 403
        assert mayor.get(f"{HOEXTER}roadmap/neu/").status_code == 403


@pytest.mark.parametrize("label", ["officer_brakel", "coordinator_lippe", "conference"])
def test_people_outside_the_town_do_not_see_its_page(
    world: World, client_as: Callable[[str], Client], label: str
) -> None:
    response = client_as(label).get(HOEXTER)
    assert response.status_code == 403
    assert b"standing-figures" not in response.content


def test_the_coordinator_sees_the_towns_page(world: World, client_as: Callable[[str], Client]) -> None:
    _measure(world, "Bürgerportal ausbauen", status="planned", start_quarter="2027-Q1")
    html = client_as("coordinator").get(HOEXTER).content.decode()
    assert 'id="standing-figures"' in html
    assert 'id="town-roadmap-rows"' in html


def test_readers_without_draft_access_see_only_entries_about_released_or_published_data(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    """The coordination read "Antwort auf VW-1 geändert" in a town's recent changes before its release."""
    town = world.town_brakel
    with town_schema(town):
        question = GridQuestion.objects.filter(grid=grid).order_by("position", "pk").first()
        assert question is not None
        answer_save(town=town, grid=grid, question=question, data=AnswerInput(current_level=2), actor=None)
        measure_create(
            town=town,
            data=MeasureInput(plan=PlanInput(title="Bürgerportal Brakel", field_key=question.field.key, status="idea")),
            context=plan_context(district=town.district),
            actor=None,
        )
    draft_entry = f"Antwort auf {question.code}"
    officer = client_as("officer_brakel").get("/kreise/kreis-hoexter/kommunen/brakel/").content.decode()
    coordinator = client_as("coordinator").get("/kreise/kreis-hoexter/kommunen/brakel/").content.decode()
    assert draft_entry in officer  # the town's own people see their draft work
    assert draft_entry not in coordinator
    assert "Bürgerportal Brakel" in coordinator  # a measure is published: its entry stays
    api = client_as("coordinator").get("/api/v1/districts/kreis-hoexter/towns/brakel/").json()
    assert not any(draft_entry in change["summary"] for change in api["recent_changes"])


def test_the_town_page_reads_the_fields_of_action_in_force_once(
    world: World, client_as: Callable[[str], Client]
) -> None:
    with CaptureQueriesContext(connection) as captured:
        response = client_as("officer_hoexter").get("/kreise/kreis-hoexter/kommunen/hoexter/")
    assert response.status_code == 200
    reads = [
        query["sql"] for query in captured.captured_queries if 'FROM "shared_vision_fieldofaction"' in query["sql"]
    ]
    assert len(reads) == 1, reads  # priorities and roadmap share them (D116)


def test_the_town_page_reads_neither_the_earlier_questions_nor_the_mentors_solutions(
    world: World, client_as: Callable[[str], Client]
) -> None:
    """What the town's page shows needs the scores and the mentors' names, not which question of an
    earlier grid each question replaces or what the mentors run (the synergies page shows those)."""
    with CaptureQueriesContext(connection) as captured:
        response = client_as("officer_hoexter").get("/kreise/kreis-hoexter/kommunen/hoexter/")
    assert response.status_code == 200
    sql = [query["sql"] for query in captured.captured_queries]
    assert [s for s in sql if 'FROM "quickcheck_gridquestion"' in s] != []  # the town's answers are read
    assert [s for s in sql if 'JOIN "quickcheck_gridquestion"' in s] == []  # no replaced question joined
    assert [s for s in sql if 'FROM "publishing_itemsnapshot"' in s or '"publishing_publisheditem"' in s] == []
