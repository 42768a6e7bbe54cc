"""Writing the town's solution register (town schema active). Each change is audited and published."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import actor_label, audit_record
from publishing.tasks import items_publish_later
from shared_vision.selectors import field_key_problem
from solutions.models import MAX_ANNUAL_COST, Solution, SolutionCategory, SolutionStatus
from solutions.selectors import AUDIT_PREFIX

if TYPE_CHECKING:
    from accounts.models import User
    from tenants.models import Town


@dataclass(frozen=True)
class SolutionInput:
    field_key: str
    category: str
    title: str
    status: str
    description: str = ""
    product: str = ""
    vendor: str = ""
    contract_end: datetime.date | None = None
    annual_cost: Decimal | None = None  # EUR a year; None: not known (never counted as 0)


SOLUTION_FIELDS = tuple(f.name for f in fields(SolutionInput))


def solution_input_validate(data: SolutionInput, *, valid_field_keys: set[str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    field_problem = field_key_problem(data.field_key, valid_field_keys)
    if field_problem:
        errors["field_key"] = [field_problem]
    if data.category not in SolutionCategory.values:
        errors["category"] = [_("Unbekannte Kategorie „%(value)s“.") % {"value": data.category}]
    if data.status not in SolutionStatus.values:
        errors["status"] = [_("Unbekannter Status „%(value)s“.") % {"value": data.status}]
    if not data.title.strip():
        errors["title"] = [_("Bitte eine Bezeichnung angeben.")]
    for name, limit in (("title", 200), ("product", 120), ("vendor", 120)):
        if len(getattr(data, name)) > limit:
            errors[name] = [_("Höchstens %(limit)s Zeichen.") % {"limit": limit}]
    if data.annual_cost is not None and not Decimal(0) <= data.annual_cost <= MAX_ANNUAL_COST:
        errors["annual_cost"] = [_("Die jährlichen Kosten sind ein Betrag von 0 bis 9.999.999,99 Euro.")]
    elif data.annual_cost is not None and data.annual_cost != data.annual_cost.quantize(Decimal("0.01")):
        errors["annual_cost"] = [_("Bitte höchstens zwei Nachkommastellen angeben.")]
    return errors


def _values(solution: Solution) -> dict[str, Any]:
    return {name: getattr(solution, name) for name in SOLUTION_FIELDS}


def _clean(data: SolutionInput) -> SolutionInput:
    stripped: dict[str, Any] = {k: v.strip() for k, v in asdict(data).items() if isinstance(v, str)}
    return replace(data, **stripped)


def _created(data: SolutionInput, actor: User | None) -> Solution:
    """Write a validated new entry and its history entry (no publish: the caller's)."""
    solution = Solution.objects.create(**asdict(data), updated_by_label=actor_label(actor))
    audit_record(
        actor=actor,
        action=f"{AUDIT_PREFIX}created",
        summary=_("Lösung „%(title)s“ ins Register eingetragen") % {"title": solution.title},
        changes={"solution": solution.pk, "fields": {k: [None, str(v)] for k, v in asdict(data).items() if v}},
    )
    return solution


def _updated(solution: Solution, data: SolutionInput, actor: User | None) -> bool:
    """Write a validated change of a locked entry and its history entry; False when nothing changed."""
    before = _values(solution)
    after = asdict(data)
    changes = {k: [_text(before[k]), _text(after[k])] for k in SOLUTION_FIELDS if before[k] != after[k]}
    if not changes:
        return False
    for name, value in after.items():
        setattr(solution, name, value)
    solution.updated_by_label = actor_label(actor)
    solution.save()
    audit_record(
        actor=actor,
        action=f"{AUDIT_PREFIX}updated",
        summary=_("Lösung „%(title)s“ geändert") % {"title": solution.title},
        changes={"solution": solution.pk, "fields": changes},
    )
    return True


@transaction.atomic
def solution_create(*, town: Town, data: SolutionInput, valid_field_keys: set[str], actor: User | None) -> Solution:
    data = _clean(data)
    errors = solution_input_validate(data, valid_field_keys=valid_field_keys)
    if errors:
        raise ValidationError(errors)
    solution = _created(data, actor)
    items_publish_later(town)
    return solution


@transaction.atomic
def solution_update(
    *, town: Town, solution: Solution, data: SolutionInput, valid_field_keys: set[str], actor: User | None
) -> Solution:
    data = _clean(data)
    errors = solution_input_validate(data, valid_field_keys=valid_field_keys)
    if errors:
        raise ValidationError(errors)
    solution = Solution.objects.select_for_update().get(pk=solution.pk)
    if _updated(solution, data, actor):
        items_publish_later(town)
    return solution


@dataclass(frozen=True)
class SolutionRow:
    """A row of an imported register file: the entry it updates (None: a new one) and its values."""

    number: int  # the row in the file
    solution: Solution | None
    data: SolutionInput


@transaction.atomic
def solutions_upsert(
    *,
    town: Town,
    rows: Sequence[SolutionRow],
    valid_field_keys: set[str],
    actor: User | None,
    source: str,
) -> dict[str, int]:
    """Create or update register entries from an import, all or nothing (the town's schema active).

    Which entry a row updates is the reader's decision (``solutions.solution_io``, D74); the
    entries named must be locked by the caller. Errors are keyed ``<row>.<field>``; then nothing
    is written. Returns the counts created, updated, unchanged.
    """
    errors: dict[str, list[str]] = {}
    cleaned = [replace(row, data=_clean(row.data)) for row in rows]
    for row in cleaned:
        for name, messages in solution_input_validate(row.data, valid_field_keys=valid_field_keys).items():
            errors[f"{row.number}.{name}"] = messages
    if errors:
        raise ValidationError(errors)
    created = updated = 0
    for row in cleaned:
        if row.solution is None:
            _created(row.data, actor)
            created += 1
        elif _updated(row.solution, row.data, actor):
            updated += 1
    if created or updated:
        audit_record(
            actor=actor,
            action=f"{AUDIT_PREFIX}imported",
            summary=_("Register aus „%(source)s“ eingelesen: %(created)s neu, %(updated)s geändert")
            % {"source": source, "created": created, "updated": updated},
            changes={"source": source, "created": created, "updated": updated},
        )
        items_publish_later(town)
    return {"created": created, "updated": updated, "unchanged": len(rows) - created - updated}


def solution_input_of(solution: Solution) -> SolutionInput:
    """The entry as it stands (what a file's missing columns keep)."""
    return SolutionInput(**_values(solution))


@transaction.atomic
def solution_delete(*, town: Town, solution: Solution, actor: User | None) -> None:
    audit_record(
        actor=actor,
        action=f"{AUDIT_PREFIX}deleted",
        summary=_("Lösung „%(title)s“ aus dem Register entfernt") % {"title": solution.title},
        changes={"solution": solution.pk, "fields": {k: [_text(v), None] for k, v in _values(solution).items()}},
    )
    solution.delete()
    items_publish_later(town)


def _text(value: object) -> str | None:
    return None if value is None or value == "" else str(value)
