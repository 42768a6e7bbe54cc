"""Reading a town's Quick Check. The town's schema must be active (the caller checked access).

One view model serves the page, the API and the export, so all three show the same answers,
completeness and scores, and hide drafts the same way.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from audit.models import AuditEntry
from quickcheck.answers.models import Answer, Assessment, AssessmentStatus
from quickcheck.models import GridField, GridQuestion, GridVersion
from quickcheck.scoring import Completeness, FieldScore, ScoredAnswer, Scores, scores_compute
from quickcheck.selectors import grid_fields_with_questions

if TYPE_CHECKING:
    from tenants.models import Town

AUDIT_PREFIX = "quickcheck."


@dataclass(frozen=True)
class QuestionView:
    question: GridQuestion
    answer: Answer | None

    @property
    def is_complete(self) -> bool:
        return self.answer is not None and self.answer.is_complete

    @property
    def is_carried_over(self) -> bool:
        """Taken over from last year and neither changed nor confirmed since (D65)."""
        return self.answer is not None and self.answer.carried_over_from is not None


@dataclass(frozen=True)
class FieldView:
    field: GridField
    questions: list[QuestionView]
    score: FieldScore


@dataclass(frozen=True)
class AssessmentView:
    grid: GridVersion
    assessment: Assessment | None
    answers_visible: bool  # False: released answers only, and this town has not released
    fields: list[FieldView]
    completeness: Completeness
    scores: Scores
    not_applying_count: int  # questions of the grid meant for the other kind of member

    @property
    def status(self) -> str:
        return self.assessment.status if self.assessment else AssessmentStatus.DRAFT

    @property
    def is_released(self) -> bool:
        return self.assessment is not None and self.assessment.is_released

    def question_views(self) -> list[QuestionView]:
        return [item for field_view in self.fields for item in field_view.questions]

    @property
    def carried_over_count(self) -> int:
        """Answers taken over from last year and not looked at since (yearly review)."""
        return sum(1 for item in self.question_views() if item.is_carried_over)


def assessment_get(*, grid: GridVersion) -> Assessment | None:
    return Assessment.objects.filter(grid_id=grid.pk).first()


def assessment_release_states() -> dict[int, datetime.datetime | None]:
    """Every Quick Check of the town (schema active) by grid id: when it was released, None while a draft."""
    return {
        grid_id: released_at if status == AssessmentStatus.RELEASED else None
        for grid_id, status, released_at in Assessment.objects.values_list("grid_id", "status", "released_at")
    }


def assessment_view(*, town: Town, grid: GridVersion, include_drafts: bool) -> AssessmentView:
    """The town's answers to ``grid``; with ``include_drafts`` False, answers only once released."""
    assessment = assessment_get(grid=grid)
    answers_visible = assessment is not None and (include_drafts or assessment.is_released)
    answers: dict[int, Answer] = (
        {a.question_id: a for a in Answer.objects.filter(assessment=assessment)} if answers_visible else {}
    )
    fields = grid_fields_with_questions(grid=grid, with_replaced=False)
    field_items: list[tuple[GridField, list[QuestionView]]] = []
    not_applying = 0
    for grid_field in fields:
        items = []
        for question in grid_field.questions.all():
            if not question.applies_to(town.kind):
                not_applying += 1
                continue
            items.append(QuestionView(question=question, answer=answers.get(question.pk)))
        if items:
            field_items.append((grid_field, items))
    scored = [
        ScoredAnswer(
            field_key=grid_field.key,
            weight=item.question.weight,
            current_level=item.answer.current_level if item.answer else None,
            target_level=item.answer.target_level if item.answer else None,
            not_applicable=bool(item.answer and item.answer.not_applicable),
        )
        for grid_field, items in field_items
        for item in items
    ]
    scores = scores_compute(scored, field_order=[grid_field.key for grid_field, _items in field_items])
    applicable = sum(len(items) for _field, items in field_items)
    answered = sum(1 for _field, items in field_items for item in items if item.is_complete)
    return AssessmentView(
        grid=grid,
        assessment=assessment,  # its status is no secret; its answers may be
        answers_visible=answers_visible,
        fields=[
            FieldView(field=grid_field, questions=items, score=scores.fields[grid_field.key])
            for grid_field, items in field_items
        ],
        completeness=Completeness(answered=answered, applicable=applicable),
        scores=scores,
        not_applying_count=not_applying,
    )


def assessment_history(*, year: int, limit: int = 200) -> QuerySet[AuditEntry]:
    """Changes to the town's Quick Check of ``year``: who, when, before → after."""
    return AuditEntry.objects.filter(action__startswith=AUDIT_PREFIX, changes__year=year)[:limit]
