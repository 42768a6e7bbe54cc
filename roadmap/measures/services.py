"""Writing a town's measures (town schema active). Each change is audited and published.

Publishing (on commit) lets the district see the roadmap and check it for duplicated structures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import actor_label, audit_record
from evidence.services import evidence_files_delete_all
from publishing.models import ItemKind
from publishing.tasks import items_publish_later
from roadmap.measures.evidence import measure_evidence_owner
from roadmap.measures.models import Measure, MeasureStatusRecord, Milestone
from roadmap.measures.selectors import AUDIT_PREFIX
from roadmap.models import JointProject, JointProjectItem, ProjectStatus
from roadmap.rules import PlanContext, PlanInput, plan_input_validate, plan_values, quarter_code
from roadmap.services import measure_link
from shared_vision.town_focus.models import LocalGoal

if TYPE_CHECKING:
    from accounts.models import User
    from quickcheck.models import GridVersion
    from tenants.models import Town


@dataclass(frozen=True)
class MeasureInput:
    plan: PlanInput
    local_goal_ids: tuple[int, ...] = ()
    joint_project_id: int | None = None  # the joint project the measure belongs to


@dataclass(frozen=True)
class MeasureReferences:
    """What a town's measures may point at besides the strategy: read once per request or import."""

    joint_project_ids: frozenset[int]  # projects the town leads or takes part in
    local_goal_ids: frozenset[int]


def measure_references(*, town: Town) -> MeasureReferences:
    return MeasureReferences(
        joint_project_ids=frozenset(
            JointProject.objects.filter(district_id=town.district_id)
            .filter(Q(lead_town=town) | Q(participants__town=town))
            .values_list("pk", flat=True)
        ),
        local_goal_ids=frozenset(LocalGoal.objects.values_list("pk", flat=True)),
    )


def measure_input_validate(
    data: MeasureInput,
    *,
    town: Town,
    context: PlanContext,
    references: MeasureReferences,
    previous_status: str | None = None,
    previous_goal_keys: Iterable[str] = (),
) -> dict[str, list[str]]:
    errors = plan_input_validate(
        data.plan, context=context, previous_status=previous_status, previous_goal_keys=previous_goal_keys
    )
    if data.joint_project_id is not None and data.joint_project_id not in references.joint_project_ids:
        errors["joint_project_id"] = [
            _("%(town)s ist am gemeinsamen Projekt %(id)s nicht beteiligt.")
            % {"town": town.name, "id": data.joint_project_id}
        ]
    for goal_id in data.local_goal_ids:
        if goal_id not in references.local_goal_ids:
            errors.setdefault("local_goal_ids", []).append(_("Das lokale Ziel %(id)s gibt es nicht.") % {"id": goal_id})
    return errors


def _milestones_write(measure: Measure, data: MeasureInput, *, created: bool) -> bool:
    """Replace the milestones (they are edited as one list); True when they changed.

    Reads them through ``milestones.all()`` (ordered by position), so milestones the caller prefetched
    cost no query; a measure just created has none.
    """
    wanted = [(m.title.strip(), quarter_code(m.due_quarter), m.is_done) for m in data.plan.milestones]
    existing = [] if created else [(m.title, m.due_quarter, m.is_done) for m in measure.milestones.all()]
    if wanted == existing:
        return False
    if existing:
        measure.milestones.all().delete()
    Milestone.objects.bulk_create(
        Milestone(measure=measure, position=position, title=title, due_quarter=due, is_done=done)
        for position, (title, due, done) in enumerate(wanted, start=1)
    )
    return True


def _text(value: object) -> Any:
    if value is None or value == "":
        return None
    return value if isinstance(value, (bool, int, list)) else str(value)


