"""Late entries (end quarter passed, neither done nor dropped) on the town's and the district's
roadmap: marked in the table, counted, filterable, drawn with a today line; and the charts' labels
say what they mean (issue 14, item 5)."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from kreisagenda.tenancy import town_schema
from rest_framework.test import APIClient

from publishing.tasks import items_publish_task
from roadmap.charts import _tick_texts, progress_figure
from roadmap.measures.selectors import town_roadmap
from roadmap.progress import ProgressFigure, Rollup
from roadmap.quarters import Quarter
from roadmap.selectors import RoadmapFilter, district_roadmap
from tests.conftest import World

pytestmark = pytest.mark.django_db

API = "/api/v1/districts/kreis-hoexter"
TOWN_PAGE = "/kreise/kreis-hoexter/kommunen/hoexter/roadmap/"
DISTRICT_PAGE = "/kreise/kreis-hoexter/roadmap/"
LAST_YEAR = timezone.localdate().year - 1
NEXT_YEAR = timezone.localdate().year + 1
BASE: dict[str, Any] = {
    "field_key": "verwaltung",
    "other_field_keys": [],
    "question_targets": [],
    "priority": "medium",
    "milestones": [],
}
# Over: its end quarter lies in last year and it is still in progress. The others are not late.
OVERDUE: dict[str, Any] = {**BASE, "title": "E-Akte im Bauamt", "status": "in_progress", "progress": 40,
           "start_quarter": f"{LAST_YEAR}-Q1", "end_quarter": f"{LAST_YEAR}-Q2"}  # fmt: skip
FINISHED: dict[str, Any] = {**BASE, "title": "Ratsinformationssystem", "status": "done", "progress": 100,
            "start_quarter": f"{LAST_YEAR}-Q1", "end_quarter": f"{LAST_YEAR}-Q2"}  # fmt: skip
AHEAD: dict[str, Any] = {**BASE, "title": "Bürgerportal", "status": "planned", "progress": 0,
         "start_quarter": f"{LAST_YEAR}-Q3", "end_quarter": f"{NEXT_YEAR}-Q2"}  # fmt: skip


def _create(api: APIClient, town_slug: str, measure: dict[str, Any]) -> None:
    response = api.post(f"{API}/towns/{town_slug}/measures/", measure, format="json")
    assert response.status_code == 201, response.content


@pytest.fixture
def hoexter_measures(world: World, api_as: Callable[[str], APIClient]) -> None:
    officer = api_as("officer_hoexter")
    for measure in (OVERDUE, FINISHED, AHEAD):
        _create(officer, "hoexter", measure)
    items_publish_task.run(town_id=world.town_hoexter.pk)


def _rows(html: str) -> dict[str, str]:
    """Each table row of the roadmap (by its title) with its whole markup."""
    table = html[html.index('<table id="roadmap-rows">') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr data-measure=.*?</tr>", table, flags=re.S)
    return {
        title: row for row in rows for title in (OVERDUE["title"], FINISHED["title"], AHEAD["title"]) if title in row
    }


def _timeline(html: str) -> dict[str, Any]:
    match = re.search(
        r'<script type="application/json" data-chart-for="timeline-chart">(.*?)</script>', html, flags=re.S
    )
    assert match, "no timeline on the page"
    figure: dict[str, Any] = json.loads(match.group(1))
    return figure


def test_a_measure_past_its_end_quarter_and_not_done_is_late_on_the_towns_roadmap(
    world: World, hoexter_measures: None
) -> None:
    with town_schema(world.town_hoexter):
        roadmap = town_roadmap(town=world.town_hoexter)
        late = {row.title for row in roadmap.rows if row.late}
        assert late == {OVERDUE["title"]}
        assert roadmap.late_count == 1
        # Read a year earlier, nothing was late yet.
        earlier = town_roadmap(town=world.town_hoexter, today=datetime.date(LAST_YEAR, 1, 15))
        assert earlier.late_count == 0
        only_late = town_roadmap(town=world.town_hoexter, roadmap_filter=RoadmapFilter(late_only=True))
        assert [row.title for row in only_late.rows] == [OVERDUE["title"]]
        assert only_late.late_count == 1


def test_the_towns_roadmap_page_marks_counts_and_filters_late_measures(
    hoexter_measures: None, client_as: Callable[[str], Client]
) -> None:
    officer = client_as("officer_hoexter")
    html = officer.get(TOWN_PAGE).content.decode()
    rows = _rows(html)
    assert "verspätet" in rows[OVERDUE["title"]]
    assert 'class="attention"' in rows[OVERDUE["title"]]
    for title in (FINISHED["title"], AHEAD["title"]):
        assert "verspätet" not in rows[title]
        assert "attention" not in rows[title]
    summary = re.search(r'<p class="notice-attention" id="late-summary">(.*?)</p>', html, flags=re.S)
    assert summary
    assert "1 Vorhaben ist verspätet" in summary.group(1)
    filtered = officer.get(TOWN_PAGE + "?late=1").content.decode()
    assert list(_rows(filtered)) == [OVERDUE["title"]]
    assert 'name="late" value="1" checked' in filtered


def test_the_timeline_draws_today_and_marks_the_late_bar(
    hoexter_measures: None, client_as: Callable[[str], Client]
) -> None:
    figure = _timeline(client_as("officer_hoexter").get(TOWN_PAGE).content.decode())
    assert [a["text"] for a in figure["layout"]["annotations"]] == ["heute"]
    today_line = figure["layout"]["shapes"][0]
    assert Quarter.of(timezone.localdate()).index <= today_line["x0"] < Quarter.of(timezone.localdate()).index + 1
    labels = [label for trace in figure["data"] for label in trace["y"]]
    assert f"⚠ {OVERDUE['title']}" in labels
    assert AHEAD["title"] in labels
    assert f"⚠ {AHEAD['title']}" not in labels


def test_the_district_roadmap_marks_published_late_measures_for_the_coordinator(
    world: World, hoexter_measures: None, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient]
) -> None:
    roadmap = district_roadmap(district=world.hoexter_district)
    assert {(row.town_name, row.title) for row in roadmap.rows if row.late} >= {("Höxter", OVERDUE["title"])}
    assert FINISHED["title"] not in {row.title for row in roadmap.rows if row.late}
    html = client_as("coordinator").get(DISTRICT_PAGE).content.decode()
    rows = _rows(html)
    assert "verspätet" in rows[OVERDUE["title"]]
    assert "verspätet" not in rows[AHEAD["title"]]
    assert "heute" in json.dumps(_timeline(html)["layout"]["annotations"])
    answer = api_as("coordinator").get(f"{API}/roadmap/?late=1").json()
    assert answer["late_count"] == roadmap.late_count
    assert {row["title"] for row in answer["rows"]} == {row.title for row in roadmap.rows if row.late}
    assert all(row["late"] for row in answer["rows"])


def test_the_towns_roadmap_api_says_which_entries_are_late(
    hoexter_measures: None, api_as: Callable[[str], APIClient]
) -> None:
    answer = api_as("officer_hoexter").get(f"{API}/towns/hoexter/roadmap/").json()
    late = {row["title"]: row["late"] for row in answer["rows"] if row["kind"] == "measure"}
    assert late == {OVERDUE["title"]: True, FINISHED["title"]: False, AHEAD["title"]: False}
    assert answer["late_count"] == 1


def test_lateness_stays_within_the_town(
    hoexter_measures: None, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient]
) -> None:
    """Another town's officer learns nothing of Höxter's late measures: not its page, not its API."""
    assert client_as("officer_brakel").get(TOWN_PAGE + "?late=1").status_code in (403, 404)
    assert api_as("officer_brakel").get(f"{API}/towns/hoexter/roadmap/?late=1").status_code in (403, 404)
    assert api_as("officer_detmold").get(f"{API}/roadmap/?late=1").status_code in (403, 404)
    brakel = client_as("officer_brakel").get("/kreise/kreis-hoexter/kommunen/brakel/roadmap/").content.decode()
    assert OVERDUE["title"] not in brakel


def test_quarter_labels_are_short_and_upright_with_the_year_where_it_changes() -> None:
    ticks = [Quarter(2026, 3), Quarter(2026, 4), Quarter(2027, 1), Quarter(2027, 2)]
    assert _tick_texts(ticks) == ["Q3<br>2026", "Q4", "Q1<br>2027", "Q2"]
    many = [Quarter(2025 + n // 4, n % 4 + 1) for n in range(20)]  # five years: only the years are named
    assert [text for text in _tick_texts(many) if text] == ["2025", "2026", "2027", "2028", "2029"]


def test_the_progress_bars_say_how_many_entries_are_done_in_words() -> None:
    figure = ProgressFigure(counted=3, done=2, mean=Decimal("70.0"))
    chart = json.loads(
        progress_figure(Rollup(fields={"verwaltung": figure}, overall=figure), {"verwaltung": "Verwaltung"})
    )
    assert chart["data"][0]["text"] == ["2 von 3 abgeschlossen"]
    assert "2/3" not in json.dumps(chart)
