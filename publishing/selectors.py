"""Reading what towns published (public schema): always the latest version of each town."""

from __future__ import annotations

from django.db.models import QuerySet

from publishing.models import ItemKind, ItemSnapshot, PublishedItem
from tenants.models import District


def latest_item_snapshots(*, district: District) -> QuerySet[ItemSnapshot]:
    """Each town's latest published items (one snapshot per town)."""
    return ItemSnapshot.objects.filter(district=district).order_by("town_id", "-version").distinct("town_id")


def published_measures(*, district: District) -> QuerySet[PublishedItem]:
    """The measures of the district's towns as last published."""
    return PublishedItem.objects.filter(
        snapshot__in=latest_item_snapshots(district=district), item_kind=ItemKind.MEASURE
    )
