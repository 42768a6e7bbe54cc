"""What the homes show, read from published data and the apps' own selectors.

The district coordinator's Lagebild reads only what towns published (snapshots, progress counts,
items) and the district's own tables: a fixed number of queries however many towns the district
has (tests/dashboards pin it).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils import timezone

from benchmarking.models import DuplicateFlag, FlagStatus
from benchmarking.selectors import Comparison, Synergies, comparison_get, flags_open, mentors_of, synergies_get
from benchmarking.statistics import Verdict
from publishing.models import AssessmentProgress, SnapshotStatus
from publishing.selectors import published_measures
from quickcheck.answers.selectors import assessment_view
from quickcheck.models import GridStatus, GridVersion
from quickcheck.scoring import Completeness
from quickcheck.selectors import CampaignStatus, campaign_status, grid_campaign_latest
from roadmap.measures.selectors import town_roadmap
from roadmap.models import JointProject, ProjectStatus
from roadmap.rules import is_delayed
from roadmap.selectors import KIND_MEASURE, RoadmapRow, joint_project_list, lighthouses, published_measure_rows
from shared_vision.selectors import fields_of_action_current, vision_current
from shared_vision.town_focus.selectors import town_focus
from tenants.models import District, Town, TownKind


def _is_planned(status: str) -> bool:
    """A measure or project counts as planned for its fields in any state but dropped."""
    return status != ProjectStatus.DROPPED


class CampaignState(StrEnum):
    RELEASED = "released"
    REOPENED = "reopened"  # released once, taken back by the district: a draft again
    DRAFT = "draft"
    NOT_STARTED = "not_started"


@dataclass(frozen=True)
class CampaignTown:
    town: Town
    state: CampaignState
    completeness: Completeness | None  # None: no count published yet
    carried_over_unchecked: int
    released_at: datetime.datetime | None
    progress_as_of: datetime.datetime | None


@dataclass(frozen=True)
class CampaignBoard:
    grid: GridVersion | None  # the current campaign (running or closed); None: none opened yet
    towns: list[CampaignTown]
    status: CampaignStatus | None = None  # deadline and days left (D66)

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(row.state for row in self.towns)
        return {state.value: counted.get(state, 0) for state in CampaignState}


@dataclass(frozen=True)
class FieldCoverage:
    key: str
    name: str
    weak_towns: list[str]  # names of the towns weak in the field (comparison rule)
    weak_unplanned: list[str]  # of them: no measure and no joint project of theirs in the field
    measures: int  # published measures of the district in the field (not dropped)
    joint_projects: int  # the district's joint projects in the field (not dropped)


@dataclass(frozen=True)
class Lagebild:
    """The district coordinator's overview."""

    district: District
    board: CampaignBoard
    comparison: Comparison | None  # the campaign year's comparison (the heatmap)
    synergies: Synergies | None
    open_flags: int
    newest_flags: list[DuplicateFlag]
    coverage: list[FieldCoverage]
    late_measures: list[RoadmapRow]
    joint_projects_by_status: list[tuple[str, str, int]]  # (status, label, count), in the statuses' order


def campaign_board(
    *, grid: GridVersion | None, comparison: Comparison | None, today: datetime.date | None = None
) -> CampaignBoard:
    """Every member's state in the current campaign, from published snapshots and progress counts."""
    if grid is None or comparison is None:
        return CampaignBoard(grid=None, towns=[])
    progress = {p.town_id: p for p in AssessmentProgress.objects.filter(grid=grid)}
    rows = []
    for release in comparison.releases:
        counts = progress.get(release.town.pk)
        if release.status == SnapshotStatus.RELEASED:
            state = CampaignState.RELEASED
        elif release.status == SnapshotStatus.WITHDRAWN:
            state = CampaignState.REOPENED
        elif counts is not None:
            state = CampaignState.DRAFT
        else:
            state = CampaignState.NOT_STARTED
        rows.append(
            CampaignTown(
                town=release.town,
                state=state,
                completeness=counts.completeness if counts else None,
                carried_over_unchecked=counts.carried_over_unchecked if counts else 0,
                released_at=release.released_at if state == CampaignState.RELEASED else None,
                progress_as_of=counts.updated_at if counts else None,
            )
        )
    # The district administration last, the towns by name: as on the district's member list.
    rows.sort(key=lambda row: (row.town.kind == TownKind.DISTRICT_ADMINISTRATION, row.town.name))
    return CampaignBoard(grid=grid, towns=rows, status=campaign_status(grid=grid, today=today))