def _write(
    *,
    town: Town,
    measure: Measure | None,
    data: MeasureInput,
    context: PlanContext,
    actor: User | None,
    references: MeasureReferences | None = None,
    sample: bool = False,
    links: Mapping[int, int] | None = None,
    validated: bool = False,
) -> tuple[Measure, dict[str, list[Any]]]:
    """Validate and write one measure (no audit, no publish): shared by the form, the API and the import.

    The import reads for all its rows at once and passes it on: ``links`` (measure id -> joint project
    id, every link of the town's measures), measures with their milestones and local goals prefetched,
    and ``validated`` (it checked every row already).
    """
    if not validated:
        errors = measure_input_validate(
            data,
            town=town,
            context=context,
            references=references or measure_references(town=town),
            previous_status=measure.status if measure else None,
            previous_goal_keys=measure.shared_goal_keys if measure else (),
        )
        if errors:
            raise ValidationError(errors)
    values = plan_values(data.plan, context=context)
    if measure is None:
        measure = Measure(is_sample_data=sample)
        before: dict[str, Any] = {}
    else:
        before = {name: getattr(measure, name) for name in values}
    changes = {
        name: [_text(before.get(name)), _text(value)] for name, value in values.items() if before.get(name) != value
    }
    for name, value in values.items():
        setattr(measure, name, value)
    created = measure.pk is None
    if created:
        measure.updated_by_label = actor_label(actor)
        measure.save()  # the related rows below need its id
    goal_ids = sorted(set(data.local_goal_ids))
    stored_goal_ids = [] if created else sorted(goal.pk for goal in measure.local_goals.all())
    if stored_goal_ids != goal_ids:
        changes["local_goal_ids"] = [None, goal_ids]
        measure.local_goals.set(goal_ids)
    if _milestones_write(measure, data, created=created):
        changes["milestones"] = [None, [m.title for m in data.plan.milestones]]
    if links is None:
        link = JointProjectItem.objects.filter(town=town, item_kind=ItemKind.MEASURE, item_id=measure.pk).first()
        linked_id = link.joint_project_id if link else None
    else:
        linked_id = links.get(measure.pk)
    if linked_id != data.joint_project_id:
        project = JointProject.objects.get(pk=data.joint_project_id) if data.joint_project_id else None
        measure_link(town=town, measure_id=measure.pk, joint_project=project)
        changes["joint_project_id"] = [linked_id, data.joint_project_id]
    # Also when only milestones, goals or the link changed: "changed by" stays true. A measure
    # created above was saved with its values and "changed by" already.
    if changes and not created:
        measure.updated_by_label = actor_label(actor)
        measure.save()
    return measure, changes


@transaction.atomic
def measure_create(*, town: Town, data: MeasureInput, context: PlanContext, actor: User | None) -> Measure:
    measure, changes = _write(town=town, measure=None, data=data, context=context, actor=actor)
    audit_record(
        actor=actor,
        action=f"{AUDIT_PREFIX}measure_created",
        summary=_("Maßnahme „%(title)s“ angelegt") % {"title": measure.title},
        changes={"measure": measure.pk, "fields": changes},
    )
    items_publish_later(town)
    return measure


@transaction.atomic
def measure_update(
    *, town: Town, measure: Measure, data: MeasureInput, context: PlanContext, actor: User | None
) -> Measure:
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    old_status = measure.status
    measure, changes = _write(town=town, measure=measure, data=data, context=context, actor=actor)
    if not changes:
        return measure
    summary = _("Maßnahme „%(title)s“ geändert") % {"title": measure.title}
    if measure.status != old_status:
        summary = _("Maßnahme „%(title)s“: Status %(old)s → %(new)s") % {
            "title": measure.title,
            "old": ProjectStatus(old_status).label,
            "new": ProjectStatus(measure.status).label,
        }
    audit_record(
        actor=actor,
        action=f"{AUDIT_PREFIX}measure_updated",
        summary=summary,
        changes={"measure": measure.pk, "fields": changes},
    )
    items_publish_later(town)
    return measure


@transaction.atomic
def measure_delete(*, town: Town, measure: Measure, actor: User | None) -> None:
    """Remove a measure (and its link to a joint project). Dropping it keeps it on record instead."""
    JointProjectItem.objects.filter(town=town, item_kind=ItemKind.MEASURE, item_id=measure.pk).delete()
    # Its evidence files go with it, each with its history entry (they are in the town's export until then).
    evidence_files_delete_all(town=town, owner=measure_evidence_owner(measure), actor=actor)
    audit_record(
        actor=actor,
        action=f"{AUDIT_PREFIX}measure_deleted",
        summary=_("Maßnahme „%(title)s“ gelöscht") % {"title": measure.title},
        changes={"measure": measure.pk, "fields": {"title": [measure.title, None], "status": [measure.status, None]}},
    )
    measure.delete()
    items_publish_later(town)


def measure_title_key(title: str) -> str:
    """Measures are one per title, whatever the case and surrounding spaces (imports update by it)."""
    return title.strip().casefold()


