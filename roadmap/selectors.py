"""Reading the roadmap: joint projects, the district's roadmap of all towns, lighthouses, progress.

District views read only what towns published (``publishing.PublishedItem``) and the joint
projects, both in the public schema: a constant number of queries however many towns there are.
A town's own roadmap reads its measures in its schema (see :func:`town_roadmap`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db.models import Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from publishing.models import ItemKind
from publishing.selectors import published_measures
from quickcheck.models import GridQuestion, GridVersion
from quickcheck.selectors import grid_campaign_latest, grids_of
from roadmap.models import JointProject, JointProjectItem, JointProjectMilestone, JointProjectTown, ProjectStatus
from roadmap.progress import ProgressEntry, Rollup, progress_rollup
from roadmap.rules import PlanContext, is_delayed
from shared_vision.models import Goal
from shared_vision.selectors import fields_of_action_current, goals_named, vision_current
from tenants.models import District, Town

KIND_MEASURE = "measure"
KIND_JOINT_PROJECT = "joint_project"


def _plan_grid(district: District) -> GridVersion | None:
    """The grid measures and joint projects name questions of: the one towns answer now."""
    return grid_campaign_latest(district=district) or grids_of(district=district).first()


def plan_questions(*, district: District) -> list[tuple[str, list[tuple[str, str]]]]:
    """The questions an entry may name, by field of action: (field name, [(code, question)])."""
    grid = _plan_grid(district)
    groups: dict[str, list[tuple[str, str]]] = {}
    if grid is not None:
        for question in (
            GridQuestion.objects.filter(grid=grid).select_related("field").order_by("field__position", "position")
        ):
            groups.setdefault(question.field.name, []).append((question.code, question.text))
    return list(groups.items())


def plan_context(*, district: District) -> PlanContext:
    """What measures and joint projects may refer to: the vision in force and the grid towns answer."""
    vision = vision_current(district=district)
    grid = _plan_grid(district)
    questions = (
        {q.code: (q.pk, q.field.key) for q in GridQuestion.objects.filter(grid=grid).select_related("field")}
        if grid
        else {}
    )
    return PlanContext(
        field_keys={f.key for f in fields_of_action_current(district=district)},
        goal_keys=set(Goal.objects.filter(field__version=vision).values_list("key", flat=True)) if vision else set(),
        questions=questions,
    )


@dataclass(frozen=True)
class GoalLink:
    """A goal an entry names, as the pages and the API show it."""

    key: str
    text: str  # as the latest adopted version that has it says ("" for a key no version has)
    field_name: str
    in_vision: bool  # False: the vision in force no longer has it ("nicht mehr im Leitbild", D60)


def goal_links(*, district: District, keys: Iterable[str], current_keys: set[str]) -> dict[str, GoalLink]:
    """The goals ``keys`` name by key, in force or not (one query for all)."""
    wanted = list(dict.fromkeys(keys))
    named = goals_named(district=district, keys=wanted)
    return {
        key: GoalLink(
            key=key,
            text=named[key].text if key in named else "",
            field_name=named[key].field.name if key in named else "",
            in_vision=key in current_keys,
        )
        for key in wanted
    }


def goals_current(*, district: District) -> list[Goal]:
    vision = vision_current(district=district)
    if vision is None:
        return []
    return list(
        Goal.objects.filter(field__version=vision).select_related("field").order_by("field__position", "position")
    )


# --- joint projects -------------------------------------------------------------------------


def joint_project_list(*, district: District) -> QuerySet[JointProject]:
    return (
        JointProject.objects.filter(district=district)
        .select_related("lead_town")
        .prefetch_related(
            Prefetch("participants", queryset=JointProjectTown.objects.select_related("town").order_by("town__name")),
            Prefetch("milestones", queryset=JointProjectMilestone.objects.order_by("position")),
            "items",
        )
        .order_by("title", "pk")
    )


def joint_project_get(*, district: District, joint_project_id: int) -> JointProject | None:
    return joint_project_list(district=district).filter(pk=joint_project_id).first()


def joint_projects_of_town(*, town: Town) -> QuerySet[JointProject]:
    """The projects a town leads or takes part in."""
    return joint_project_list(district=town.district).filter(Q(lead_town=town) | Q(participants__town=town)).distinct()


def joint_project_titles_of_town(*, town: Town) -> list[tuple[int, str]]:
    """(id, title) of the projects a town leads or takes part in (one query, nothing prefetched)."""
    return list(
        JointProject.objects.filter(district_id=town.district_id)
        .filter(Q(lead_town=town) | Q(participants__town=town))
        .distinct()
        .values_list("pk", "title")
    )


def joint_project_links_of_town(*, town: Town) -> dict[int, JointProject]:
    """The town's measures that belong to a joint project: measure id → project."""
    return {
        link.item_id: link.joint_project
        for link in JointProjectItem.objects.filter(town=town, item_kind=ItemKind.MEASURE).select_related(
            "joint_project"
        )
    }