def field_coverage(
    *, comparison: Comparison, measures: list[RoadmapRow], joint_projects: list[JointProject]
) -> list[FieldCoverage]:
    """Per field of action: who is weak, and whether anything is planned there for them."""
    planned_by_town: dict[str, set[str]] = defaultdict(set)  # town slug → fields with a measure
    measures_per_field: Counter[str] = Counter()
    for row in measures:
        if _is_planned(row.status):
            measures_per_field.update(set(row.field_keys))
            planned_by_town[row.town_slug].update(row.field_keys)
    projects_per_field: Counter[str] = Counter()
    for project in joint_projects:
        if _is_planned(project.status):
            projects_per_field.update(set(project.field_keys))
            for participant in project.participants.all():
                planned_by_town[participant.town.slug].update(project.field_keys)
    coverage = []
    for field_comparison in comparison.fields:
        weak = [t for t in comparison.towns if field_comparison.key in t.weaknesses()]
        coverage.append(
            FieldCoverage(
                key=field_comparison.key,
                name=field_comparison.name,
                weak_towns=[t.name for t in weak],
                weak_unplanned=[t.name for t in weak if field_comparison.key not in planned_by_town[t.slug]],
                measures=measures_per_field[field_comparison.key],
                joint_projects=projects_per_field[field_comparison.key],
            )
        )
    return coverage


def lagebild_get(*, district: District, today: datetime.date | None = None) -> Lagebild:
    """The coordinator's overview of the open campaign (or the latest one), in a fixed number of queries."""
    today = today or timezone.localdate()
    grid = grid_campaign_latest(district=district)
    comparison = comparison_get(district=district, year=grid.year) if grid else None
    measures = published_measure_rows(district=district)
    joint_projects = list(joint_project_list(district=district))
    flags = list(flags_open(district=district).order_by("-created_at", "pk"))
    statuses = Counter(project.status for project in joint_projects)
    return Lagebild(
        district=district,
        board=campaign_board(grid=grid, comparison=comparison, today=today),
        comparison=comparison,
        synergies=synergies_get(comparison=comparison) if comparison else None,
        open_flags=len(flags),
        newest_flags=flags[:3],
        coverage=field_coverage(comparison=comparison, measures=measures, joint_projects=joint_projects)
        if comparison
        else [],
        late_measures=[row for row in measures if is_delayed(status=row.status, end_quarter=row.end_quarter, on=today)],
        joint_projects_by_status=[
            (status.value, str(status.label), statuses[status]) for status in ProjectStatus if statuses[status]
        ],
    )


# --- a town's own page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldStanding:
    """One field of action as the town's page shows it."""

    key: str
    name: str
    current: Decimal | None  # the town's own score (released, or its draft for its own people)
    target: Decimal | None
    median: Decimal | None  # the district's group, shown once the town has released (give and take)
    lower_quartile: Decimal | None
    upper_quartile: Decimal | None
    verdict: Verdict | None
    priority: str | None  # the town's own priority (town_focus.Priority), None: not set
    measures: int  # the town's measures in the field, not dropped
    joint_projects: int  # joint projects of the field the town takes part in, not dropped

    @property
    def is_gap(self) -> bool:
        """Weak, or a high priority of the town's, and nothing planned in the field."""
        needs = self.verdict == Verdict.WEAKNESS or self.priority == "high"
        return needs and self.measures == 0 and self.joint_projects == 0


@dataclass(frozen=True)
class MentorOffer:
    """A town strong where this town is weak (from the synergies): named only where names are shown."""

    field_key: str
    field_name: str
    mentor_name: str | None  # None: the district shows towns no peers' names
    mentor_score: Decimal | None
    own_score: Decimal | None


@dataclass(frozen=True)
class TownOverview:
    town: Town
    grid: GridVersion | None
    campaign: CampaignStatus | None  # the campaign's deadline and days left (D66)
    released: bool  # the town's Quick Check of the campaign is released (and published)
    completeness: Completeness | None  # None: the town has no Quick Check of the campaign to show
    carried_over_unchecked: int
    fields: list[FieldStanding]
    roadmap: list[RoadmapRow]  # the town's measures and its joint projects
    late: list[RoadmapRow]
    flags: list[DuplicateFlag]  # open flags with one of the town's items
    mentors: list[MentorOffer]
    today: datetime.date

    @property
    def gaps(self) -> list[FieldStanding]:
        return [standing for standing in self.fields if standing.is_gap]


