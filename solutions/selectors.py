"""Reading the town's solution register (the town's schema must be active)."""

from __future__ import annotations

from django.db.models import QuerySet

from publishing.items import PublishableItem
from publishing.models import ItemKind, ItemStage
from solutions.models import Solution, SolutionCategory, SolutionStatus

AUDIT_PREFIX = "solutions."


def solution_list() -> QuerySet[Solution]:
    return Solution.objects.all()


def solution_get(*, solution_id: int) -> Solution | None:
    return Solution.objects.filter(pk=solution_id).first()


# How far a register entry is, in the words every published item shares (measures map theirs too).
STAGE_OF_STATUS = {
    SolutionStatus.IN_USE: ItemStage.IN_USE,
    SolutionStatus.PROCUREMENT: ItemStage.PROCUREMENT,
    SolutionStatus.PLANNED: ItemStage.PLANNED,
}


def solutions_publishable() -> list[PublishableItem]:
    """The register as the district sees it."""
    return [
        PublishableItem(
            item_kind=ItemKind.SOLUTION,
            item_id=solution.pk,
            field_key=solution.field_key,
            title=solution.title,
            stage=STAGE_OF_STATUS[SolutionStatus(solution.status)],
            category=solution.category,
            description=solution.description,
            product=solution.product,
            vendor=solution.vendor,
            contract_end=solution.contract_end,
            annual_cost=solution.annual_cost,
        )
        for solution in Solution.objects.order_by("pk")
    ]


def solution_category_labels() -> dict[str, str]:
    """Receiver of ``publishing.hooks.category_labels``: the register's categories by key."""
    return {key: str(label) for key, label in SolutionCategory.choices}
