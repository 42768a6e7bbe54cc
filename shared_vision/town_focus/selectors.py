"""Reading a town's focus (the town's schema must be active)."""

from __future__ import annotations

from dataclasses import dataclass

from shared_vision.models import FieldOfAction
from shared_vision.town_focus.models import FieldPriority, LocalGoal, Priority


@dataclass(frozen=True)
class FieldFocus:
    field: FieldOfAction
    priority: Priority | None
    local_goals: list[LocalGoal]


def town_focus(*, fields: list[FieldOfAction]) -> list[FieldFocus]:
    """Each field of action in force with the town's priority and local goals (two queries)."""
    priorities = {p.field_key: Priority(p.priority) for p in FieldPriority.objects.all()}
    goals: dict[str, list[LocalGoal]] = {}
    for goal in LocalGoal.objects.all():
        goals.setdefault(goal.field_key, []).append(goal)
    return [
        FieldFocus(field=field, priority=priorities.get(field.key), local_goals=goals.get(field.key, []))
        for field in fields
    ]


def local_goal_get(*, goal_id: int) -> LocalGoal | None:
    return LocalGoal.objects.filter(pk=goal_id).first()