def town_overview(
    *, town: Town, include_drafts: bool, names_visible: bool, today: datetime.date | None = None
) -> TownOverview:
    """What a town's people see first. The town's schema must be active (its own answers, focus and
    measures); the district's figures come from published data. Peers' names only if ``names_visible``."""
    today = today or timezone.localdate()
    grid = grid_campaign_latest(district=town.district)
    comparison = comparison_get(district=town.district, year=grid.year) if grid else None
    own_published = comparison.town(town.pk) if comparison else None
    view = assessment_view(town=town, grid=grid, include_drafts=include_drafts) if grid and town.is_ready else None
    own_scores = {fv.field.key: fv.score for fv in view.fields} if view and view.answers_visible else {}
    fields_in_force = fields_of_action_current(district=town.district)
    priorities = {focus.field.key: focus.priority for focus in town_focus(fields=fields_in_force)}
    roadmap = town_roadmap(town=town, fields=fields_in_force).rows if town.is_ready else []
    planned: Counter[str] = Counter()
    projects: Counter[str] = Counter()
    for row in roadmap:
        if _is_planned(row.status):
            (planned if row.kind == KIND_MEASURE else projects).update(set(row.field_keys))
    standings = []
    for field_comparison in comparison.fields if comparison else []:
        key = field_comparison.key
        published = own_published.fields.get(key) if own_published else None
        score = own_scores.get(key)
        statistics = field_comparison.statistics if own_published else None  # give and take: after release
        priority = priorities.get(key)
        standings.append(
            FieldStanding(
                key=key,
                name=field_comparison.name,
                current=published.current if published else (score.current if score else None),
                target=published.target if published else (score.target if score else None),
                median=statistics.median if statistics else None,
                lower_quartile=statistics.lower_quartile if statistics else None,
                upper_quartile=statistics.upper_quartile if statistics else None,
                verdict=published.verdict if published else None,
                priority=priority.value if priority else None,
                measures=planned[key],
                joint_projects=projects[key],
            )
        )
    flags = [
        flag
        for flag in flags_open(district=town.district).order_by("-created_at", "pk")
        if any(item["town_id"] == town.pk for item in flag.evidence["items"])
    ]
    mentors: list[MentorOffer] = []
    if comparison is not None and own_published is not None:
        field_names = comparison.field_names
        mentors = [
            MentorOffer(
                field_key=pair.field_key,
                field_name=field_names.get(pair.field_key, pair.field_key),
                mentor_name=pair.mentor.name if names_visible else None,
                mentor_score=pair.mentor.fields[pair.field_key].current,
                own_score=pair.mentee.fields[pair.field_key].current,
            )
            for pair in mentors_of(comparison=comparison, town_id=town.pk)
        ]
    return TownOverview(
        town=town,
        grid=grid,
        campaign=campaign_status(grid=grid, today=today) if grid else None,
        released=own_published is not None,
        completeness=view.completeness if view else None,
        carried_over_unchecked=view.carried_over_count if view else 0,
        fields=standings,
        roadmap=roadmap,
        late=[row for row in roadmap if is_delayed(status=row.status, end_quarter=row.end_quarter, on=today)],
        flags=flags,
        mentors=mentors,
        today=today,
    )


# --- the mayors' conference ------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    year: int
    towns: int  # released towns counted
    medians: dict[str, Decimal]  # field key → the towns' median score that year
    overall: Decimal | None


@dataclass(frozen=True)
class GoalCoverage:
    field_name: str
    text: str
    measures: int  # published measures that name the goal
    joint_projects: int


@dataclass(frozen=True)
class ConferenceOverview:
    """The mayors' conference's joint Lagebild: the district over the years and what it does together."""

    district: District
    field_names: dict[str, str]  # field key → name, in the vision's (or the latest grid's) order
    trend: list[TrendPoint]  # oldest year first
    board: CampaignBoard
    comparison: Comparison | None  # the open campaign's (its heatmap in the presentation)
    joint_projects: list[JointProject]
    lighthouses: list[RoadmapRow]
    goals: list[GoalCoverage]
    duplicates_joined: list[DuplicateFlag]  # confirmed flags: duplicated structures that became joint projects


def conference_overview(*, district: District) -> ConferenceOverview:
    """From published data only; a fixed number of queries per campaign year, none per town."""
    trend: list[TrendPoint] = []
    field_names: dict[str, str] = {}
    latest: Comparison | None = None
    for grid in GridVersion.objects.filter(district=district).exclude(status=GridStatus.DRAFT).order_by("year"):
        comparison = comparison_get(district=district, year=grid.year)
        if not comparison.towns:
            continue
        latest = comparison
        field_names.update(comparison.field_names)
        trend.append(
            TrendPoint(
                year=grid.year,
                towns=len(comparison.towns),
                medians={f.key: f.statistics.median for f in comparison.fields if f.statistics is not None},
                overall=comparison.overall.median if comparison.overall else None,
            )
        )
    open_grid = grid_campaign_latest(district=district)
    board_comparison = latest if latest and open_grid and latest.year == open_grid.year else None
    if open_grid and board_comparison is None:
        board_comparison = comparison_get(district=district, year=open_grid.year)
    joint_projects = list(joint_project_list(district=district))
    measure_goals: Counter[str] = Counter()
    for goal_keys in published_measures(district=district).values_list("shared_goal_keys", flat=True):
        measure_goals.update(set(goal_keys))
    project_goals: Counter[str] = Counter()
    for project in joint_projects:
        if _is_planned(project.status):
            project_goals.update(set(project.shared_goal_keys))
    vision = vision_current(district=district)
    goals = [
        GoalCoverage(field_name=f.name, text=g.text, measures=measure_goals[g.key], joint_projects=project_goals[g.key])
        for f in (vision.fields.all() if vision else [])
        for g in f.goals.all()
    ]
    return ConferenceOverview(
        district=district,
        field_names=field_names,
        trend=trend,
        board=campaign_board(grid=open_grid, comparison=board_comparison),
        comparison=board_comparison,
        joint_projects=joint_projects,
        lighthouses=lighthouses(district=district),
        goals=goals,
        duplicates_joined=list(
            DuplicateFlag.objects.filter(district=district, status=FlagStatus.CONFIRMED, joint_project__isnull=False)
            .select_related("joint_project")
            .order_by("-decided_at")
        ),
    )
