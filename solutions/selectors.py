"""Reading the town's solution register (the town's schema must be active)."""

from __future__ import annotations

from django.db.models import QuerySet

from benchmarking.items import PublishableItem
from roadmap.models import ItemKind
from solutions.models import Solution

AUDIT_PREFIX = "solutions."


def solution_list() -> QuerySet[Solution]:
    return Solution.objects.all()


def solution_get(*, solution_id: int) -> Solution | None:
    return Solution.objects.filter(pk=solution_id).first()


def solutions_publishable() -> list[PublishableItem]:
    """The register as the district sees it. Register statuses are also the published stages."""
    return [
        PublishableItem(
            item_kind=ItemKind.SOLUTION,
            item_id=solution.pk,
            field_key=solution.field_key,
            title=solution.title,
            stage=solution.status,
            category=solution.category,
            description=solution.description,
            product=solution.product,
            vendor=solution.vendor,
            contract_end=solution.contract_end,
        )
        for solution in Solution.objects.order_by("pk")
    ]
