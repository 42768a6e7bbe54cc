"""The yearly review on a two-year fixture: the new grid follows last year's (one question renamed),
answers are prefilled, the roadmap is held at each release, and the report compares by hand-computed
figures. Years 2031/2032 keep clear of the demo's own campaign."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from kreisagenda.tenancy import public_schema_activate, town_schema, town_schema_activate
from rest_framework.test import APIClient

from publishing.models import MeasureStatusSnapshot
from publishing.services import assessment_publish
from quickcheck.answers.models import Answer
from quickcheck.answers.selectors import assessment_view
from quickcheck.answers.services import AnswerEdit, AnswerInput, answers_save, assessment_release
from quickcheck.answers.tasks import assessment_prepare_task
from quickcheck.grid_io import default_grid_rows
from quickcheck.models import GridQuestion, GridVersion
from quickcheck.selectors import grid_rows
from quickcheck.services import grid_create, grid_open, grid_question_save
from roadmap.measures.models import Measure
from roadmap.measures.services import MeasureInput, measure_create, measure_update
from roadmap.review import reviews_get
from roadmap.rules import PlanInput, QuestionTarget
from roadmap.selectors import plan_context
from tests.conftest import World

LAST, THIS = 2031, 2032


def _plan(
    title: str, field_key: str, status: str, progress: int, targets: tuple[QuestionTarget, ...], end: str = ""
) -> MeasureInput:
    return MeasureInput(
        plan=PlanInput(
            title=title,
            field_key=field_key,
            status=status,
            progress=progress,
            start_quarter="2024-Q1",
            end_quarter=end,
            question_targets=targets,
        )
    )


def _all_answers(grid: GridVersion, town: Any) -> dict[GridQuestion, AnswerInput]:
    return {
        q: AnswerInput(current_level=1, target_level=3)
        for q in GridQuestion.objects.filter(grid=grid).select_related("field")
        if q.applies_to(town.kind)
    }


@pytest.fixture
def two_years(world: World, db: None) -> dict[str, Any]:
    district, town = world.hoexter_district, world.town_hoexter
    last = grid_open(grid=grid_create(district=district, year=LAST, actor=None, rows=default_grid_rows()), actor=None)
    measures: dict[str, Measure] = {}
    town_schema_activate(town)
    try:
        context = plan_context(district=district)  # the grid in force: 2031
        answers_save(town=town, grid=last, answers=_all_answers(last, town), actor=None)
        for key, data in {
            "A": _plan(
                "Terminbuchung", "verwaltung", "in_progress", 50, (QuestionTarget("VW-4", 4), QuestionTarget("VW-2"))
            ),
            "B": _plan("E-Akte Pilot", "prozesse", "done", 100, (QuestionTarget("IP-1", 4),)),
            "C": _plan("Workflow-Plattform", "prozesse", "in_progress", 30, (), end="2025-Q1"),
        }.items():
            measures[key] = measure_create(town=town, data=data, context=context, actor=None)
        assessment_release(town=town, grid=last, actor=None)
        assessment_publish(town=town, grid=last)
        public_schema_activate()
        # The new campaign: last year's grid with VW-4 reworded under a new number.
        this = grid_create(district=district, year=THIS, actor=None)
        row = next(r for r in grid_rows(grid=this) if r.code == "VW-4")
        grid_question_save(
            grid=this, row=replace(row, code="VW-4N", text=row.text + " (neu gefasst)"), original_code="VW-4"
        )
        this = grid_open(grid=this, actor=None)
        assessment_prepare_task.run(town_id=town.pk, grid_id=this.pk)  # what opening enqueues per town
        town_schema_activate(town)
        carried = {
            code: (a.current_level, a.target_level, a.carried_over_from)
            for code, a in (
                (GridQuestion.objects.get(pk=a.question_id).code, a)
                for a in Answer.objects.filter(assessment__year=THIS)
            )
        }
        context = plan_context(district=district)  # now 2032
        measure_update(
            town=town,
            measure=measures["A"],
            data=_plan("Terminbuchung", "verwaltung", "done", 100, (QuestionTarget("VW-4", 4), QuestionTarget("VW-2"))),
            context=_context_2031(district, last),
            actor=None,
        )
        measure_update(
            town=town,
            measure=measures["C"],
            data=_plan("Workflow-Plattform", "prozesse", "in_progress", 40, (), end="2025-Q1"),
            context=context,
            actor=None,
        )
        measures["D"] = measure_create(
            town=town,
            data=_plan("Formularserver", "prozesse", "done", 100, (QuestionTarget("IP-2", 3),)),
            context=context,
            actor=None,
        )
        questions = {q.code: q for q in GridQuestion.objects.filter(grid=this)}
        answers_save(
            town=town,
            grid=this,
            answers={
                questions["VW-4N"]: AnswerInput(current_level=3, target_level=3),
                questions["VW-2"]: AnswerInput(current_level=2, target_level=3),
            },
            actor=None,
        )
        # The rest, taken over unchanged, the town confirms as checked (D65).
        carried_over = {a.question_id for a in Answer.objects.filter(assessment__year=THIS, carried_over_from=LAST)}
        answers_save(
            town=town,
            grid=this,
            answers={
                q: AnswerEdit(AnswerInput(), fields=frozenset(), confirm=True)
                for q in questions.values()
                if q.pk in carried_over
            },
            actor=None,
        )
        assessment_release(town=town, grid=this, actor=None)
        assessment_publish(town=town, grid=this)
    finally:
        public_schema_activate()
    return {
        "district": district,
        "town": town,
        "carried": carried,
        "unchecked_before_release": len(carried_over),
        "last": last,
        "this": this,
        "measures": measures,
    }


def _context_2031(district: Any, grid: GridVersion) -> Any:
    """Measure A keeps naming last year's questions (as a town would not re-pick them)."""
    context = plan_context(district=district)
    return replace(
        context,
        questions={q.code: (q.pk, q.field.key) for q in GridQuestion.objects.filter(grid=grid).select_related("field")},
    )


