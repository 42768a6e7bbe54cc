"""Reading comments: the thread of an item (newest last), who may be mentioned, counts for a list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from kreisagenda.permissions import people_who_can

from accounts.models import Membership, Role, User
from comments.items import CommentItem
from comments.models import CommentBase, CommentKind, DistrictComment
from comments.town.models import MeasureComment
from tenants.models import District


def comments_of(*, item: CommentItem) -> QuerySet[DistrictComment] | QuerySet[MeasureComment]:
    """The item's comments, newest last; a measure's from the town's schema (which must be active)."""
    if item.kind == CommentKind.MEASURE:
        return MeasureComment.objects.filter(measure_id=item.item_id).order_by("created_at", "pk")
    return DistrictComment.objects.filter(district=item.district, item_kind=item.kind, item_id=item.item_id).order_by(
        "created_at", "pk"
    )


def comment_get(*, item: CommentItem, comment_id: int) -> CommentBase | None:
    comment: CommentBase | None = comments_of(item=item).filter(pk=comment_id).first()
    return comment


def mentionable_people(*, item: CommentItem) -> QuerySet[User]:
    """Everyone who may see the item, by a role in the district or the town (D89)."""
    return people_who_can(item.read_action, item.read_target)


def comment_counts(*, district: District, kind: CommentKind, item_ids: Iterable[int]) -> dict[int, int]:
    """Comments (deleted ones too: they stand in the thread) per item of the district, in one query."""
    rows = (
        DistrictComment.objects.filter(district=district, item_kind=kind, item_id__in=list(item_ids))
        .values("item_id")
        .annotate(n=Count("pk"))
    )
    return {row["item_id"]: row["n"] for row in rows}


def role_label(*, user: User, item: CommentItem) -> str:
    """How the author is introduced on the item: the role that lets them see it ("Kreis-Koordination",
    "Digitalisierungsbeauftragte:r, Brakel")."""
    memberships = Membership.objects.filter(user=user).select_related("town", "district")
    labels = []
    for membership in memberships:
        role = Role(membership.role)
        if membership.district_id == item.district.pk:
            labels.append(str(role.label))
        elif (
            membership.town is not None
            and membership.town.district_id == item.district.pk
            and (item.town is None or membership.town_id == item.town.pk)
        ):
            labels.append(_("%(role)s, %(town)s") % {"role": role.label, "town": membership.town.name})
    return "; ".join(labels)


@dataclass(frozen=True)
class Thread:
    """What a page shows of an item's comments."""

    item: CommentItem
    comments: list[CommentBase]
    people: list[User]  # who may be mentioned


def thread_get(*, item: CommentItem) -> Thread:
    return Thread(item=item, comments=list(comments_of(item=item)), people=list(mentionable_people(item=item)))