# --- roadmap rows (one shape for towns' measures and joint projects) ------------------------


@dataclass(frozen=True)
class RoadmapRow:
    kind: str  # KIND_MEASURE or KIND_JOINT_PROJECT
    id: int
    town_name: str  # the town (measure) or the lead town (joint project)
    title: str
    field_keys: list[str]
    priority: str
    status: str
    start_quarter: str
    end_quarter: str
    progress: int
    is_lighthouse: bool = False
    lesson_learned: str = ""
    responsible_unit: str = ""
    joint_project_id: int | None = None
    joint_project_title: str = ""
    town_slug: str = ""
    participant_names: list[str] = field(default_factory=list)
    late: bool = False  # still open after its end quarter, as of the day the roadmap was read

    @property
    def field_key(self) -> str:
        return self.field_keys[0]

    @property
    def status_label(self) -> str:
        return str(ProjectStatus(self.status).label)


@dataclass(frozen=True)
class RoadmapFilter:
    statuses: frozenset[str] = frozenset()
    field_key: str = ""
    town_slug: str = ""
    kind: str = ""
    late_only: bool = False

    @classmethod
    def from_query(cls, query: QueryDict) -> RoadmapFilter:
        """From a page's or the API's query string: ``status`` (repeated), ``field``, ``town``, ``kind``,
        ``late`` (``1``: only entries past their end quarter).

        Unknown statuses and kinds are ignored rather than filtering everything away."""
        kind = query.get("kind", "")
        return cls(
            statuses=frozenset(s for s in query.getlist("status") if s in ProjectStatus.values),
            field_key=query.get("field", ""),
            town_slug=query.get("town", ""),
            kind=kind if kind in (KIND_MEASURE, KIND_JOINT_PROJECT) else "",
            late_only=query.get("late", "") in ("1", "true", "on"),
        )

    def keeps(self, row: RoadmapRow) -> bool:
        return (
            (not self.statuses or row.status in self.statuses)
            and (not self.field_key or self.field_key in row.field_keys)
            and (not self.town_slug or self.town_slug == row.town_slug)
            and (not self.kind or self.kind == row.kind)
            and (not self.late_only or row.late)
        )


def rows_dated(rows: Iterable[RoadmapRow], *, today: datetime.date) -> list[RoadmapRow]:
    """The rows with ``late`` set: open (not done, not dropped) after their end quarter on ``today``."""
    return [replace(row, late=is_delayed(status=row.status, end_quarter=row.end_quarter, on=today)) for row in rows]


PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def rows_sorted(rows: Iterable[RoadmapRow], *, field_order: list[str]) -> list[RoadmapRow]:
    """By field of action (the vision's order), then priority, then start."""
    position = {key: number for number, key in enumerate(field_order)}
    return sorted(
        rows,
        key=lambda r: (
            position.get(r.field_key, len(position)),
            PRIORITY_ORDER.get(r.priority, 3),
            r.start_quarter or "9999",
            r.title.casefold(),
        ),
    )


def joint_project_rows(projects: Iterable[JointProject]) -> list[RoadmapRow]:
    return [
        RoadmapRow(
            kind=KIND_JOINT_PROJECT,
            id=project.pk,
            town_name=project.lead_town.name if project.lead_town else "",
            town_slug=project.lead_town.slug if project.lead_town else "",
            title=project.title,
            field_keys=project.field_keys,
            priority=project.priority,
            status=project.status,
            start_quarter=project.start_quarter,
            end_quarter=project.end_quarter,
            progress=project.progress,
            is_lighthouse=project.is_lighthouse,
            lesson_learned=project.lesson_learned if project.is_lighthouse else "",
            responsible_unit=project.responsible_unit,
            participant_names=[p.town.name for p in project.participants.all()],
        )
        for project in projects
    ]


