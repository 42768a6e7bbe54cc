"""Reading Quick-Check grids."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from quickcheck.content import GridRow
from quickcheck.models import Applicability, GridField, GridQuestion, GridStatus, GridVersion
from tenants.models import District, Town


def grids_of(*, district: District) -> QuerySet[GridVersion]:
    return GridVersion.objects.filter(district=district).annotate(question_count=Count("questions")).order_by("-year")


def grid_get(*, district: District, year: int) -> GridVersion | None:
    return GridVersion.objects.filter(district=district, year=year).first()


def grid_campaign_latest(*, district: District) -> GridVersion | None:
    """The district's current campaign: the latest grid whose campaign was opened, running or closed
    since (a closed campaign's results stay what the district compares until the next one opens)."""
    return GridVersion.objects.filter(district=district).exclude(status=GridStatus.DRAFT).order_by("-year").first()


@dataclass(frozen=True)
class CampaignStatus:
    """Where a campaign stands on a given day (D66)."""

    grid: GridVersion
    today: datetime.date

    @property
    def deadline(self) -> datetime.date | None:
        return self.grid.deadline

    @property
    def days_left(self) -> int | None:
        """Days from today to the deadline: 0 on the day itself, negative once it has passed; None without one."""
        return (self.grid.deadline - self.today).days if self.grid.deadline else None

    @property
    def is_overdue(self) -> bool:
        return self.grid.is_open and self.days_left is not None and self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


def campaign_status(*, grid: GridVersion, today: datetime.date | None = None) -> CampaignStatus:
    return CampaignStatus(grid=grid, today=today or timezone.localdate())


def grid_previous(*, grid: GridVersion) -> GridVersion | None:
    """The grid a question's "replaces" link points into: the one this grid was based on."""
    if grid.based_on_id is not None:
        return grid.based_on
    return GridVersion.objects.filter(district_id=grid.district_id, year__lt=grid.year).order_by("-year").first()


def grid_fields_with_questions(*, grid: GridVersion, with_replaced: bool = True) -> list[GridField]:
    """Fields in order, each with its questions prefetched: two queries. With ``with_replaced`` also the
    earlier question each one replaces, and its grid (the grid's own pages say "ersetzt … aus …"); a
    town's answers do without them, a third of the time on the town page's largest read."""
    questions = GridQuestion.objects.order_by("position")
    if with_replaced:
        questions = questions.select_related("replaces__grid")
    return list(
        GridField.objects.filter(grid=grid)
        .order_by("position")
        .prefetch_related(Prefetch("questions", queryset=questions))
    )


def grid_question_get(*, grid: GridVersion, code: str) -> GridQuestion | None:
    return GridQuestion.objects.select_related("field").filter(grid=grid, code=code).first()


def grid_rows(*, grid: GridVersion) -> list[GridRow]:
    questions = GridQuestion.objects.filter(grid=grid).select_related("field", "replaces")
    return [
        GridRow(
            field_key=q.field.key,
            field_name=q.field.name,
            code=q.code,
            text=q.text,
            help_text=q.help_text,
            weight=q.weight,
            applicability=Applicability(q.applicability),
            levels=(q.level_0, q.level_1, q.level_2, q.level_3, q.level_4),
            replaces_code=q.replaces.code if q.replaces else "",
        )
        for q in questions
    ]


def grid_question_codes(*, grid: GridVersion | None) -> set[str]:
    return set(GridQuestion.objects.filter(grid=grid).values_list("code", flat=True)) if grid else set()


def town_grid_get(*, town_id: int, grid_id: int) -> tuple[Town, GridVersion]:
    """A town and a grid of its own district, as a task names them (a grid of another district is not found)."""
    town = Town.objects.select_related("district").get(pk=town_id)
    return town, GridVersion.objects.get(pk=grid_id, district_id=town.district_id)
