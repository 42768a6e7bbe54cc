"""Writing a town's focus: its priority per field of action and its local goals (town schema active).

Each change leaves an audit entry in the town's history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import actor_label, audit_record
from shared_vision.selectors import field_key_problem
from shared_vision.town_focus.models import FieldPriority, LocalGoal, Priority

if TYPE_CHECKING:
    from accounts.models import User

AUDIT_PREFIX = "focus."


def _require_field(field_key: str, valid_keys: set[str]) -> None:
    problem = field_key_problem(field_key, valid_keys)
    if problem:
        raise ValidationError({"field_key": [problem]})


@transaction.atomic
def field_priority_set(
    *, field_key: str, priority: Priority | None, valid_keys: set[str], actor: User | None
) -> FieldPriority | None:
    """Set (or with None: clear) the town's priority for a field of action."""
    _require_field(field_key, valid_keys)
    existing = FieldPriority.objects.select_for_update().filter(field_key=field_key).first()
    before = existing.priority if existing else None
    if before == priority:
        return existing
    if priority is None:
        assert existing is not None  # before != priority, so it existed
        existing.delete()
        result = None
    else:
        result, _created = FieldPriority.objects.update_or_create(
            field_key=field_key, defaults={"priority": priority, "updated_by_label": actor_label(actor)}
        )
    audit_record(
        actor=actor,
        action=f"{AUDIT_PREFIX}priority_set",
        summary=_("Priorität im Handlungsfeld „%(key)s“ geändert") % {"key": field_key},
        changes={"field_key": field_key, "fields": {"priority": [before, priority]}},
    )
    return result


def _goal_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Das Ziel ist leer.")]})
    if len(text) > 500:
        raise ValidationError({"text": [_("Höchstens 500 Zeichen.")]})
    return text


@transaction.atomic
def local_goal_add(*, field_key: str, text: str, valid_keys: set[str], actor: User | None) -> LocalGoal:
    _require_field(field_key, valid_keys)
    goal = LocalGoal.objects.create(field_key=field_key, text=_goal_text(text), created_by_label=actor_label(actor))
    audit_record(
        actor=actor,
        action=f"{AUDIT_PREFIX}goal_added",
        summary=_("Lokales Ziel im Handlungsfeld „%(key)s“ ergänzt") % {"key": field_key},
        changes={"field_key": field_key, "goal": goal.pk, "fields": {"text": [None, goal.text]}},
    )
    return goal


@transaction.atomic
def local_goal_update(*, goal: LocalGoal, text: str, actor: User | None) -> LocalGoal:
    new_text = _goal_text(text)
    if new_text == goal.text:
        return goal
    before = goal.text
    goal.text = new_text
    goal.save(update_fields=["text"])
    audit_record(
        actor=actor,
        action=f"{AUDIT_PREFIX}goal_changed",
        summary=_("Lokales Ziel im Handlungsfeld „%(key)s“ geändert") % {"key": goal.field_key},
        changes={"field_key": goal.field_key, "goal": goal.pk, "fields": {"text": [before, new_text]}},
    )
    return goal


@transaction.atomic
def local_goal_remove(*, goal: LocalGoal, actor: User | None) -> None:
    audit_record(
        actor=actor,
        action=f"{AUDIT_PREFIX}goal_removed",
        summary=_("Lokales Ziel im Handlungsfeld „%(key)s“ entfernt") % {"key": goal.field_key},
        changes={"field_key": goal.field_key, "goal": goal.pk, "fields": {"text": [goal.text, None]}},
    )
    goal.delete()
