"""How Quick-Check scores are computed (the method is published on the page, see METHOD_TEXT).

* The score of a field of action is the weighted mean of (level / 4) × 100 over the questions
  that apply to the town and carry a level. A question marked "not applicable" leaves the
  maximum: it counts neither as zero nor at all. Unanswered questions do not count either;
  completeness says how much of the grid is answered.
* The overall score is the mean of the field scores: every field of action counts the same,
  however many questions it has. Fields without any scored question are left out.
* Current (Ist) and target (Soll) scores are computed the same way.
* Scores are rounded to one decimal, halves up.

Pure functions on plain values, so the arithmetic can be checked by hand in tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _
from kreisagenda.numbers import rounded_once

MAX_LEVEL = 4

METHOD_TEXT = _(
    "So rechnen wir: Der Wert eines Handlungsfelds ist der gewichtete Mittelwert von Stufe ÷ 4 × 100 "
    "über die Fragen, die für die Kommune gelten und eine Stufe haben (Gewicht 1 bis 3, bei jeder Frage "
    "angegeben). Fragen, die als „nicht zutreffend“ begründet sind, zählen nicht – weder als null noch "
    "im Nenner. Der Gesamtwert ist der Mittelwert der Handlungsfelder; jedes Handlungsfeld zählt gleich. "
    "Ist und Soll werden gleich berechnet. Die Vollständigkeit ist der Anteil der für die Kommune "
    "geltenden Fragen, die beantwortet sind (beide Stufen oder „nicht zutreffend“ mit Begründung)."
)


@dataclass(frozen=True)
class ScoredAnswer:
    """One question as the scoring sees it."""

    field_key: str
    weight: int
    current_level: int | None = None
    target_level: int | None = None
    not_applicable: bool = False


@dataclass(frozen=True)
class FieldScore:
    field_key: str
    current: Decimal | None  # None: no question of the field carries a level
    target: Decimal | None
    questions_counted: int


@dataclass(frozen=True)
class Scores:
    fields: dict[str, FieldScore]
    overall_current: Decimal | None
    overall_target: Decimal | None


def _weighted_percent(pairs: list[tuple[int, int]]) -> Fraction | None:
    """Weighted mean of level / MAX_LEVEL × 100 over (weight, level) pairs."""
    total_weight = sum(weight for weight, _level in pairs)
    if total_weight == 0:
        return None
    return Fraction(sum(weight * level for weight, level in pairs) * 100, total_weight * MAX_LEVEL)


def _mean(values: list[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


def scores_compute(answers: Iterable[ScoredAnswer], *, field_order: Iterable[str] = ()) -> Scores:
    """Field and overall scores. ``answers``: only the questions that apply to the town."""
    current_by_field: dict[str, list[tuple[int, int]]] = {key: [] for key in field_order}
    target_by_field: dict[str, list[tuple[int, int]]] = {key: [] for key in field_order}
    counted: dict[str, int] = dict.fromkeys(current_by_field, 0)
    for answer in answers:
        current_by_field.setdefault(answer.field_key, [])
        target_by_field.setdefault(answer.field_key, [])
        counted.setdefault(answer.field_key, 0)
        if answer.not_applicable:
            continue
        if answer.current_level is not None:
            current_by_field[answer.field_key].append((answer.weight, answer.current_level))
            counted[answer.field_key] += 1
        if answer.target_level is not None:
            target_by_field[answer.field_key].append((answer.weight, answer.target_level))
    exact_current = {key: _weighted_percent(pairs) for key, pairs in current_by_field.items()}
    exact_target = {key: _weighted_percent(pairs) for key, pairs in target_by_field.items()}
    fields = {
        key: FieldScore(
            field_key=key,
            current=None if exact_current[key] is None else rounded_once(exact_current[key]),  # type: ignore[arg-type]
            target=None if exact_target[key] is None else rounded_once(exact_target[key]),  # type: ignore[arg-type]
            questions_counted=counted[key],
        )
        for key in current_by_field
    }
    # The overall mean uses the exact field values, so rounding happens once.
    overall_current = _mean([value for value in exact_current.values() if value is not None])
    overall_target = _mean([value for value in exact_target.values() if value is not None])
    return Scores(
        fields=fields,
        overall_current=None if overall_current is None else rounded_once(overall_current),
        overall_target=None if overall_target is None else rounded_once(overall_target),
    )


@dataclass(frozen=True)
class Completeness:
    answered: int
    applicable: int

    @property
    def percent(self) -> int:
        """Whole percent, rounded down: 100 only when everything is answered."""
        return 100 if self.applicable == 0 else (self.answered * 100) // self.applicable

    @property
    def is_complete(self) -> bool:
        return self.answered == self.applicable