def published_measure_rows(
    *, district: District, lighthouses_only: bool = False, joint_project_id: int | None = None
) -> list[RoadmapRow]:
    """The towns' measures as last published (two queries); only lighthouses, or one project's, if asked."""
    link_rows = JointProjectItem.objects.filter(joint_project__district=district, item_kind=ItemKind.MEASURE)
    if joint_project_id is not None:
        link_rows = link_rows.filter(joint_project_id=joint_project_id)
    links = {(link.town_id, link.item_id): link.joint_project for link in link_rows.select_related("joint_project")}
    items = published_measures(district=district).select_related("snapshot__town")
    if lighthouses_only:
        items = items.filter(is_lighthouse=True)
    if joint_project_id is not None:
        items = items.filter(item_id__in={item_id for _town_id, item_id in links})
    rows = []
    for item in items:
        town = item.snapshot.town
        project = links.get((town.pk, item.item_id))
        if joint_project_id is not None and project is None:
            continue  # the same id in another town's schema is another measure
        rows.append(
            RoadmapRow(
                kind=KIND_MEASURE,
                id=item.item_id,
                town_name=town.name,
                town_slug=town.slug,
                title=item.title,
                field_keys=[item.field_key, *item.other_field_keys],
                priority=item.priority,
                status=item.status,
                start_quarter=item.start_quarter,
                end_quarter=item.end_quarter,
                progress=item.progress or 0,
                is_lighthouse=item.is_lighthouse,
                lesson_learned=item.lesson_learned,
                responsible_unit=item.responsible_unit,
                joint_project_id=project.pk if project else None,
                joint_project_title=project.title if project else "",
            )
        )
    return rows


@dataclass(frozen=True)
class DistrictRoadmap:
    rows: list[RoadmapRow]  # filtered, sorted
    rollup: Rollup  # of everything, unfiltered: the district's progress
    town_rollups: dict[str, Rollup]  # town name → its measures' progress
    towns: list[tuple[str, str]]  # (slug, name) of towns that published measures
    today: datetime.date  # the day lateness is judged on
    late_count: int  # entries past their end quarter, unfiltered


def district_roadmap(
    *, district: District, roadmap_filter: RoadmapFilter | None = None, today: datetime.date | None = None
) -> DistrictRoadmap:
    today = today or timezone.localdate()
    field_order = [f.key for f in fields_of_action_current(district=district)]
    measures = rows_dated(published_measure_rows(district=district), today=today)
    projects = rows_dated(joint_project_rows(joint_project_list(district=district)), today=today)
    by_town: dict[str, list[RoadmapRow]] = defaultdict(list)
    for row in measures:
        by_town[row.town_name].append(row)
    district_entries = [_entry(row) for row in projects] + [
        _entry(row) for row in measures if row.joint_project_id is None
    ]
    rows = [row for row in measures + projects if (roadmap_filter or RoadmapFilter()).keeps(row)]
    return DistrictRoadmap(
        rows=rows_sorted(rows, field_order=field_order),
        rollup=progress_rollup(district_entries, field_order=field_order),
        town_rollups={
            name: progress_rollup([_entry(r) for r in town_rows], field_order=field_order)
            for name, town_rows in sorted(by_town.items())
        },
        towns=sorted({(row.town_slug, row.town_name) for row in measures}, key=lambda t: t[1]),
        today=today,
        late_count=sum(1 for row in measures + projects if row.late),
    )


def _entry(row: RoadmapRow) -> ProgressEntry:
    return ProgressEntry(field_keys=row.field_keys, status=row.status, progress=row.progress)


def lighthouses(*, district: District) -> list[RoadmapRow]:
    """Good practice every town of the district may see: lighthouse measures and joint projects."""
    field_order = [f.key for f in fields_of_action_current(district=district)]
    rows = published_measure_rows(district=district, lighthouses_only=True)
    rows += joint_project_rows(joint_project_list(district=district).filter(is_lighthouse=True))
    return rows_sorted(rows_dated(rows, today=timezone.localdate()), field_order=field_order)
