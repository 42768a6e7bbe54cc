"""Reading what towns published (public schema): always the latest version of each town."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet

from publishing.items import PublishableItem, items_digest
from publishing.models import AssessmentSnapshot, ItemKind, ItemSnapshot, PublishedItem, SnapshotStatus
from quickcheck.answers.selectors import assessment_release_states
from tenants.models import District, Town


def latest_item_snapshots(*, district: District) -> QuerySet[ItemSnapshot]:
    """Each town's latest published items (one snapshot per town)."""
    return ItemSnapshot.objects.filter(district=district).order_by("town_id", "-version").distinct("town_id")


def published_measures(*, district: District) -> QuerySet[PublishedItem]:
    """The measures of the district's towns as last published."""
    return PublishedItem.objects.filter(
        snapshot__in=latest_item_snapshots(district=district), item_kind=ItemKind.MEASURE
    )


# --- what a lost publish task left behind (publishing.tasks.publications_reconcile) ----------------


def assessments_unpublished(*, town: Town) -> list[int]:
    """Grid ids whose Quick Check (town schema active) is not in the town's latest snapshot as it stands:
    released but not published (or released again since), or reopened while the snapshot still says released."""
    latest = {
        snapshot.grid_id: snapshot
        for snapshot in AssessmentSnapshot.objects.filter(town=town).order_by("grid_id", "-version").distinct("grid_id")
    }
    behind = []
    for grid_id, released_at in assessment_release_states().items():
        snapshot = latest.get(grid_id)
        if released_at is not None:
            published = (
                snapshot is not None
                and snapshot.status == SnapshotStatus.RELEASED
                and snapshot.released_at == released_at
            )
        else:
            published = snapshot is None or snapshot.status == SnapshotStatus.WITHDRAWN
        if not published:
            behind.append(grid_id)
    return sorted(behind)


def items_unpublished(*, town: Town, items: Sequence[PublishableItem]) -> bool:
    """Whether the town's register entries and measures differ from its latest item snapshot."""
    latest = ItemSnapshot.objects.filter(town=town).order_by("-version").values_list("content_hash", flat=True).first()
    if latest is None:
        return bool(items)  # a town with nothing to publish need not publish an empty snapshot
    return latest != items_digest(items)
