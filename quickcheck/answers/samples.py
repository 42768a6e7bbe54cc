"""Invented answers for the demo (labelled "Beispieldaten" wherever they are shown).

Deterministic per town (seeded by the AGS), so every demo shows the same picture: each town has a
profile of stronger and weaker fields of action, targets a step or two above, a few questions
"not applicable" with a reason, and comments here and there.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from quickcheck.answers.services import AnswerInput, answers_save
from quickcheck.models import GridQuestion, GridVersion

if TYPE_CHECKING:
    from tenants.models import Town

SAMPLE_COMMENTS = (
    "Beispieldaten: Stand laut Arbeitsgruppe Digitalisierung.",
    "Beispieldaten: Umsetzung gemeinsam mit dem kommunalen IT-Dienstleister geplant.",
    "Beispieldaten: Fördermittel sind beantragt.",
    "Beispieldaten: Pilot in einem Fachbereich läuft.",
)
NOT_APPLICABLE_REASON = "Beispieldaten: Die Aufgabe nimmt für uns der Kreis wahr."


def sample_answers(
    *, town: Town, questions: list[GridQuestion], completeness: float = 1.0, shift: int = 0
) -> dict[GridQuestion, AnswerInput]:
    """``shift`` lowers every current level by that many steps (last year's picture of the same town)."""
    rng = random.Random(int(town.ags))  # noqa: S311 - invented demo data, not security
    field_base = {key: rng.choice((0, 1, 1, 2, 2, 2, 3)) for key in sorted({q.field.key for q in questions})}
    answers: dict[GridQuestion, AnswerInput] = {}
    for question in questions:
        if not question.applies_to(town.kind) or rng.random() > completeness:
            continue
        if rng.random() < 0.04:
            answers[question] = AnswerInput(not_applicable=True, not_applicable_reason=NOT_APPLICABLE_REASON)
            continue
        now = max(0, min(4, field_base[question.field.key] + rng.choice((-1, 0, 0, 1))))
        target = min(4, now + rng.choice((0, 1, 1, 2)))
        current = max(0, now - shift)
        answers[question] = AnswerInput(
            current_level=current,
            target_level=target,
            comment=rng.choice(SAMPLE_COMMENTS) if rng.random() < 0.25 else "",
            evidence_url=f"https://www.{town.slug}.example/digitalisierung" if rng.random() < 0.15 else "",
        )
    return answers


def sample_answers_write(*, town: Town, grid: GridVersion, completeness: float = 1.0, shift: int = 0) -> int:
    """Write sample answers into the active schema (the town's); returns how many were written."""
    questions = list(GridQuestion.objects.filter(grid=grid).select_related("field"))
    answers = sample_answers(town=town, questions=questions, completeness=completeness, shift=shift)
    return answers_save(town=town, grid=grid, answers=answers, actor=None, sample=True)
