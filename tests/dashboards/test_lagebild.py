"""The district coordinator's Lagebild: campaign board, heatmap, coverage, late measures, and who sees it."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from kreisagenda.tenancy import town_schema

from dashboards.selectors import CampaignState, lagebild_get
from publishing.models import AssessmentProgress
from publishing.tasks import assessment_progress_publish_task, assessment_publish_task, items_publish_task
from quickcheck.answers.selectors import assessment_view
from quickcheck.answers.services import AnswerInput, answer_save, assessment_release, assessment_reopen
from quickcheck.models import GridQuestion, GridVersion
from roadmap.measures.services import MeasureInput, measure_create
from roadmap.models import ProjectStatus
from roadmap.rules import PlanInput
from roadmap.selectors import plan_context
from tenants.models import Town
from tests.conftest import World

DISTRICT_PAGE = "/kreise/kreis-hoexter/"


def _board_states(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-campaign-town="([^"]+)" data-state="([^"]+)"', html))


def _town(slug: str) -> Town:
    return Town.objects.get(district__slug="kreis-hoexter", slug=slug)


def test_the_campaign_board_shows_each_members_state_as_published(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    html = client_as("coordinator").get(DISTRICT_PAGE).content.decode()
    states = _board_states(html)
    # The demo: everyone released but Brakel (partly answered) and Marienmünster (complete, not released).
    assert states.pop("brakel") == CampaignState.DRAFT
    assert states.pop("marienmuenster") == CampaignState.DRAFT
    assert set(states.values()) == {CampaignState.RELEASED}
    assert len(states) == 9  # eight towns and the district administration
    board = lagebild_get(district=world.hoexter_district).board
    assert board.counts == {"released": 9, "draft": 2, "reopened": 0, "not_started": 0}
    # What a reader sees in the row, not only the data attribute.
    brakel = re.search(r'data-campaign-town="brakel".*?</tr>', html, re.S)
    hoexter = re.search(r'data-campaign-town="hoexter".*?</tr>', html, re.S)
    assert brakel is not None
    assert "<td>in Arbeit</td>" in brakel.group(0)
    assert hoexter is not None
    assert "<td>freigegeben</td>" in hoexter.group(0)


def test_the_board_counts_what_the_towns_own_page_counts(world: World, grid: GridVersion) -> None:
    board = {row.town.slug: row for row in lagebild_get(district=world.hoexter_district).board.towns}
    for slug in ("brakel", "marienmuenster"):
        with town_schema(_town(slug)):
            own = assessment_view(town=_town(slug), grid=grid, include_drafts=True)
        row = board[slug]
        assert row.completeness == own.completeness
        assert row.carried_over_unchecked == own.carried_over_count
    brakel, marienmuenster = board["brakel"].completeness, board["marienmuenster"].completeness
    assert brakel is not None
    assert 0 < brakel.percent < 100
    assert marienmuenster is not None
    assert marienmuenster.percent == 100


def test_a_saved_answer_publishes_the_counts_and_never_the_answer(
    world: World, grid: GridVersion, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    brakel = world.town_brakel
    before = AssessmentProgress.objects.get(town=brakel, grid=grid)
    with town_schema(brakel):
        answered = {
            a.question.pk
            for a in assessment_view(town=brakel, grid=grid, include_drafts=True).question_views()
            if a.is_complete
        }
        question = (
            GridQuestion.objects.filter(grid=grid, applicability__in=["towns", "both"]).exclude(pk__in=answered).first()
        )
        assert question is not None
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            answer_save(
                town=brakel,
                grid=grid,
                question=question,
                data=AnswerInput(current_level=2, target_level=3, comment="nur für Brakel"),
                actor=None,
            )
    assert len(callbacks) == 1
    assert AssessmentProgress.objects.get(pk=before.pk).answered == before.answered  # not before the task ran
    assessment_progress_publish_task.run(town_id=brakel.pk, grid_id=grid.pk)
    after = AssessmentProgress.objects.get(pk=before.pk)
    assert after.answered == before.answered + 1
    assert after.applicable == before.applicable
    # Counts only: the published row has no field that could hold an answer or a comment.
    assert {f.name for f in AssessmentProgress._meta.get_fields()} == {
        "id",
        "district",
        "town",
        "grid",
        "year",
        "applicable",
        "answered",
        "carried_over_unchecked",
        "updated_at",
    }


def test_release_and_reopening_move_a_town_on_the_board(
    world: World, grid: GridVersion, person: Callable[[str], Any]
) -> None:
    town = _town("marienmuenster")

    def state() -> str:
        board = lagebild_get(district=world.hoexter_district).board
        return next(row.state for row in board.towns if row.town.pk == town.pk)

    assert state() == CampaignState.DRAFT
    with town_schema(town):
        assessment_release(town=town, grid=grid, actor=None)
    assessment_publish_task.run(town_id=town.pk, grid_id=grid.pk)
    assert state() == CampaignState.RELEASED
    with town_schema(town):
        assessment_reopen(town=town, grid=grid, reason="Bitte BI-2 prüfen", actor=person("coordinator"))
    assessment_publish_task.run(town_id=town.pk, grid_id=grid.pk)
    assert state() == CampaignState.REOPENED


def test_the_heatmap_has_a_table_whose_scores_lead_to_each_towns_position(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    html = client_as("coordinator").get(DISTRICT_PAGE).content.decode()
    comparison = lagebild_get(district=world.hoexter_district).comparison
    assert comparison is not None
    hoexter = next(t for t in comparison.towns if t.slug == "hoexter")
    row = re.search(r'<tr data-heatmap-town="hoexter">(.*?)</tr>', html, re.S)
    assert row is not None
    assert row.group(1).count(f'href="/kreise/kreis-hoexter/kommunen/hoexter/vergleich/{grid.year}/"') == len(
        [r for r in hoexter.fields.values() if r.current is not None]
    )
    figure = json.loads(re.search(r'data-chart-for="heatmap-chart">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    trace = figure["data"][0]
    assert trace["type"] == "heatmap"
    assert trace["zmid"] == 0
    assert trace["y"] == [t.name for t in comparison.towns]
    # Each cell: the town's score minus the field's median, and a link to its position.
    first_field = comparison.fields[0]
    cell = trace["z"][trace["y"].index("Höxter")][0]
    assert cell == pytest.approx(float(hoexter.fields[first_field.key].current - first_field.statistics.median))  # type: ignore[operator, union-attr]
    assert trace["customdata"][0][0].endswith(f"/vergleich/{grid.year}/")


def test_a_measure_in_a_weak_field_takes_the_town_off_the_nothing_planned_list(world: World, grid: GridVersion) -> None:
    coverage = lagebild_get(district=world.hoexter_district).coverage
    weak = next((row for row in coverage if row.weak_unplanned), None)
    assert weak is not None, "the demo has a weak town with nothing planned"
    assert set(weak.weak_unplanned) <= set(weak.weak_towns)
    town = Town.objects.get(district=world.hoexter_district, name=weak.weak_unplanned[0])
    with town_schema(town):
        measure_create(
            town=town,
            data=MeasureInput(plan=PlanInput(title="Nachholen im schwachen Feld", field_key=weak.key)),
            context=plan_context(district=world.hoexter_district),
            actor=None,
        )
    items_publish_task.run(town_id=town.pk)
    after = next(row for row in lagebild_get(district=world.hoexter_district).coverage if row.key == weak.key)
    assert town.name in after.weak_towns
    assert town.name not in after.weak_unplanned
    assert after.measures == weak.measures + 1


def test_late_measures_are_those_past_their_end_and_not_done(world: World, grid: GridVersion) -> None:
    hoexter = world.town_hoexter
    with town_schema(hoexter):
        for title, status in (("Spät und offen", ProjectStatus.IN_PROGRESS), ("Spät, aber fertig", ProjectStatus.DONE)):
            measure_create(
                town=hoexter,
                data=MeasureInput(
                    plan=PlanInput(
                        title=title,
                        field_key="verwaltung",
                        status=status,
                        start_quarter="2030-Q1",
                        end_quarter="2030-Q2",
                        progress=100 if status == ProjectStatus.DONE else 40,
                    )
                ),
                context=plan_context(district=world.hoexter_district),
                actor=None,
            )
    items_publish_task.run(town_id=hoexter.pk)
    in_2030 = lagebild_get(district=world.hoexter_district, today=datetime.date(2030, 5, 1))
    in_2031 = lagebild_get(district=world.hoexter_district, today=datetime.date(2031, 1, 15))
    assert "Spät und offen" not in {row.title for row in in_2030.late_measures}  # still its end quarter
    assert "Spät und offen" in {row.title for row in in_2031.late_measures}
    assert "Spät, aber fertig" not in {row.title for row in in_2031.late_measures}


@pytest.mark.parametrize(
    ("label", "sees_lagebild", "sees_flags"),
    [
        ("coordinator", True, True),
        ("operator", True, False),  # operators do not decide the district's content
        ("conference", True, False),
        ("officer_hoexter", False, False),
        ("viewer_hoexter", False, False),
    ],
)
def test_who_sees_the_lagebild_on_the_district_page(
    world: World, client_as: Callable[[str], Client], label: str, sees_lagebild: bool, sees_flags: bool
) -> None:
    response = client_as(label).get(DISTRICT_PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert ('id="campaign-board"' in html) is sees_lagebild
    assert ('id="heatmap-figures"' in html) is sees_lagebild
    assert ("data-open-flags" in html) is sees_flags
    assert 'id="members-heading"' in html  # everyone in the district sees who belongs to it


@pytest.mark.parametrize("label", ["coordinator_lippe", "officer_detmold", "no_role"])
def test_people_of_another_district_get_no_lagebild(
    world: World, client_as: Callable[[str], Client], label: str
) -> None:
    response = client_as(label).get(DISTRICT_PAGE)
    assert response.status_code == 403
    assert b"campaign-board" not in response.content


@pytest.mark.parametrize(
    ("label", "home"),
    [
        ("coordinator", "/kreise/kreis-hoexter/"),
        ("conference", "/kreise/kreis-hoexter/konferenz/"),
        ("officer_hoexter", "/kreise/kreis-hoexter/kommunen/hoexter/"),
        ("viewer_hoexter", "/kreise/kreis-hoexter/kommunen/hoexter/"),
        ("officer_brakel", "/kreise/kreis-hoexter/kommunen/brakel/"),
    ],
)
def test_each_role_lands_on_its_home(world: World, client_as: Callable[[str], Client], label: str, home: str) -> None:
    response = client_as(label).get("/")
    assert response.status_code == 302
    assert response.url == home  # type: ignore[attr-defined]
    assert client_as(label).get(home).status_code == 200


def test_an_operator_lands_on_the_list_of_districts(world: World, client_as: Callable[[str], Client]) -> None:
    response = client_as("operator").get("/")
    assert response.status_code == 200
    assert 'href="/kreise/kreis-hoexter/"' in response.content.decode()


def test_the_lagebild_in_english(world: World, client_as: Callable[[str], Client]) -> None:
    client = client_as("coordinator")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(DISTRICT_PAGE).content.decode()
    assert "Strengths and weaknesses" in html
    assert "Stärken und Schwächen" not in html