def measure_titles_repeated(rows: Sequence[tuple[int, MeasureInput]]) -> dict[str, list[str]]:
    """``<row>.title`` errors for rows whose title an earlier row has already."""
    errors: dict[str, list[str]] = {}
    first_row: dict[str, int] = {}
    for number, data in rows:
        key = measure_title_key(data.plan.title)
        if key in first_row:
            errors[f"{number}.title"] = [
                _("Der Titel steht schon in Zeile %(row)s; jede Maßnahme einmal.") % {"row": first_row[key]}
            ]
        first_row.setdefault(key, number)
    return errors


@transaction.atomic
def measures_upsert(
    *,
    town: Town,
    rows: list[tuple[int, MeasureInput]],
    context: PlanContext,
    actor: User | None,
    source: str,
    existing: Mapping[str, Measure] | None = None,
    links: Mapping[int, int] | None = None,
) -> dict[str, int]:
    """Create or update measures from an import, all or nothing.

    ``rows`` are (row number, input); a measure with the same title (case-insensitive) is updated,
    so importing a list twice changes nothing. Errors are keyed ``<row>.<field>``.

    Reads once for all rows, not per row. A caller that read them already passes ``existing`` (every
    measure by its title's key, locked, milestones and local goals prefetched) and ``links``
    (measure id -> joint project id, every link of the town's measures).
    """
    if existing is None:
        existing = {
            measure_title_key(m.title): m
            for m in Measure.objects.select_for_update().prefetch_related("milestones", "local_goals")
        }
    if links is None:
        links = {
            link.item_id: link.joint_project_id
            for link in JointProjectItem.objects.filter(town=town, item_kind=ItemKind.MEASURE)
        }
    references = measure_references(town=town)
    errors = measure_titles_repeated(rows)
    for number, data in rows:
        current = existing.get(measure_title_key(data.plan.title))
        for name, messages in measure_input_validate(
            data,
            town=town,
            context=context,
            references=references,
            previous_status=current.status if current else None,
            previous_goal_keys=current.shared_goal_keys if current else (),
        ).items():
            errors.setdefault(f"{number}.{name}", []).extend(messages)
    if errors:
        raise ValidationError(errors)
    created = updated = 0
    for _number, data in rows:
        current = existing.get(measure_title_key(data.plan.title))
        _measure, changes = _write(
            town=town,
            measure=current,
            data=data,
            context=context,
            actor=actor,
            references=references,
            links=links,
            validated=True,
        )
        if current is None:
            created += 1
        elif changes:
            updated += 1
    if not (created or updated):
        return {"created": 0, "updated": 0, "unchanged": len(rows)}
    audit_record(
        actor=actor,
        action=f"{AUDIT_PREFIX}measures_imported",
        summary=_("Maßnahmen aus „%(source)s“ eingelesen: %(created)s neu, %(updated)s geändert")
        % {"source": source, "created": created, "updated": updated},
        changes={"source": source, "created": created, "updated": updated},
    )
    items_publish_later(town)
    return {"created": created, "updated": updated, "unchanged": len(rows) - created - updated}


def measure_statuses_record(*, year: int) -> int:
    """Hold how every measure stands now, for the yearly review of ``year`` (called at release).

    Runs inside the release's transaction; a second release of the same year replaces the record.
    """
    MeasureStatusRecord.objects.filter(year=year).delete()
    now = timezone.now()
    records = [
        MeasureStatusRecord(
            year=year,
            recorded_at=now,
            measure_id=measure.pk,
            title=measure.title,
            field_keys=measure.field_keys,
            status=measure.status,
            progress=measure.progress,
            end_quarter=measure.end_quarter,
            question_targets=measure.question_targets,
        )
        for measure in Measure.objects.order_by("pk")
    ]
    MeasureStatusRecord.objects.bulk_create(records)
    return len(records)


def measure_statuses_record_at_release(town: Town, grid: GridVersion) -> None:
    """Receiver of ``assessment_released``: runs in the release's transaction, in the town's schema."""
    measure_statuses_record(year=grid.year)


def measure_sample_create(*, town: Town, data: MeasureInput, context: PlanContext) -> Measure:
    """Demo data: written like any measure, marked as sample, without history or publishing."""
    measure, _changes = _write(town=town, measure=None, data=data, context=context, actor=None, sample=True)
    return measure
