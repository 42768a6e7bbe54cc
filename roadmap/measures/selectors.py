"""Reading a town's measures (the town's schema must be active)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from audit.models import AuditEntry
from publishing.items import MeasureAtRelease, PlanFacts, PublishableItem
from publishing.models import ItemKind, ItemStage
from roadmap.measures.models import Measure, MeasureStatusRecord, Milestone
from roadmap.models import ProjectStatus
from roadmap.progress import ProgressEntry, Rollup, progress_rollup
from roadmap.selectors import (
    KIND_MEASURE,
    RoadmapFilter,
    RoadmapRow,
    joint_project_links_of_town,
    joint_project_rows,
    joint_projects_of_town,
    rows_dated,
    rows_sorted,
)
from shared_vision.selectors import fields_of_action_current

if TYPE_CHECKING:
    from shared_vision.models import FieldOfAction
    from tenants.models import Town

AUDIT_PREFIX = "roadmap."

# How far a measure is, in the words every published item shares (the register maps its statuses too).
STAGE_OF_STATUS = {
    ProjectStatus.IDEA: ItemStage.PLANNED,
    ProjectStatus.PLANNED: ItemStage.PLANNED,
    ProjectStatus.PAUSED: ItemStage.PLANNED,  # may resume: still a chance to join forces
    ProjectStatus.IN_PROGRESS: ItemStage.PROCUREMENT,
    ProjectStatus.DONE: ItemStage.IN_USE,
    ProjectStatus.DROPPED: ItemStage.INACTIVE,
}


def measure_list() -> QuerySet[Measure]:
    return Measure.objects.prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("position")), "local_goals"
    ).order_by("field_key", "title", "pk")


def measure_get(*, measure_id: int) -> Measure | None:
    return measure_list().filter(pk=measure_id).first()


def measures_publishable() -> list[PublishableItem]:
    """The measures as the district sees them: for the duplicate check and the district's roadmap."""
    return [
        PublishableItem(
            item_kind=ItemKind.MEASURE,
            item_id=measure.pk,
            field_key=measure.field_key,
            title=measure.title,
            stage=STAGE_OF_STATUS[ProjectStatus(measure.status)],
            description=measure.description,
            plan=PlanFacts(
                status=measure.status,
                priority=measure.priority,
                other_field_keys=list(measure.other_field_keys),
                start_quarter=measure.start_quarter,
                end_quarter=measure.end_quarter,
                progress=measure.progress,
                responsible_unit=measure.responsible_unit,
                is_lighthouse=measure.is_lighthouse,
                lesson_learned=measure.lesson_learned if measure.is_lighthouse else "",
                shared_goal_keys=list(measure.shared_goal_keys),
            ),
        )
        for measure in Measure.objects.order_by("pk")
    ]


def measure_status_records(*, year: int) -> QuerySet[MeasureStatusRecord]:
    return MeasureStatusRecord.objects.filter(year=year).order_by("measure_id")


def measures_at_release(year: int) -> list[MeasureAtRelease]:
    """The measures as held at the town's release of ``year``: published with the release."""
    names = [field.name for field in fields(MeasureAtRelease)]  # the record holds the same fields
    return [
        MeasureAtRelease(**{name: getattr(record, name) for name in names})
        for record in measure_status_records(year=year)
    ]


def measure_history(*, measure_id: int | None = None, limit: int = 200) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.filter(action__startswith=AUDIT_PREFIX)
    if measure_id is not None:
        entries = entries.filter(changes__measure=measure_id)
    return entries[:limit]


@dataclass(frozen=True)
class TownRoadmap:
    rows: list[RoadmapRow]  # the town's measures and its joint projects, filtered and sorted
    rollup: Rollup  # the town's measures (unfiltered): progress per field of action and overall
    field_order: list[str]
    today: datetime.date  # the day lateness is judged on
    late_count: int  # entries past their end quarter, unfiltered


def measure_rows(*, town: Town, measures: Iterable[Measure]) -> list[RoadmapRow]:
    links = joint_project_links_of_town(town=town)
    return [
        RoadmapRow(
            kind=KIND_MEASURE,
            id=measure.pk,
            town_name=town.name,
            town_slug=town.slug,
            title=measure.title,
            field_keys=measure.field_keys,
            priority=measure.priority,
            status=measure.status,
            start_quarter=measure.start_quarter,
            end_quarter=measure.end_quarter,
            progress=measure.progress,
            is_lighthouse=measure.is_lighthouse,
            lesson_learned=measure.lesson_learned if measure.is_lighthouse else "",
            responsible_unit=measure.responsible_unit,
            joint_project_id=links[measure.pk].pk if measure.pk in links else None,
            joint_project_title=links[measure.pk].title if measure.pk in links else "",
        )
        for measure in measures
    ]


def town_roadmap(
    *,
    town: Town,
    roadmap_filter: RoadmapFilter | None = None,
    today: datetime.date | None = None,
    fields: Iterable[FieldOfAction] | None = None,
) -> TownRoadmap:
    """The town's measures and joint projects; ``fields``: the fields of action in force, when the caller
    has read them already (the town's page), so they are not read twice."""
    today = today or timezone.localdate()
    field_order = [f.key for f in (fields if fields is not None else fields_of_action_current(district=town.district))]
    measures = rows_dated(measure_rows(town=town, measures=Measure.objects.order_by("pk")), today=today)
    projects = rows_dated(joint_project_rows(joint_projects_of_town(town=town)), today=today)
    keeps = (roadmap_filter or RoadmapFilter()).keeps
    return TownRoadmap(
        rows=rows_sorted([row for row in measures + projects if keeps(row)], field_order=field_order),
        rollup=progress_rollup(
            [ProgressEntry(field_keys=r.field_keys, status=r.status, progress=r.progress) for r in measures],
            field_order=field_order,
        ),
        field_order=field_order,
        today=today,
        late_count=sum(1 for row in measures + projects if row.late),
    )