def test_last_years_answers_are_prefilled_through_the_question_links(two_years: dict[str, Any]) -> None:
    carried = two_years["carried"]
    applicable = [
        q for q in GridQuestion.objects.filter(grid=two_years["this"]) if q.applies_to(two_years["town"].kind)
    ]
    assert len(carried) == len(applicable)
    assert carried["VW-4N"] == (1, 3, LAST)  # followed the renamed question
    assert set(carried.values()) == {(1, 3, LAST)}
    # The two answers the town saved this year were no longer marked; the rest it confirmed before
    # releasing (D65), so nothing is left unchecked.
    assert two_years["unchecked_before_release"] == len(applicable) - 2
    with town_schema(two_years["town"]):
        view = assessment_view(town=two_years["town"], grid=two_years["this"], include_drafts=True)
    assert view.carried_over_count == 0


def test_the_roadmap_is_held_at_each_release(two_years: dict[str, Any]) -> None:
    held = {
        year: sorted(
            MeasureStatusSnapshot.objects.filter(
                snapshot__town=two_years["town"], snapshot__year=year, snapshot__status="released"
            ).values_list("title", "status", "progress")
        )
        for year in (LAST, THIS)
    }
    assert held[LAST] == [
        ("E-Akte Pilot", "done", 100),
        ("Terminbuchung", "in_progress", 50),
        ("Workflow-Plattform", "in_progress", 30),
    ]
    assert held[THIS] == [
        ("E-Akte Pilot", "done", 100),
        ("Formularserver", "done", 100),
        ("Terminbuchung", "done", 100),
        ("Workflow-Plattform", "in_progress", 40),
    ]


def test_year_over_year_figures_by_hand(two_years: dict[str, Any]) -> None:
    (review,) = reviews_get(district=two_years["district"], year=THIS, town_ids=[two_years["town"].pk])
    fields = {f.field_key: f for f in review.fields}
    verwaltung, prozesse = fields["verwaltung"], fields["prozesse"]
    # Weights VW-1..4: 3, 2, 2, 2 (36 = 9 × 4). Last year every level 1: 25.0.
    # This year VW-2 at 2 and VW-4N at 3: (3·1 + 2·2 + 2·1 + 2·3) / 36 = 41.67 → 41.7, observed +16.7.
    # Expected from "Terminbuchung": VW-4 to 4, VW-2 to its target 3: (3 + 6 + 2 + 8) / 36 = 52.78 → 52.8, +27.8.
    assert (verwaltung.last, verwaltung.this, verwaltung.observed_change, verwaltung.expected_change) == (
        Decimal("25.0"),
        Decimal("41.7"),
        Decimal("16.7"),
        Decimal("27.8"),
    )
    assert [m.title for m in verwaltung.measures_done] == ["Terminbuchung"]
    # Processes: "E-Akte Pilot" was done last year already; "Formularserver" is new and done (IP-2 to 3):
    # weights 3, 2, 2, 1: (3 + 6 + 2 + 1) / 32 = 37.5, expected +12.5; nothing observed.
    assert (prozesse.last, prozesse.this, prozesse.observed_change, prozesse.expected_change) == (
        Decimal("25.0"),
        Decimal("25.0"),
        Decimal("0.0"),
        Decimal("12.5"),
    )
    assert [m.title for m in prozesse.measures_done] == ["Formularserver"]
    assert [m.title for m in prozesse.measures_delayed] == ["Workflow-Plattform"]  # ended Q1/2025, still open
    assert fields["bildung"].expected_change is None
    assert (review.done_count, review.delayed_count) == (2, 1)


def test_the_review_is_seen_by_the_town_and_the_district_only(
    two_years: dict[str, Any], api_as: Callable[[str], APIClient]
) -> None:
    town_url = f"/api/v1/districts/kreis-hoexter/towns/hoexter/review/{THIS}/"
    district_url = f"/api/v1/districts/kreis-hoexter/review/{THIS}/"
    own = api_as("officer_hoexter").get(town_url)
    assert own.status_code == 200
    (data,) = own.json()["reviews"]
    verwaltung = next(f for f in data["fields"] if f["field_key"] == "verwaltung")
    assert (verwaltung["observed_change"], verwaltung["expected_change"]) == (16.7, 27.8)
    assert [r["town"] for r in api_as("coordinator").get(district_url).json()["reviews"]] == ["hoexter"]
    for label in ("officer_brakel", "coordinator_lippe", "officer_detmold"):
        assert api_as(label).get(town_url).status_code in (403, 404)
    for label in ("officer_hoexter", "officer_brakel", "coordinator_lippe"):
        assert api_as(label).get(district_url).status_code in (403, 404)
    with town_schema(two_years["town"]):
        assert Measure.objects.count() == 4
