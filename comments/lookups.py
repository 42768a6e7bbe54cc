"""The item a URL names, with the access check of the item's own page, for pages and the API alike.

A measure's comments are read in the town's schema: the town is entered only after the check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from django.utils.translation import gettext as _
from kreisagenda.lookups import district_for, town_entered_for
from kreisagenda.permissions import Action

from benchmarking.models import DuplicateFlag
from benchmarking.selectors import flag_get
from comments.items import CommentItem
from comments.models import CommentKind
from roadmap.measures.models import Measure
from roadmap.models import JointProject
from roadmap.selectors import joint_project_get
from tenants.models import District, Town

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def measure_item(town: Town, measure: Measure) -> CommentItem:
    return CommentItem(
        kind=CommentKind.MEASURE, district=town.district, town=town, item_id=measure.pk, title=measure.title
    )


def joint_project_item(project: JointProject) -> CommentItem:
    return CommentItem(
        kind=CommentKind.JOINT_PROJECT, district=project.district, town=None, item_id=project.pk, title=project.title
    )


def flag_item(flag: DuplicateFlag, district: District) -> CommentItem:
    items = flag.evidence.get("items", []) if isinstance(flag.evidence, dict) else []
    named = "; ".join(f"{entry.get('town_name', '')}: {entry.get('title', '')}" for entry in items)
    return CommentItem(
        kind=CommentKind.FLAG,
        district=district,
        town=None,
        item_id=flag.pk,
        title=_("Hinweis auf Doppelstruktur (%(items)s)") % {"items": named} if named else str(CommentKind.FLAG.label),
    )


def comment_item_for(
    user: User | AnonymousUser, kind: CommentKind, district_slug: str, item_id: int, town_slug: str | None = None
) -> CommentItem:
    """The item, if ``user`` may see it (403 otherwise, 404 for what does not exist)."""
    if kind == CommentKind.MEASURE:
        town = town_entered_for(user, district_slug, town_slug or "", Action.VIEW_TOWN)
        measure = Measure.objects.filter(pk=item_id).first()
        if measure is None:
            raise Http404
        return measure_item(town, measure)
    if kind == CommentKind.JOINT_PROJECT:
        district = district_for(user, district_slug, Action.VIEW_DISTRICT)
        project = joint_project_get(district=district, joint_project_id=item_id)
        if project is None:
            raise Http404
        return joint_project_item(project)
    district = district_for(user, district_slug, Action.DECIDE_DUPLICATES)
    flag = flag_get(district=district, flag_id=item_id)
    if flag is None:
        raise Http404
    return flag_item(flag, district)
